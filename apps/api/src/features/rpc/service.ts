import { type JsonRpcBody, JsonRpcResponseBody } from '@stratos/schemas'
import { ApiError } from '../../errors.js'
import { postJsonRpc } from '../../evm/evmRpc.js'

/**
 * What the browser may ask the EVM node through the proxy: reads it needs for balances, fees
 * and receipts, and broadcasting transactions it signed itself. Nothing that makes the node
 * sign, unlock accounts, or change its state (anvil_*, eth_sendTransaction, debug_*, admin_*).
 */
export const ALLOWED_EVM_METHODS: ReadonlySet<string> = new Set([
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByNumber',
  'eth_getCode',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
  'eth_sendRawTransaction',
])

/**
 * Checks every method of a request or batch against the allowlist, forwards it upstream (with
 * `fetchFn`) and returns the node's answer as it is, once it is a JSON-RPC response (else 502
 * RPC_UPSTREAM_ERROR).
 */
export async function proxyEvmRpc(
  rpcUrl: string,
  body: JsonRpcBody,
  fetchFn: typeof fetch = fetch,
): Promise<JsonRpcResponseBody> {
  const requests = Array.isArray(body) ? body : [body]
  // A notification (no id) gets no answer from the node, which left the proxy nothing to return.
  const notification = requests.find((r) => r.id === undefined)
  if (notification) {
    throw new ApiError(
      400,
      'RPC_NOTIFICATION_NOT_SUPPORTED',
      `JSON-RPC request '${notification.method.slice(0, 64)}' has no id: notifications are not forwarded; give every request an id`,
    )
  }
  const refused = requests.find((r) => !ALLOWED_EVM_METHODS.has(r.method))
  if (refused) {
    throw new ApiError(
      400,
      'RPC_METHOD_NOT_ALLOWED',
      `JSON-RPC method '${refused.method.slice(0, 64)}' is not allowed through this proxy`,
    )
  }
  const answer = await postJsonRpc(rpcUrl, body, fetchFn)
  if (!JsonRpcResponseBody.safeParse(answer).success)
    throw new ApiError(502, 'RPC_UPSTREAM_ERROR', 'The EVM node answered something that is not JSON-RPC')
  return answer as JsonRpcResponseBody
}
