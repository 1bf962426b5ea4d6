import { parseEther } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { prepareNativeTransfer } from './prepareNativeTransfer.js'
import { useAnvil } from './useAnvil.js'

const anvil = useAnvil()
const recipient = privateKeyToAccount(`0x${'22'.repeat(32)}`).address

describe('prepareNativeTransfer', () => {
  test('behavior: fills chain id, pending nonce, gas and EIP-1559 fees; fee is gas * maxFeePerGas', async () => {
    const client = anvil.client()
    const value = parseEther('1.5')
    const prepared = await prepareNativeTransfer(client, { from: anvil.funded.address, to: recipient, value })
    const { transaction } = prepared
    expect(transaction).toMatchObject({ chainId: 31337, nonce: 0, to: recipient, value, gas: 21_000n })
    expect(transaction.maxFeePerGas).toBeGreaterThan(0n)
    expect(transaction.maxPriorityFeePerGas).toBeLessThanOrEqual(transaction.maxFeePerGas)
    expect(prepared.fee).toBe(transaction.gas * transaction.maxFeePerGas)
    expect(prepared.total).toBe(value + prepared.fee)
    expect(prepared.balance).toBe(parseEther('10000'))
  })

  test('behavior: the prepared transaction, once signed, is accepted by the node', async () => {
    const client = anvil.client()
    const { transaction } = await prepareNativeTransfer(client, {
      from: anvil.funded.address,
      to: recipient,
      value: 1n,
    })
    const signed = await anvil.funded.signTransaction({ ...transaction, type: 'eip1559' })
    const hash = await client.sendRawTransaction({ serializedTransaction: signed })
    const receipt = await client.waitForTransactionReceipt({ hash })
    expect(receipt.status).toBe('success')
    expect(await client.getBalance({ address: recipient })).toBe(1n)
  })

  test('error: an amount above the balance is INSUFFICIENT_FUNDS', async () => {
    const poor = privateKeyToAccount(`0x${'33'.repeat(32)}`).address
    await expect(
      prepareNativeTransfer(anvil.client(), { from: poor, to: recipient, value: 1n }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
  })

  test('error: the whole balance leaves nothing for the fee, INSUFFICIENT_FUNDS', async () => {
    const client = anvil.client()
    const balance = await client.getBalance({ address: anvil.funded.address })
    await expect(
      prepareNativeTransfer(client, { from: anvil.funded.address, to: recipient, value: balance }),
    ).rejects.toThrow(/network fee/)
  })

  test('error: a bad recipient or a zero amount is refused', async () => {
    const client = anvil.client()
    await expect(
      prepareNativeTransfer(client, { from: anvil.funded.address, to: '0xnope', value: 1n }),
    ).rejects.toMatchObject({ code: 'INVALID_ADDRESS' })
    await expect(
      prepareNativeTransfer(client, { from: anvil.funded.address, to: recipient, value: 0n }),
    ).rejects.toMatchObject({ code: 'INVALID_AMOUNT' })
  })
})
