import { Vault } from '@stratos/keys'
import { describe, expect, expectTypeOf, test } from 'vitest'
import type { TransactionSigner } from './ChainAdapter.js'

describe('TransactionSigner', () => {
  test('behavior: a @stratos/keys Vault is a signer', () => {
    expectTypeOf<Vault>().toExtend<TransactionSigner>()
    const vault: TransactionSigner = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
    expect(typeof vault.signSolanaMessage).toBe('function')
  })
})
