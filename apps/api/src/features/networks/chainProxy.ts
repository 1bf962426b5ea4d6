import type { UpstreamAllowlist } from '@stratos/chains'
import { type JsonRpcBody, JsonRpcResponseBody } from '@stratos/schemas'
import { keyedFetch } from '../../chains/chainFamilies.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { type StoredNetwork, selectNetwork } from '../../networks/networkQueries.js'
import { type NetworkSecrets, openNetworkSecrets } from '../../networks/networkSecrets.js'

const UPSTREAM_TIMEOUT_MS = 15_000
/** The largest answer passed on to the browser (a page of history, a block of UTXOs). */
const MAX_UPSTREAM_BYTES = 4 * 1024 * 1024
/** Statuses by which the upstream says it did not serve us, not that the request was wrong. */
const UPSTREAM_REFUSALS = new Set([401, 403, 407, 429])

type Deps = Pick<AppDeps, 'db' | 'config' | 'upstreamAllowlist'>

/** An enabled network and its secrets; 404 NETWORK_NOT_FOUND otherwise. */
async function enabledNetwork(deps: Deps, networkId: string) {
  const network = await selectNetwork(deps.db, networkId)
  if (!network?.enabled)
    throw new ApiError(404, 'NETWORK_NOT_FOUND', `No enabled network has the id ${networkId}`)
  const secrets = await openNetworkSecrets(deps.config.instanceKey, network.id, network.sealedSecrets)
  return { network, secrets, allowlist: deps.upstreamAllowlist(network.family) }
}

function upstreamError(network: StoredNetwork, what: string, cause?: unknown): ApiError {
  // Never the upstream's URL: it may carry a provider key.
  return new ApiError(502, 'CHAIN_UPSTREAM_ERROR', `The ${network.name} endpoint ${what}`, { cause })
}

async function callUpstream(
  network: StoredNetwork,
  secrets: NetworkSecrets,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return await keyedFetch(fetch, secrets.apiKey)(url, {
      ...init,
      redirect: 'manual',
      signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS),
    })
  } catch (error) {
    throw upstreamError(network, 'did not answer', error)
  }
}

async function readLimited(network: StoredNetwork, response: Response): Promise<Uint8Array<ArrayBuffer>> {
  const length = Number(response.headers.get('content-length') ?? 0)
  if (length > MAX_UPSTREAM_BYTES) throw upstreamError(network, 'answered more than 4 MiB')
  let bytes: Uint8Array<ArrayBuffer>
  try {
    bytes = new Uint8Array(await response.arrayBuffer())
  } catch (error) {
    throw upstreamError(network, 'broke off its answer', error)
  }
  if (bytes.byteLength > MAX_UPSTREAM_BYTES) throw upstreamError(network, 'answered more than 4 MiB')
  return bytes
}

/**
 * POST /api/chains/:networkId: a JSON-RPC request or batch whose every method is in the family's
 * allowlist (else 400 naming the first that is not) goes to the network's endpoint with its API
 * key; the endpoint's JSON-RPC answer comes back as it is (JSON-RPC errors included).
 */
export async function proxyJsonRpc(
  deps: Deps,
  networkId: string,
  body: JsonRpcBody,
): Promise<JsonRpcResponseBody> {
  const { network, secrets, allowlist } = await enabledNetwork(deps, networkId)
  if (allowlist.kind !== 'json-rpc')
    throw new ApiError(
      400,
      'NETWORK_NOT_JSON_RPC',
      `${network.name} is reached over HTTP: call /api/chains/${network.id}/<path> with its API's paths`,
    )
  const requests = Array.isArray(body) ? body : [body]
  const notification = requests.find((r) => r.id === undefined)
  if (notification)
    throw new ApiError(
      400,
      'RPC_NOTIFICATION_NOT_SUPPORTED',
      `JSON-RPC request '${notification.method.slice(0, 64)}' has no id: notifications are not forwarded; give every request an id`,
    )
  const allowed = new Set(allowlist.methods)
  const refused = requests.find((r) => !allowed.has(r.method))
  if (refused)
    throw new ApiError(
      400,
      'RPC_METHOD_NOT_ALLOWED',
      `JSON-RPC method '${refused.method.slice(0, 64)}' is not allowed through the ${network.family} proxy`,
    )
  const response = await callUpstream(network, secrets, secrets.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  })
  const bytes = await readLimited(network, response)
  let answer: unknown
  try {
    answer = JSON.parse(new TextDecoder().decode(bytes))
  } catch (error) {
    throw upstreamError(network, `answered HTTP ${response.status} without JSON`, error)
  }
  if (!JsonRpcResponseBody.safeParse(answer).success)
    throw upstreamError(network, `answered HTTP ${response.status} with something that is not JSON-RPC`)
  return answer as JsonRpcResponseBody
}

/** Whether `regex` matches all of `path` (an allowlist's pattern, anchored or not, never matches a part). */
function matchesWhole(regex: RegExp, path: string): boolean {
  const flags = regex.flags.replace(/[gy]/g, '')
  const match = new RegExp(regex.source, flags).exec(path)
  return match !== null && match.index === 0 && match[0].length === path.length
}

/**
 * The upstream path of a proxied request (everything after `/api/chains/<id>`, still encoded),
 * refused when it could leave the endpoint's base: dot segments, encoded slashes or dots, backslashes.
 */
function upstreamPath(requestUrl: string, networkId: string): string {
  const { pathname } = new URL(requestUrl)
  const prefix = `/api/chains/${networkId}`
  const path = pathname.slice(prefix.length)
  const unsafe =
    !path.startsWith('/') ||
    /%2f|%5c|%2e|\\/i.test(path) ||
    path.split('/').some((segment) => segment === '.' || segment === '..')
  if (unsafe)
    throw new ApiError(
      400,
      'UPSTREAM_PATH_NOT_ALLOWED',
      `The path ${path.slice(0, 200)} is not allowed through the proxy`,
    )
  return path
}

function allowedRoute(allowlist: UpstreamAllowlist, method: 'GET' | 'POST', path: string): boolean {
  return (
    allowlist.kind === 'http' &&
    allowlist.routes.some((route) => route.method === method && matchesWhole(route.path, path))
  )
}

/** The media types a proxied POST body may have: what the HTTP chain APIs take. */
const BODY_TYPES = /^(application\/json|text\/plain)\s*(;|$)/i

/**
 * GET or POST /api/chains/:networkId/<path>: when the family's allowlist has the method and path,
 * the request (query string, and a POST's JSON or text body) goes to `${endpoint}<path>` with the
 * network's API key; the upstream's answer comes back with its status and media type, unless it
 * is a server error or a refusal of ours (401, 403, 407, 429), which are 502.
 */
export async function proxyHttp(deps: Deps, networkId: string, request: Request): Promise<Response> {
  const { network, secrets, allowlist } = await enabledNetwork(deps, networkId)
  if (allowlist.kind !== 'http')
    throw new ApiError(
      400,
      'NETWORK_NOT_HTTP',
      `${network.name} is reached over JSON-RPC: POST the request to /api/chains/${network.id}`,
    )
  const method = request.method === 'POST' ? 'POST' : 'GET'
  const path = upstreamPath(request.url, network.id)
  if (!allowedRoute(allowlist, method, path))
    throw new ApiError(
      400,
      'UPSTREAM_PATH_NOT_ALLOWED',
      `${method} ${path.slice(0, 200)} is not allowed through the ${network.family} proxy`,
    )
  const init: RequestInit = { method, headers: { accept: 'application/json, text/plain' } }
  if (method === 'POST') {
    const type = request.headers.get('content-type') ?? ''
    if (!BODY_TYPES.test(type))
      throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json or text/plain')
    init.headers = { ...init.headers, 'content-type': type }
    init.body = await request.arrayBuffer()
  }
  const { search } = new URL(request.url)
  const base = secrets.endpoint.replace(/\/+$/, '')
  const response = await callUpstream(network, secrets, `${base}${path}${search}`, init)
  if (
    response.status >= 500 ||
    UPSTREAM_REFUSALS.has(response.status) ||
    (response.status >= 300 && response.status < 400)
  )
    throw upstreamError(network, `answered HTTP ${response.status}`)
  const bytes = await readLimited(network, response)
  const type = response.headers.get('content-type') ?? ''
  return new Response(bytes, {
    status: response.status,
    headers: {
      'content-type': /json/i.test(type) ? 'application/json' : 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
    },
  })
}
