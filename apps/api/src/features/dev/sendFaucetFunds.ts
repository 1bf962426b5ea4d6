import { ApiError } from '../../errors.js'
import { callJsonRpc } from '../../evm/evmRpc.js'
import { serializePerAccount } from './serializePerAccount.js'

/** 10 ETH in wei. */
export const FAUCET_AMOUNT_WEI = 10n * 10n ** 18n

const RECEIPT_TIMEOUT_MS = 30_000
const RECEIPT_POLL_MS = 100

/**
 * Sends test ETH from the node's first unlocked account (anvil's prefunded dev accounts):
 * `eth_accounts`, then `eth_sendTransaction`, so no key is held on our side. Sends from that
 * account are serialized (the node picks the nonce on receipt); the receipt is awaited outside the queue.
 */
export async function sendFaucetFunds(
  rpcUrl: string,
  to: string,
): Promise<{ txHash: string; amountWei: string }> {
  const [from] = await callJsonRpc<string[]>(rpcUrl, 'eth_accounts', [])
  if (!from)
    throw new ApiError(
      503,
      'FAUCET_UNAVAILABLE',
      'The EVM node has no unlocked account to send test ETH from',
    )
  const txHash = await serializePerAccount(rpcUrl, from, () =>
    callJsonRpc<string>(rpcUrl, 'eth_sendTransaction', [
      { from, to, value: `0x${FAUCET_AMOUNT_WEI.toString(16)}` },
    ]),
  )
  const deadline = Date.now() + RECEIPT_TIMEOUT_MS
  for (;;) {
    const receipt = await callJsonRpc<{ status?: string } | null>(rpcUrl, 'eth_getTransactionReceipt', [
      txHash,
    ])
    if (receipt) {
      if (receipt.status !== '0x1')
        throw new ApiError(502, 'FAUCET_FAILED', `The faucet transaction ${txHash} reverted`)
      return { txHash, amountWei: FAUCET_AMOUNT_WEI.toString() }
    }
    if (Date.now() > deadline) {
      throw new ApiError(502, 'FAUCET_TIMEOUT', `The faucet transaction ${txHash} was not mined within 30 s`)
    }
    await new Promise((resolve) => setTimeout(resolve, RECEIPT_POLL_MS))
  }
}
