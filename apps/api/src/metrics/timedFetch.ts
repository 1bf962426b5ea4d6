import type { ApiMetrics, Upstream } from './apiMetrics.js'

/**
 * Statuses by which an upstream says it did not serve us: server errors, refused credentials
 * (an expired Canton token, a revoked RPC key) and rate limiting. Other 4xx answer the request
 * itself (a command Canton rejects, an unknown contract) and count as answered.
 */
function upstreamFailed(status: number): boolean {
  return status >= 500 || status === 401 || status === 403 || status === 429
}

/**
 * `fetchFn` with each call timed into `metrics` under `upstream`, until the response headers
 * arrive or the call fails. A call that throws (refused, reset, timed out) counts as an error and
 * throws as before; the response is returned untouched.
 */
export function timedFetch(
  metrics: ApiMetrics,
  upstream: Upstream,
  fetchFn: typeof fetch = fetch,
): typeof fetch {
  return async (input, init) => {
    const started = performance.now()
    const seconds = () => (performance.now() - started) / 1000
    let response: Response
    try {
      response = await fetchFn(input, init)
    } catch (error) {
      metrics.observeUpstream(upstream, 'error', seconds())
      throw error
    }
    metrics.observeUpstream(upstream, upstreamFailed(response.status) ? 'error' : 'ok', seconds())
    return response
  }
}
