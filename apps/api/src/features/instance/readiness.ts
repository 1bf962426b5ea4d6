import { isD1, schemaStatus } from '@stratos/db/portable'
import type { ReadinessResponse } from '@stratos/schemas'
import { sql } from 'kysely'
import { probeParticipant } from '../../canton/probeParticipant.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'

type Checks = ReadinessResponse['checks']

/**
 * `/readyz`: whether this process should get traffic. The database must answer and have every
 * migration this code knows (a newer schema is served: migrations only add, so the replicas of the
 * previous version keep serving while a rolling upgrade replaces them); Canton, when configured,
 * must answer with valid credentials; and the server must not be shutting down. Each answer also
 * sets the `stratos_api_ready` gauge.
 */
export function createReadiness(
  deps: Pick<AppDeps, 'db' | 'logger' | 'cantonConnection' | 'isDraining' | 'metrics'>,
) {
  // Migrations never go away from a running database (restore refuses a running instance): once
  // every migration is there, the check need not run again.
  let schemaCurrent = false

  async function check(requestId: string): Promise<{ checks: Checks; failures: string[] }> {
    const failures: string[] = []
    const checks: Checks = { database: 'failed', schema: 'failed', canton: 'not configured' }
    try {
      await sql`select 1`.execute(deps.db)
      checks.database = 'ok'
      if (!schemaCurrent) {
        const status = await schemaStatus(deps.db)
        schemaCurrent = status.pending.length === 0
        if (!schemaCurrent)
          failures.push(
            `schema: ${status.pending.length} migration(s) not applied (run ${isD1(deps.db) ? '`wrangler d1 migrations apply DB`' : '`stratos migrate`'})`,
          )
      }
      if (schemaCurrent) checks.schema = 'ok'
    } catch (error) {
      deps.logger.warn({ requestId, err: error }, 'readiness: the database did not answer')
      failures.push('database: did not answer')
    }
    // Canton's connection may come from the database: asked only once the database is usable.
    const { ledger } =
      failures.length > 0
        ? { ledger: null }
        : await deps.cantonConnection.current().catch(() => ({ ledger: undefined }))
    if (ledger === undefined) failures.push('canton: the connection setting could not be read')
    if (ledger) {
      const probe = await probeParticipant(ledger)
      checks.canton = probe.reachable ? 'ok' : 'failed'
      if (!probe.reachable) failures.push(`canton: ${probe.error ?? 'did not answer'}`)
    }
    if (deps.isDraining()) failures.push('shutting down')
    return { checks, failures }
  }

  return async (requestId: string): Promise<ReadinessResponse> => {
    const { checks, failures } = await check(requestId)
    deps.metrics?.setReady(failures.length === 0)
    if (failures.length > 0) throw new ApiError(503, 'NOT_READY', `Not ready: ${failures.join('; ')}`)
    return { status: 'ready', checks }
  }
}
