import { routes } from '@stratos/schemas'
import { callApi } from '../../../lib/api'

/** One JSON-RPC call to an EVM chain: the result, or an `EvmRpcError` with the node's error. */
export type EvmRequest = (method: string, params: readonly unknown[]) => Promise<unknown>

/** A JSON-RPC error answered by the node (EIP-1474 code, message, revert data in `data`). */
export class EvmRpcError extends Error {
  override name = 'EvmRpcError'

  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

let nextId = 1

/** `EvmRequest` of one network through the API's same-origin proxy `POST /api/chains/<networkId>`. */
export function proxyEvmRequest(networkId: string): EvmRequest {
  return async (method, params) => {
    const answer = await callApi(routes.chainRpc, {
      params: { networkId },
      body: { jsonrpc: '2.0', id: nextId++, method, params: [...params] },
    })
    const response = Array.isArray(answer) ? answer[0] : answer
    if (!response) throw new EvmRpcError(-32603, `The node gave no answer to ${method}.`)
    if (response.error)
      throw new EvmRpcError(response.error.code, response.error.message, response.error.data)
    return response.result
  }
}
