import type { Database } from '@stratos/db/portable'
import {
  DOCK_CANTON_NETWORK,
  type DockApp,
  type DockAppRequest,
  type DockAppsResponse,
  type DockGrant,
  type DockGrantRequest,
  type DockGrantsResponse,
  type DockOrderRequest,
} from '@stratos/schemas'
import type { Kysely } from 'kysely'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import { acceptedOrigins } from '../../config.js'
import type { AppDeps } from '../../context.js'
import { randomId } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import {
  dockAppRow,
  nextDockPosition,
  type StoredDockApp,
  type StoredDockGrant,
  selectDockApp,
  selectDockAppByOrigin,
  selectDockApps,
  selectGrant,
  selectNetworkIds,
  selectOwnAccounts,
  selectUserGrants,
} from './queries.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

const notFound = (id: string) => new ApiError(404, 'DOCK_APP_NOT_FOUND', `No dock app has the id ${id}`)

/** A dock app as the API answers it (no timestamps). */
function view(app: StoredDockApp): DockApp {
  return {
    id: app.id,
    name: app.name,
    icon: app.icon,
    url: app.url,
    origin: app.origin,
    networks: app.networks,
    permissions: app.permissions,
    position: app.position,
    enabled: app.enabled,
  }
}

/**
 * The origin of an app's URL (the schema checked its form), refused when it is one of the
 * instance's own: a frame of the wallet's origin with `allow-scripts allow-same-origin` could
 * remove its own sandbox and reach the wallet page.
 */
function originOf(deps: Pick<AppDeps, 'config'>, url: string): string {
  const origin = new URL(url).origin
  if (acceptedOrigins(deps.config).includes(origin))
    throw new ApiError(
      422,
      'DOCK_APP_SAME_ORIGIN',
      `url: ${origin} is this instance's own origin; a dock app must be served from another origin`,
    )
  return origin
}

/** 409 when another app is served from `origin`: the origin is an app's identity. */
async function checkOriginFree(db: Kysely<Database>, origin: string, self?: string): Promise<void> {
  const other = await selectDockAppByOrigin(db, origin)
  if (other && other.id !== self)
    throw new ApiError(
      409,
      'DOCK_APP_ORIGIN_TAKEN',
      `url: the dock app "${other.name}" is served from ${origin}; one app per origin`,
    )
}

/**
 * Runs `change`; when it fails on the unique origin (another admin saved an app of that origin
 * between our check and our write), answers 409 as the check would have.
 */
async function onFreeOrigin(
  db: Kysely<Database>,
  origin: string,
  self: string | undefined,
  change: () => Promise<void>,
) {
  try {
    await change()
  } catch (error) {
    if (!(error instanceof ApiError)) await checkOriginFree(db, origin, self)
    throw error
  }
}

/** 422 naming the first network that is neither one of the instance's nor `canton`. */
async function checkNetworks(db: Kysely<Database>, networks: string[]): Promise<void> {
  const { all } = await selectNetworkIds(db)
  const unknown = networks.find((id) => id !== DOCK_CANTON_NETWORK && !all.has(id))
  if (unknown !== undefined)
    throw new ApiError(
      422,
      'DOCK_APP_NETWORK_UNKNOWN',
      `networks: no network has the id ${unknown} (give ids of GET /api/admin/networks, or ${DOCK_CANTON_NETWORK})`,
    )
}

/** What the audit log records of an app. */
function audited(app: StoredDockApp): Record<string, unknown> {
  return {
    name: app.name,
    origin: app.origin,
    url: app.url,
    networks: app.networks,
    permissions: app.permissions,
    enabled: app.enabled,
  }
}

/** GET /api/admin/dock (and the answer of a reorder): every app, in order. */
export async function listAdminDockApps(deps: Pick<AppDeps, 'db'>): Promise<DockAppsResponse> {
  return { apps: (await selectDockApps(deps.db)).map(view) }
}

/**
 * GET /api/dock: the enabled apps in order, each app's networks narrowed to the enabled networks
 * (and `canton`), so a wallet never offers an app a network it cannot use.
 */
export async function listDock(deps: Pick<AppDeps, 'db'>): Promise<DockAppsResponse> {
  const [apps, networks] = await Promise.all([selectDockApps(deps.db), selectNetworkIds(deps.db)])
  return {
    apps: apps
      .filter((app) => app.enabled)
      .map((app) => ({
        ...view(app),
        networks: app.networks.filter((id) => id === DOCK_CANTON_NETWORK || networks.enabled.has(id)),
      })),
  }
}

/** POST /api/admin/dock: checks the URL's origin and the networks, saves the app last in the dock, audited. */
export async function addDockApp(deps: Deps, actor: Actor, input: DockAppRequest): Promise<DockApp> {
  const origin = originOf(deps, input.url)
  const now = deps.clock()
  let saved: StoredDockApp | undefined
  await onFreeOrigin(deps.db, origin, undefined, () =>
    deps.db.transaction().execute(async (trx) => {
      await checkOriginFree(trx, origin)
      await checkNetworks(trx, input.networks)
      const app: StoredDockApp = {
        id: randomId(12),
        ...input,
        origin,
        position: await nextDockPosition(trx),
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      }
      await trx.insertInto('dock_apps').values(dockAppRow(app)).execute()
      await writeAuditEntry(trx, {
        actor,
        action: 'dock.app.add',
        target: app.id,
        at: now,
        details: audited(app),
      })
      saved = app
    }),
  )
  return view(saved!)
}

/**
 * PUT /api/admin/dock/:id: replaces the app's settings, checked as when added. A new origin is
 * another app to the browser: the users' grants to the old one are removed with the change.
 */
export async function updateDockApp(
  deps: Deps,
  actor: Actor,
  id: string,
  input: DockAppRequest,
): Promise<DockApp> {
  const origin = originOf(deps, input.url)
  const now = deps.clock()
  let saved: StoredDockApp | undefined
  await onFreeOrigin(deps.db, origin, id, () =>
    deps.db.transaction().execute(async (trx) => {
      const before = await selectDockApp(trx, id)
      if (!before) throw notFound(id)
      await checkOriginFree(trx, origin, id)
      await checkNetworks(trx, input.networks)
      const app: StoredDockApp = { ...before, ...input, origin, updatedAt: now.toISOString() }
      const changed = (
        ['name', 'icon', 'url', 'origin', 'networks', 'permissions', 'enabled'] as const
      ).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(app[key]))
      const originChanged = origin !== before.origin
      const grants = originChanged ? await countGrants(trx, id) : 0
      if (originChanged) await trx.deleteFrom('dock_grants').where('app_id', '=', id).execute()
      const { id: _, created_at: __, position: ___, ...row } = dockAppRow(app)
      await trx.updateTable('dock_apps').set(row).where('id', '=', id).execute()
      await writeAuditEntry(trx, {
        actor,
        action: 'dock.app.update',
        target: id,
        at: now,
        details: {
          ...audited(app),
          changed,
          ...(originChanged ? { previousOrigin: before.origin, grantsRemoved: grants } : {}),
        },
      })
      saved = app
    }),
  )
  return view(saved!)
}

async function countGrants(db: Kysely<Database>, appId: string): Promise<number> {
  const row = await db
    .selectFrom('dock_grants')
    .select((eb) => eb.fn.countAll().as('count'))
    .where('app_id', '=', appId)
    .executeTakeFirst()
  return Number(row?.count ?? 0)
}

/** DELETE /api/admin/dock/:id: the app and every user's grant to it go, audited. */
export async function removeDockApp(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const app = await selectDockApp(trx, id)
    if (!app) throw notFound(id)
    const grants = await countGrants(trx, id)
    // The foreign key cascades too; deleted here so the removal does not rest on it.
    await trx.deleteFrom('dock_grants').where('app_id', '=', id).execute()
    await trx.deleteFrom('dock_apps').where('id', '=', id).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'dock.app.remove',
      target: id,
      at: deps.clock(),
      details: { name: app.name, origin: app.origin, grantsRemoved: grants },
    })
  })
}

/** PUT /api/admin/dock/order: every app id once, in the new order (409 when the list is stale). */
export async function reorderDockApps(
  deps: Deps,
  actor: Actor,
  { ids }: DockOrderRequest,
): Promise<DockAppsResponse> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    const apps = await selectDockApps(trx)
    const byId = new Map(apps.map((app) => [app.id, app]))
    if (ids.length !== byId.size || ids.some((id) => !byId.has(id)))
      throw new ApiError(
        409,
        'DOCK_APPS_CHANGED',
        'ids: give every dock app id once, as GET /api/admin/dock lists them now (the dock changed)',
      )
    for (const [position, id] of ids.entries())
      await trx
        .updateTable('dock_apps')
        .set({ position, updated_at: now.toISOString() })
        .where('id', '=', id)
        .execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'dock.order',
      target: null,
      at: now,
      details: { order: ids.map((id) => ({ id, name: byId.get(id)!.name, origin: byId.get(id)!.origin })) },
    })
  })
  return listAdminDockApps(deps)
}

/** A grant as the user sees it: the networks the app still has. */
function grantView(grant: StoredDockGrant, app: StoredDockApp): DockGrant {
  return {
    appId: app.id,
    appName: app.name,
    appOrigin: app.origin,
    appEnabled: app.enabled,
    accounts: grant.accounts,
    networks: grant.networks.filter((id) => app.networks.includes(id)),
    createdAt: grant.createdAt,
    updatedAt: grant.updatedAt,
  }
}

/** GET /api/me/dock-grants: the user's own grants, in the dock's order. */
export async function listGrants(deps: Pick<AppDeps, 'db'>, userId: string): Promise<DockGrantsResponse> {
  const grants = await selectUserGrants(deps.db, userId)
  return { grants: grants.map(({ grant, app }) => grantView(grant, app)) }
}

/**
 * PUT /api/me/dock-grants/:appId: the user grants an app in the dock some of their own accounts
 * (their EVM address, compared without regard to case and stored as registered; their Canton
 * party) and some of the app's networks. Replaces an earlier grant.
 */
export async function putGrant(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  appId: string,
  request: DockGrantRequest,
): Promise<DockGrant> {
  const app = await selectDockApp(deps.db, appId)
  if (!app?.enabled) throw notFound(appId)
  const own = await selectOwnAccounts(deps.db, userId)
  const accounts = request.accounts.map((account) => {
    if (own.evm !== null && account.toLowerCase() === own.evm.toLowerCase()) return own.evm
    if (own.party !== null && account === own.party) return own.party
    throw new ApiError(
      422,
      'DOCK_GRANT_ACCOUNT_NOT_OWN',
      `accounts: ${account} is not one of your accounts (your EVM address or your Canton party)`,
    )
  })
  if (new Set(accounts).size !== accounts.length)
    throw new ApiError(422, 'DOCK_GRANT_ACCOUNT_NOT_OWN', 'accounts: an account is given twice')
  const outside = request.networks.find((id) => !app.networks.includes(id))
  if (outside !== undefined)
    throw new ApiError(
      422,
      'DOCK_GRANT_NETWORK_NOT_ALLOWED',
      `networks: ${app.name} may not use ${outside} (its networks: ${app.networks.join(', ') || 'none'})`,
    )
  const now = deps.clock().toISOString()
  const before = await selectGrant(deps.db, userId, appId)
  const grant: StoredDockGrant = {
    userId,
    appId,
    accounts,
    networks: request.networks,
    createdAt: before?.createdAt ?? now,
    updatedAt: now,
  }
  await deps.db
    .insertInto('dock_grants')
    .values({
      user_id: userId,
      app_id: appId,
      accounts: JSON.stringify(grant.accounts),
      networks: JSON.stringify(grant.networks),
      created_at: grant.createdAt,
      updated_at: grant.updatedAt,
    })
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'app_id']).doUpdateSet({
        accounts: JSON.stringify(grant.accounts),
        networks: JSON.stringify(grant.networks),
        updated_at: grant.updatedAt,
      }),
    )
    .execute()
  return grantView(grant, app)
}

/** DELETE /api/me/dock-grants/:appId: the user's grant goes (404 when there is none). */
export async function deleteGrant(deps: Pick<AppDeps, 'db'>, userId: string, appId: string): Promise<void> {
  const result = await deps.db
    .deleteFrom('dock_grants')
    .where('user_id', '=', userId)
    .where('app_id', '=', appId)
    .executeTakeFirst()
  if (Number(result.numDeletedRows) === 0)
    throw new ApiError(404, 'DOCK_GRANT_NOT_FOUND', `You have no grant to the dock app ${appId}`)
}
