import { parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { broadcastTransaction } from './broadcastTransaction.js'
import { prepareNativeTransfer } from './prepareNativeTransfer.js'
import { useAnvil } from './useAnvil.js'
import { waitForTransaction } from './waitForTransaction.js'

const anvil = useAnvil()
const recipient = privateKeyToAccount(`0x${'44'.repeat(32)}`).address

describe('broadcastTransaction', () => {
  test('behavior: a signed transfer is sent, mined, and moves exactly amount + fee', async () => {
    const client = anvil.client()
    const from = anvil.funded.address
    const before = await client.getBalance({ address: from })
    const { transaction, fee } = await prepareNativeTransfer(client, {
      from,
      to: recipient,
      value: parseEther('0.5'),
    })
    const serializedTransaction = await anvil.funded.signTransaction({ ...transaction, type: 'eip1559' })

    const hash = await broadcastTransaction(client, { serializedTransaction })
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    const mined = await waitForTransaction(client, { hash, timeoutMs: 10_000 })

    expect(mined.receipt.status).toBe('success')
    expect(mined.fee).toBe(mined.receipt.gasUsed * mined.receipt.effectiveGasPrice)
    expect(mined.fee).toBeLessThanOrEqual(fee)
    expect(await client.getBalance({ address: recipient })).toBe(parseEther('0.5'))
    expect(await client.getBalance({ address: from })).toBe(before - parseEther('0.5') - mined.fee)
  })

  test('error: replaying the same signed transaction is refused (nonce already used)', async () => {
    const client = anvil.client()
    const { transaction } = await prepareNativeTransfer(client, {
      from: anvil.funded.address,
      to: recipient,
      value: 1n,
    })
    const serializedTransaction = await anvil.funded.signTransaction({ ...transaction, type: 'eip1559' })
    await waitForTransaction(client, { hash: await broadcastTransaction(client, { serializedTransaction }) })
    await expect(broadcastTransaction(client, { serializedTransaction })).rejects.toMatchObject({
      code: 'RPC_ERROR',
    })
  })

  test('error: a transaction signed for another chain id is refused', async () => {
    const client = anvil.client()
    const { transaction } = await prepareNativeTransfer(client, {
      from: anvil.funded.address,
      to: recipient,
      value: 1n,
    })
    const serializedTransaction = await anvil.funded.signTransaction({
      ...transaction,
      chainId: 1,
      type: 'eip1559',
    })
    await expect(broadcastTransaction(client, { serializedTransaction })).rejects.toMatchObject({
      name: 'ChainsError',
    })
  })
})
