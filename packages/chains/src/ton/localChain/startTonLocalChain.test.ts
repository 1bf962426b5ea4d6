import { Vault } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import type { TokenRef } from '../../ChainAdapter.js'
import { createTonAdapter } from '../createTonAdapter.js'
import { startTonLocalChain } from './startTonLocalChain.js'

const someone = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`).addresses({ tonNetwork: 'testnet' }).ton

describe('startTonLocalChain', () => {
  test('behavior: several tokens asked are each a jetton of their own, funded apart from the others', async () => {
    const chain = await startTonLocalChain({
      tokens: [
        { symbol: 'USDT', decimals: 6 },
        { name: 'Notcoin (local)', symbol: 'NOT', decimals: 9 },
      ],
    })
    try {
      const [usdt, not] = chain.tokens as [TokenRef, TokenRef]
      expect(chain.tokens.map(({ symbol, decimals }) => ({ symbol, decimals }))).toEqual([
        { symbol: 'USDT', decimals: 6 },
        { symbol: 'NOT', decimals: 9 },
      ])
      expect(usdt.address).not.toBe(not.address)
      const adapter = createTonAdapter({ endpoint: chain.endpoint, network: 'testnet' })
      expect(await adapter.getToken(not.address)).toMatchObject({ symbol: 'NOT', decimals: 9 })
      await chain.fund(someone, 5n, usdt.address)
      await chain.fund(someone, 8n * 10n ** 9n, not.address)
      expect(await adapter.getBalances(someone, chain.tokens)).toEqual({
        native: 0n,
        tokens: [
          { token: usdt.address, amount: 5n },
          { token: not.address, amount: 8n * 10n ** 9n },
        ],
      })
      await expect(chain.fund(someone, 1n, someone)).rejects.toThrow(/not a jetton of this chain/)
    } finally {
      await chain.stop()
    }
  }, 60_000)
})
