import { BaseError, createClient, http } from 'viem'
import { ChainsError } from '../ChainsError.js'

export interface CreateEvmRpcParameters {
  /** JSON-RPC URL (the upstream node, or the API's proxy path for it). */
  endpoint: string
  fetch?: typeof fetch | undefined
}

/** What a node said when it refused a request: its JSON-RPC error, when it sent one. */
export interface EvmRpcRefusal {
  /** JSON-RPC error code (`-32601` method not found, `3` execution reverted, ...). */
  code: number
  /** The node's own words. */
  message: string
  /** Revert data of a failed `eth_call` / `eth_estimateGas`, when the node returns it. */
  data?: `0x${string}`
}

/** One JSON-RPC connection; requests made in the same tick go out as one JSON-RPC batch. */
export interface EvmRpc {
  /**
   * Sends one request. A JSON-RPC error from the node rejects with a `ChainsError('RPC_ERROR')`
   * whose `cause` carries it (read it with {@link rpcRefusal}); so does a transport failure.
   */
  request<result>(method: string, params: readonly unknown[], what: string): Promise<result>
}

/**
 * A JSON-RPC client over viem's HTTP transport with batching on: every request started before
 * the event loop turns (`Promise.all` of several) is sent in one HTTP POST, which is how balances
 * of a native coin and many tokens cost one round trip. No retries: a refused broadcast must not
 * be sent again, and a read that failed is better reported than hidden behind a delay.
 */
export function createEvmRpc({ endpoint, fetch: fetchFn }: CreateEvmRpcParameters): EvmRpc {
  const client = createClient({
    transport: http(endpoint, {
      batch: { batchSize: 100, wait: 0 },
      retryCount: 0,
      ...(fetchFn ? { fetchFn } : {}),
    }),
  })
  return {
    async request<result>(method: string, params: readonly unknown[], what: string): Promise<result> {
      try {
        // viem types `request` by its own schema; methods here are checked by evmUpstream instead.
        return (await client.request({ method, params } as never, { dedupe: false })) as result
      } catch (cause) {
        const refusal = rpcRefusalOf(cause)
        throw new ChainsError('RPC_ERROR', `Could not ${what}: the EVM node did not answer as expected.`, {
          details: refusal
            ? `${method}: ${refusal.message} (code ${refusal.code})`
            : `${method}: ${describe(cause)}`,
          cause,
        })
      }
    },
  }
}

/** The node's JSON-RPC error behind a `ChainsError` thrown by {@link EvmRpc.request}, if any. */
export function rpcRefusal(error: unknown): EvmRpcRefusal | undefined {
  return error instanceof ChainsError ? rpcRefusalOf(error.cause) : undefined
}

function rpcRefusalOf(cause: unknown): EvmRpcRefusal | undefined {
  if (!(cause instanceof BaseError)) return undefined
  // viem wraps the node's `{code, message, data}` (RpcRequestError) in a typed RpcError.
  const found = cause.walk(
    (e) => e instanceof BaseError && 'code' in e && typeof (e as { code: unknown }).code === 'number',
  ) as (BaseError & { code: number; data?: unknown }) | null
  if (!found) return undefined
  let data: unknown
  cause.walk((e) => {
    if (data === undefined && e && typeof e === 'object' && 'data' in e)
      data = extractHex((e as { data: unknown }).data)
    return false
  })
  return {
    code: found.code,
    message: found.details || found.shortMessage,
    ...(typeof data === 'string' ? { data: data as `0x${string}` } : {}),
  }
}

/** Revert data is a hex string, or (some nodes) an object holding one under `data`. */
function extractHex(value: unknown): string | undefined {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)) return value
  if (value && typeof value === 'object' && 'data' in value)
    return extractHex((value as { data: unknown }).data)
  return undefined
}

function describe(cause: unknown): string {
  if (cause instanceof BaseError) return cause.shortMessage
  return cause instanceof Error ? cause.message : String(cause)
}
