import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'

/**
 * The origins of the enabled dock apps, in the dock's order: what the wallet page may frame
 * (`frame-src` of its HTML documents, `http/securityHeaders.ts`). Read per request, so a change an
 * admin makes applies on the next page load on every replica.
 */
export async function enabledDockOrigins(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('dock_apps')
    .select('origin')
    .where('enabled', '=', 1)
    .orderBy('position')
    .orderBy('id')
    .execute()
  return rows.map((row) => row.origin)
}
