import { Cell } from '@ton/core'
import { describe, expect, test } from 'vitest'
import {
  JETTON_MINTER_CODE,
  JETTON_MINTER_CODE_HASH,
  JETTON_WALLET_CODE,
  JETTON_WALLET_CODE_HASH,
} from './jettonCode.js'

describe('jettonCode', () => {
  test('behavior: the copied minter and wallet code have the code hashes the header cites', () => {
    expect(Cell.fromBase64(JETTON_MINTER_CODE).hash().toString('hex')).toBe(JETTON_MINTER_CODE_HASH)
    expect(Cell.fromBase64(JETTON_WALLET_CODE).hash().toString('hex')).toBe(JETTON_WALLET_CODE_HASH)
  })
})
