import { createSolanaRpcFromTransport, type Rpc, type RpcTransport, type SolanaRpcApi } from '@solana/kit'
import { parseJsonWithBigInts, stringifyJsonWithBigInts } from '@solana/rpc-spec-types'
import { ChainsError } from '../ChainsError.js'

export interface SolanaRpcParameters {
  /** JSON-RPC URL. */
  endpoint: string
  /** The `fetch` every request goes through (the API's proxy in a browser); global `fetch` when absent. */
  fetch?: typeof fetch | undefined
}

/**
 * Kit's typed Solana RPC over an injected `fetch`. Kit's own HTTP transport always uses the global
 * `fetch`; this one is the same wire format (u64 values parsed as bigint, so no lamport amount is
 * ever rounded through a float) through the caller's. A network failure or a non-2xx answer is
 * `RPC_ERROR`; a JSON-RPC error answer is thrown by kit as a `SolanaError` the callers map.
 */
export function solanaRpc({ endpoint, fetch: fetchFn }: SolanaRpcParameters): Rpc<SolanaRpcApi> {
  const doFetch = fetchFn ?? globalThis.fetch.bind(globalThis)
  const transport: RpcTransport = async <TResponse>({
    payload,
    signal,
  }: Parameters<RpcTransport>[0]): Promise<TResponse> => {
    let response: Response
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
        body: stringifyJsonWithBigInts(payload),
        ...(signal ? { signal } : {}),
      })
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The Solana node did not answer. Try again in a moment.', {
        details: `${methodOf(payload)}: ${String(cause)}`,
        cause,
      })
    }
    if (!response.ok)
      throw new ChainsError('RPC_ERROR', 'The Solana node refused the request. Try again in a moment.', {
        details: `${methodOf(payload)}: HTTP ${response.status}`,
      })
    return parseJsonWithBigInts(await response.text()) as TResponse
  }
  return createSolanaRpcFromTransport(transport) as unknown as Rpc<SolanaRpcApi>
}

function methodOf(payload: unknown): string {
  return typeof payload === 'object' && payload !== null && 'method' in payload
    ? String(payload.method)
    : 'request'
}
