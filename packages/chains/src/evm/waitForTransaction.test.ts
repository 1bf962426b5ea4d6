import { privateKeyToAccount } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { prepareNativeTransfer } from './prepareNativeTransfer.js'
import { useAnvil } from './useAnvil.js'
import { waitForTransaction } from './waitForTransaction.js'

const anvil = useAnvil()
const recipient = privateKeyToAccount(`0x${'55'.repeat(32)}`).address

describe('waitForTransaction', () => {
  test('behavior: returns the receipt and the fee actually paid', async () => {
    const client = anvil.client()
    const { transaction } = await prepareNativeTransfer(client, {
      from: anvil.funded.address,
      to: recipient,
      value: 7n,
    })
    const hash = await client.sendRawTransaction({
      serializedTransaction: await anvil.funded.signTransaction({ ...transaction, type: 'eip1559' }),
    })
    const { receipt, fee } = await waitForTransaction(client, { hash })
    expect(receipt.transactionHash).toBe(hash)
    expect(receipt.gasUsed).toBe(21_000n)
    expect(fee).toBe(21_000n * receipt.effectiveGasPrice)
  })

  test('error: a reverted transaction is TRANSACTION_REVERTED', async () => {
    const client = anvil.client()
    // Init code that reverts at once (PUSH1 0 PUSH1 0 REVERT): mined, but failed.
    const nonce = await client.getTransactionCount({ address: anvil.funded.address, blockTag: 'pending' })
    const fees = await client.estimateFeesPerGas()
    const hash = await client.sendRawTransaction({
      serializedTransaction: await anvil.funded.signTransaction({
        type: 'eip1559',
        chainId: 31337,
        nonce,
        data: '0x60006000fd',
        gas: 100_000n,
        ...fees,
      }),
    })
    await expect(waitForTransaction(client, { hash })).rejects.toMatchObject({ code: 'TRANSACTION_REVERTED' })
  })

  test('error: a hash that never gets mined times out as RPC_ERROR', async () => {
    await expect(
      waitForTransaction(anvil.client(), { hash: `0x${'ab'.repeat(32)}`, timeoutMs: 500 }),
    ).rejects.toMatchObject({ code: 'RPC_ERROR' })
  })
})
