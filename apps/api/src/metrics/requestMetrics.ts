import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import type { AppEnv } from '../context.js'
import type { ApiMetrics } from './apiMetrics.js'

/** The `route` label of a request no route serves (404s, probes of random paths). */
export const UNMATCHED_ROUTE = 'unmatched'

/**
 * Counts and times every request under its route template, so the label set stays as small as the
 * route table whatever paths clients send. Runs outside the error handler: errors are counted
 * with the status they were answered with.
 */
export function requestMetrics(metrics: ApiMetrics) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const started = performance.now()
    await next()
    metrics.observeRequest({
      method: c.req.method,
      route: routeTemplate(c),
      status: c.res.status,
      seconds: (performance.now() - started) / 1000,
    })
  })
}

/**
 * The template of the route serving this request. Middleware (`app.use`) matches every path under
 * it with method ALL; a route is registered for its own method. The first route matched is the one
 * that answers, also when a middleware refused the request before it ran.
 */
function routeTemplate(c: Context<AppEnv>): string {
  return matchedRoutes(c).find((route) => route.method !== 'ALL')?.path ?? UNMATCHED_ROUTE
}
