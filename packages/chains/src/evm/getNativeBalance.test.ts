import { parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { ChainsError } from '../ChainsError.js'
import { getNativeBalance } from './getNativeBalance.js'
import { useAnvil } from './useAnvil.js'

const anvil = useAnvil()

describe('getNativeBalance', () => {
  test('behavior: reads the prefunded anvil account (10 000 ETH)', async () => {
    const balance = await getNativeBalance(anvil.client(), { address: anvil.funded.address })
    expect(balance).toBe(parseEther('10000'))
  })

  test('behavior: a fresh address has zero', async () => {
    const empty = privateKeyToAccount(`0x${'11'.repeat(32)}`).address
    expect(await getNativeBalance(anvil.client(), { address: empty })).toBe(0n)
  })

  test('error: an invalid address is refused before any RPC call', async () => {
    await expect(getNativeBalance(anvil.client(), { address: '0x1234' })).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
    })
    await expect(getNativeBalance(anvil.client(), { address: '0x1234' })).rejects.toBeInstanceOf(ChainsError)
  })
})
