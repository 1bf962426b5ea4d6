import type { Database, DockAppRow, DockGrantRow } from '@stratos/db/portable'
import type { DockApp, DockPermission } from '@stratos/schemas'
import type { Kysely } from 'kysely'

/** A dock app as stored, with its timestamps. */
export interface StoredDockApp extends DockApp {
  createdAt: string
  updatedAt: string
}

/** A grant as stored. */
export interface StoredDockGrant {
  userId: string
  appId: string
  accounts: string[]
  networks: string[]
  createdAt: string
  updatedAt: string
}

function strings(json: string): string[] {
  const value: unknown = JSON.parse(json)
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []
}

function toDockApp(row: DockAppRow): StoredDockApp {
  return {
    id: row.id,
    name: row.name,
    icon: row.icon,
    url: row.url,
    origin: row.origin,
    networks: strings(row.networks),
    permissions: strings(row.permissions) as DockPermission[],
    position: Number(row.position),
    enabled: Boolean(row.enabled),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** The row of a dock app (every column). */
export function dockAppRow(app: StoredDockApp): DockAppRow {
  return {
    id: app.id,
    name: app.name,
    icon: app.icon,
    url: app.url,
    origin: app.origin,
    networks: JSON.stringify(app.networks),
    permissions: JSON.stringify(app.permissions),
    position: app.position,
    enabled: app.enabled ? 1 : 0,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
  }
}

function toDockGrant(row: DockGrantRow): StoredDockGrant {
  return {
    userId: row.user_id,
    appId: row.app_id,
    accounts: strings(row.accounts),
    networks: strings(row.networks),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** Every dock app, in the dock's order. */
export async function selectDockApps(db: Kysely<Database>): Promise<StoredDockApp[]> {
  const rows = await db.selectFrom('dock_apps').selectAll().orderBy('position').orderBy('id').execute()
  return rows.map(toDockApp)
}

export async function selectDockApp(db: Kysely<Database>, id: string): Promise<StoredDockApp | undefined> {
  const row = await db.selectFrom('dock_apps').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toDockApp(row) : undefined
}

/** The app served from `origin`, if any (the origin is an app's identity). */
export async function selectDockAppByOrigin(
  db: Kysely<Database>,
  origin: string,
): Promise<StoredDockApp | undefined> {
  const row = await db.selectFrom('dock_apps').selectAll().where('origin', '=', origin).executeTakeFirst()
  return row ? toDockApp(row) : undefined
}

/** The position after the last app's (0 for the first). */
export async function nextDockPosition(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('dock_apps')
    .select((eb) => eb.fn.max('position').as('last'))
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1
}

/** Ids of the instance's networks, and of the enabled ones. */
export async function selectNetworkIds(
  db: Kysely<Database>,
): Promise<{ all: Set<string>; enabled: Set<string> }> {
  const rows = await db.selectFrom('networks').select(['id', 'enabled']).execute()
  return {
    all: new Set(rows.map((row) => row.id)),
    enabled: new Set(rows.filter((row) => Boolean(row.enabled)).map((row) => row.id)),
  }
}

/** A user's grants, each with its app, in the dock's order. */
export async function selectUserGrants(
  db: Kysely<Database>,
  userId: string,
): Promise<{ grant: StoredDockGrant; app: StoredDockApp }[]> {
  const [grants, apps] = await Promise.all([
    db.selectFrom('dock_grants').selectAll().where('user_id', '=', userId).execute(),
    selectDockApps(db),
  ])
  const byId = new Map(apps.map((app) => [app.id, app]))
  return grants
    .map(toDockGrant)
    .flatMap((grant) => {
      const app = byId.get(grant.appId)
      return app ? [{ grant, app }] : []
    })
    .sort((a, b) => a.app.position - b.app.position || a.app.id.localeCompare(b.app.id))
}

export async function selectGrant(
  db: Kysely<Database>,
  userId: string,
  appId: string,
): Promise<StoredDockGrant | undefined> {
  const row = await db
    .selectFrom('dock_grants')
    .selectAll()
    .where('user_id', '=', userId)
    .where('app_id', '=', appId)
    .executeTakeFirst()
  return row ? toDockGrant(row) : undefined
}

/** The accounts a user may grant: their EVM address (account 0) and Canton party, when they have them. */
export async function selectOwnAccounts(
  db: Kysely<Database>,
  userId: string,
): Promise<{ evm: string | null; party: string | null }> {
  const [evm, party] = await Promise.all([
    db
      .selectFrom('addresses')
      .select('address')
      .where('user_id', '=', userId)
      .where('chain', '=', 'evm')
      .where('account_index', '=', 0)
      .executeTakeFirst(),
    db.selectFrom('canton_parties').select('party_id').where('user_id', '=', userId).executeTakeFirst(),
  ])
  return { evm: evm?.address ?? null, party: party?.party_id ?? null }
}
