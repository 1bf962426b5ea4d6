import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import type { CantonConnection, CurrentCanton } from './cantonConnection.js'
import type { CantonLedger } from './cantonLedger.js'

/**
 * Gives each request its own view of the connection (`c.var.canton`): resolved on first use within
 * the request, at most once, and never shared with another request (an admin may change the
 * connection between two requests; one request sees one connection throughout).
 */
export function cantonPerRequest(connection: CantonConnection) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let resolved: Promise<CurrentCanton> | undefined
    c.set('canton', () => {
      resolved ??= connection.current()
      return resolved
    })
    await next()
  })
}

/** The participant of this request's connection, or 503 CANTON_NOT_CONFIGURED. */
export async function requireLedger(c: Context<AppEnv>): Promise<CantonLedger> {
  const { ledger } = await c.var.canton()
  if (!ledger)
    throw new ApiError(
      503,
      'CANTON_NOT_CONFIGURED',
      'This instance has no Canton participant configured (an admin sets one under Admin > Canton connection)',
    )
  return ledger
}
