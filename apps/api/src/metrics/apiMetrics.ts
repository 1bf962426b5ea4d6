import type { QueryEvent } from '@stratos/db/portable'
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'

/** How a passkey ceremony's verification ended. */
export type CeremonyOutcome =
  /** Verified: the user is signed in (or registered). */
  | 'success'
  /** Refused: expired or reused challenge, unknown passkey, bad signature, used counter… (4xx). */
  | 'failure'
  /** Our side failed while verifying (5xx: database down, bug). */
  | 'error'

/** A service the API calls over HTTP. */
export type Upstream = 'canton' | 'evm'

/** `error`: no answer (refused, reset, timed out), or an answer saying the upstream did not serve us. */
export type UpstreamOutcome = 'ok' | 'error'

/** One HTTP request the app answered. */
export interface RequestObservation {
  method: string
  /** The route template (`/api/canton/transfers/:id`), or `unmatched`. */
  route: string
  status: number
  seconds: number
}

export interface ApiMetrics {
  /** These metrics only; never prom-client's global registry. */
  readonly registry: Registry
  observeRequest(request: RequestObservation): void
  /** One database statement: pass as `createDatabase(config, { onQuery: metrics.observeQuery })`. */
  observeQuery(query: QueryEvent): void
  countLogin(outcome: CeremonyOutcome): void
  countRegistration(outcome: CeremonyOutcome): void
  observeUpstream(upstream: Upstream, outcome: UpstreamOutcome, seconds: number): void
  /**
   * Where `stratos_api_sessions_active` is read on each scrape (createApp sets it to a count of the
   * sessions table). A failing read reports NaN rather than a stale number.
   */
  countSessionsWith(count: () => Promise<number>): void
  /** `stratos_api_ready`: 1 while the instance should get traffic (what /readyz says), else 0. */
  setReady(ready: boolean): void
}

/** Request methods kept as labels; anything else a client sends is `other`. */
const METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** Seconds; a database statement should take milliseconds. */
const DB_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]
/** Seconds; the EVM proxy gives up after 15 s. */
const UPSTREAM_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15]
/** Seconds; prom-client's defaults with 0.0025 and 30 s added. */
const HTTP_BUCKETS = [0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

/**
 * The API's Prometheus metrics, on a registry of their own (two apps in one process never share a
 * counter). Names (dashboards and alert rules use them; `deploy/api-monitoring.test.ts` checks):
 *
 * - `stratos_api_http_requests_total{method,route,status}` and
 *   `stratos_api_http_request_duration_seconds{method,route,status}`: `route` is the template.
 * - `stratos_api_db_query_duration_seconds{kind,outcome}`: kind select|insert|update|delete|other.
 * - `stratos_api_auth_logins_total{outcome}`, `stratos_api_auth_registrations_total{outcome}`:
 *   outcome success|failure|error.
 * - `stratos_api_sessions_active`: sessions neither revoked nor expired, read on scrape.
 * - `stratos_api_upstream_request_duration_seconds{upstream,outcome}` and
 *   `stratos_api_upstream_errors_total{upstream}`: upstream canton|evm.
 * - `stratos_api_ready`: set from outside (`setReady`).
 * - prom-client's default process and Node.js metrics, unprefixed (`process_cpu_seconds_total`…).
 */
export function createApiMetrics(): ApiMetrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const registers = [registry]

  const requests = new Counter({
    name: 'stratos_api_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  })
  const requestDuration = new Histogram({
    name: 'stratos_api_http_request_duration_seconds',
    help: 'Time from receiving an HTTP request to its answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  })
  const queryDuration = new Histogram({
    name: 'stratos_api_db_query_duration_seconds',
    help: 'Database statement time, by kind (select|insert|update|delete|other) and outcome (ok|error)',
    labelNames: ['kind', 'outcome'] as const,
    buckets: DB_BUCKETS,
    registers,
  })
  const logins = new Counter({
    name: 'stratos_api_auth_logins_total',
    help: 'Passkey sign-in verifications, by outcome (success|failure|error)',
    labelNames: ['outcome'] as const,
    registers,
  })
  const registrations = new Counter({
    name: 'stratos_api_auth_registrations_total',
    help: 'Passkey account registrations, by outcome (success|failure|error)',
    labelNames: ['outcome'] as const,
    registers,
  })
  let sessionCount: (() => Promise<number>) | undefined
  new Gauge({
    name: 'stratos_api_sessions_active',
    help: 'Sessions neither revoked nor expired (read from the database on scrape; NaN when that fails)',
    registers,
    async collect() {
      if (!sessionCount) return
      try {
        this.set(await sessionCount())
      } catch {
        this.set(Number.NaN)
      }
    },
  })
  const upstreamDuration = new Histogram({
    name: 'stratos_api_upstream_request_duration_seconds',
    help: 'Time until an upstream (canton|evm) answered or failed, by outcome (ok|error)',
    labelNames: ['upstream', 'outcome'] as const,
    buckets: UPSTREAM_BUCKETS,
    registers,
  })
  const upstreamErrors = new Counter({
    name: 'stratos_api_upstream_errors_total',
    help: 'Upstream calls that got no answer or an answer saying the upstream did not serve us',
    labelNames: ['upstream'] as const,
    registers,
  })
  const ready = new Gauge({
    name: 'stratos_api_ready',
    help: '1 while this instance is ready for traffic (what /readyz answers), else 0',
    registers,
  })

  // Series that alert ratios divide by exist from the start, at 0, so rate() sees the first event.
  for (const outcome of ['success', 'failure', 'error'] as const) {
    logins.inc({ outcome }, 0)
    registrations.inc({ outcome }, 0)
  }
  for (const upstream of ['canton', 'evm'] as const) upstreamErrors.inc({ upstream }, 0)
  ready.set(0)

  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      const labels = { method: METHODS.has(method) ? method : 'other', route, status: String(status) }
      requests.inc(labels)
      requestDuration.observe(labels, seconds)
    },
    observeQuery({ kind, outcome, durationMs }) {
      queryDuration.observe({ kind, outcome }, durationMs / 1000)
    },
    countLogin: (outcome) => logins.inc({ outcome }),
    countRegistration: (outcome) => registrations.inc({ outcome }),
    observeUpstream(upstream, outcome, seconds) {
      upstreamDuration.observe({ upstream, outcome }, seconds)
      if (outcome === 'error') upstreamErrors.inc({ upstream })
    },
    countSessionsWith(count) {
      sessionCount = count
    },
    setReady: (isReady) => ready.set(isReady ? 1 : 0),
  }
}
