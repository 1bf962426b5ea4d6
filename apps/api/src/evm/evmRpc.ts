import { ApiError } from '../errors.js'

const UPSTREAM_TIMEOUT_MS = 15_000

/**
 * POSTs a JSON-RPC payload to the upstream node and returns its JSON answer as is (JSON-RPC
 * errors travel in the body). An unreachable node or a non-JSON answer is 502 RPC_UPSTREAM_ERROR;
 * the upstream URL is never echoed, since it may carry an API key. `fetchFn` is the app's timed
 * fetch for the EVM node (`AppDeps.evmFetch`).
 */
export async function postJsonRpc(
  rpcUrl: string,
  payload: unknown,
  fetchFn: typeof fetch = fetch,
): Promise<unknown> {
  let response: Response
  try {
    response = await fetchFn(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    })
  } catch (error) {
    throw new ApiError(502, 'RPC_UPSTREAM_ERROR', 'The EVM node did not answer', { cause: error })
  }
  try {
    return await response.json()
  } catch (error) {
    throw new ApiError(
      502,
      'RPC_UPSTREAM_ERROR',
      `The EVM node answered HTTP ${response.status} without JSON`,
      {
        cause: error,
      },
    )
  }
}

/** Calls one method and returns its `result`; a JSON-RPC error becomes 502 RPC_UPSTREAM_ERROR. */
export async function callJsonRpc<T>(rpcUrl: string, method: string, params: unknown[]): Promise<T> {
  const answer = (await postJsonRpc(rpcUrl, { jsonrpc: '2.0', id: 1, method, params })) as {
    result?: T
    error?: { code?: number; message?: string }
  }
  if (answer.error || !('result' in answer)) {
    throw new ApiError(
      502,
      'RPC_UPSTREAM_ERROR',
      `The EVM node refused ${method}: ${answer.error?.message ?? 'no result'}`,
    )
  }
  return answer.result as T
}
