import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenRef } from '../../ChainAdapter.js'
import { createEvmAdapter } from '../createEvmAdapter.js'
import { type EvmLocalChain, startEvmLocalChain } from './startEvmLocalChain.js'

const someone = '0x00000000000000000000000000000000000b0b00'

let chain: EvmLocalChain
beforeAll(async () => {
  chain = await startEvmLocalChain({ chainId: 31338 })
}, 30_000)
afterAll(async () => {
  await chain?.stop()
})

describe('startEvmLocalChain', () => {
  test('behavior: an anvil with the chain id asked and the ERC-20 deployed', async () => {
    const adapter = createEvmAdapter({ endpoint: chain.endpoint, chainId: 31338 })
    expect(chain).toMatchObject({ family: 'evm', networkId: '31338' })
    expect(chain.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect((await adapter.identify()).id).toBe('31338')
    const [token] = chain.tokens
    // The faucet's first transaction: the same address on every fresh chain (README).
    expect(token).toEqual({
      address: '0x700b6A60ce7EaaEA56F065753d8dcB9653dbAD35',
      symbol: 'tUSDC',
      decimals: 6,
    })
    expect(await adapter.getToken((token as TokenRef).address)).toMatchObject({
      symbol: 'tUSDC',
      decimals: 6,
    })
  })

  test('behavior: fund sends ETH, or mints the token, confirmed when it returns', async () => {
    const adapter = createEvmAdapter({ endpoint: chain.endpoint, chainId: 31338 })
    const token = chain.tokens[0] as TokenRef
    const eth = await chain.fund(someone, 123n)
    const usdc = await chain.fund(someone, 456n, token.address.toLowerCase())
    expect(await adapter.getTransactionStatus(eth.txId)).toEqual({ state: 'confirmed' })
    expect(await adapter.getTransactionStatus(usdc.txId)).toEqual({ state: 'confirmed' })
    expect(await adapter.getBalances(someone, [token])).toEqual({
      native: 123n,
      tokens: [{ token: token.address, amount: 456n }],
    })
  })

  test('behavior: several tokens asked are each deployed, and funded apart from the others', async () => {
    const several = await startEvmLocalChain({
      chainId: 31339,
      tokens: [
        { name: 'Test USD Coin', symbol: 'tUSDC', decimals: 6 },
        { symbol: 'tDAI', decimals: 18 },
      ],
    })
    try {
      const adapter = createEvmAdapter({ endpoint: several.endpoint, chainId: 31339 })
      const [usdc, dai] = several.tokens as [TokenRef, TokenRef]
      expect(several.tokens.map(({ symbol, decimals }) => ({ symbol, decimals }))).toEqual([
        { symbol: 'tUSDC', decimals: 6 },
        { symbol: 'tDAI', decimals: 18 },
      ])
      expect(usdc.address).not.toBe(dai.address)
      expect(await adapter.getToken(dai.address)).toMatchObject({ symbol: 'tDAI', decimals: 18 })
      await several.fund(someone, 5n, usdc.address)
      await several.fund(someone, 7n * 10n ** 18n, dai.address)
      expect(await adapter.getBalances(someone, several.tokens)).toEqual({
        native: 0n,
        tokens: [
          { token: usdc.address, amount: 5n },
          { token: dai.address, amount: 7n * 10n ** 18n },
        ],
      })
    } finally {
      await several.stop()
    }
  }, 30_000)

  test('error: two tokens with one symbol are refused before anything starts', async () => {
    await expect(
      startEvmLocalChain({
        tokens: [
          { symbol: 'tUSDC', decimals: 6 },
          { symbol: 'TUSDC', decimals: 18 },
        ],
      }),
    ).rejects.toThrow(/two tokens are called TUSDC/)
  })

  test('behavior: the faucet tops itself up past its 10 000 ETH', async () => {
    await chain.fund(someone, 20_000n * 10n ** 18n)
    const adapter = createEvmAdapter({ endpoint: chain.endpoint, chainId: 31338 })
    expect((await adapter.getBalances(someone, [])).native).toBe(20_000n * 10n ** 18n + 123n)
  })

  test('error: fund refuses another token, a bad address, a zero amount', async () => {
    await expect(chain.fund(someone, 1n, someone)).rejects.toThrow(/not a token of this chain/)
    await expect(chain.fund('0x12', 1n)).rejects.toThrow(/not an EVM address/)
    await expect(chain.fund(someone, 0n)).rejects.toThrow(/more than zero/)
  })

  test('behavior: restarted on its state file, the chain keeps the token at the same address', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stratos-evm-local-'))
    try {
      const statePath = join(dir, 'state.json')
      const first = await startEvmLocalChain({ statePath })
      const token = first.tokens[0] as TokenRef
      await first.fund(someone, 9n, token.address)
      await first.stop()
      const again = await startEvmLocalChain({ statePath })
      try {
        expect(again.tokens).toEqual(first.tokens)
        const adapter = createEvmAdapter({ endpoint: again.endpoint, chainId: 31337 })
        expect((await adapter.getBalances(someone, [token])).tokens[0]?.amount).toBe(9n)
      } finally {
        await again.stop()
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
