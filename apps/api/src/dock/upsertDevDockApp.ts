import type { Database } from '@stratos/db/portable'
import type { DockPermission } from '@stratos/schemas'
import type { Kysely } from 'kysely'

/** A dock app of the dev stack (the sample app `stratos dev` serves). */
export interface DevDockApp {
  /** Stable across runs: the row it names is updated, not added again. */
  id: string
  name: string
  /** Where the app listens this run (http on loopback): its port may change with every start. */
  url: string
  icon?: string | null
  networks: string[]
  permissions: DockPermission[]
}

/**
 * `stratos dev`: the sample dock app in the instance's dock. Seen before (by `id`), it keeps what an
 * admin changed (name, networks, permissions, order, enabled) and gets this run's URL; when that
 * moves it to another origin, users' grants to the old origin go, as an admin's change of origin
 * does. New, it is added at the end of the dock, enabled. An app of another id already on the
 * origin is left alone and this one is not added (one app per origin).
 */
export async function upsertDevDockApp(db: Kysely<Database>, app: DevDockApp, now: Date): Promise<void> {
  const at = now.toISOString()
  const origin = new URL(app.url).origin
  await db.transaction().execute(async (trx) => {
    const [existing, onOrigin, last] = await Promise.all([
      trx.selectFrom('dock_apps').select(['id', 'origin']).where('id', '=', app.id).executeTakeFirst(),
      trx.selectFrom('dock_apps').select('id').where('origin', '=', origin).executeTakeFirst(),
      trx
        .selectFrom('dock_apps')
        .select((eb) => eb.fn.max('position').as('last'))
        .executeTakeFirst(),
    ])
    if (onOrigin && onOrigin.id !== app.id) return
    if (existing) {
      if (existing.origin !== origin)
        await trx.deleteFrom('dock_grants').where('app_id', '=', app.id).execute()
      await trx
        .updateTable('dock_apps')
        .set({ url: app.url, origin, updated_at: at })
        .where('id', '=', app.id)
        .execute()
      return
    }
    await trx
      .insertInto('dock_apps')
      .values({
        id: app.id,
        name: app.name,
        icon: app.icon ?? null,
        url: app.url,
        origin,
        networks: JSON.stringify(app.networks),
        permissions: JSON.stringify(app.permissions),
        position: last?.last === null || last?.last === undefined ? 0 : Number(last.last) + 1,
        enabled: 1,
        created_at: at,
        updated_at: at,
      })
      .execute()
  })
}
