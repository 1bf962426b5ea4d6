import type { Database } from '@stratos/db/portable'
import type {
  AdminUser,
  AdminUserDetail,
  AdminUserSettings,
  AdminUsersQuery,
  AdminUsersResponse,
  Role,
} from '@stratos/schemas'
import type { Transaction } from 'kysely'
import { isOperatorActor, type UserActor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { SETTINGS, writeSettingText } from '../../instanceSettings.js'
import { trustedStatements } from '../../passkeys/adminKeyTrust.js'
import { revokeUserSessions } from '../../sessions/revokeUserSessions.js'
import {
  adminKeyRequired,
  adminsWithoutKey,
  holdsAdminKey,
  readAdminKeyPolicy,
} from '../../users/adminKeyPolicy.js'
import {
  adminLimitReached,
  countEnabledAdmins,
  guardAdminRoster,
  lockAdminRoster,
  readMaxAdmins,
} from '../../users/adminRoster.js'
import {
  countLiveSessions,
  selectAdminUser,
  selectUserPage,
  selectUserPasskeys,
  selectUserState,
  updateUser,
} from './usersQueries.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/** GET /api/admin/users: a page of users, newest first; 400 when `before` names no user. */
export async function listUsers(deps: Deps, query: AdminUsersQuery): Promise<AdminUsersResponse> {
  const page = await selectUserPage(deps.db, query)
  if (!page) throw new ApiError(400, 'INVALID_QUERY', 'before: no user has this id')
  return page
}

/** GET /api/admin/users/:id */
export async function getUser(deps: Deps, id: string): Promise<AdminUserDetail> {
  const user = await selectAdminUser(deps.db, id)
  if (!user) throw userNotFound(id)
  const [passkeys, activeSessions] = await Promise.all([
    selectUserPasskeys(deps.db, id),
    countLiveSessions(deps.db, id, deps.clock()),
  ])
  return {
    ...user,
    passkeys: passkeys.map((p) => ({
      id: p.id,
      kind: p.wrapped_entropy === null ? ('primary' as const) : ('backup' as const),
      createdAt: p.created_at,
      lastUsedAt: p.last_used_at,
      backedUp: Number(p.backed_up) === 1,
    })),
    activeSessions,
  }
}

/**
 * Runs a change of who is an admin under the roster lock (`lockAdminRoster`), after checking that
 * the acting admin still is one: an admin demoted or disabled a moment ago acts no more. An
 * operator (OIDC) is no user; its session was checked by `requireAdmin`.
 */
async function underRosterLock<T>(
  deps: Deps,
  actor: UserActor,
  change: (trx: Transaction<Database>, context: { now: Date; maxAdmins: number }) => Promise<T>,
): Promise<T> {
  const now = deps.clock()
  return deps.db.transaction().execute(async (trx) => {
    const maxAdmins = await lockAdminRoster(trx, now)
    const self = isOperatorActor(actor) ? null : await selectUserState(trx, actor.userId)
    if (self !== null && (self?.role !== 'admin' || self.disabled_at !== null))
      throw new ApiError(403, 'FORBIDDEN', 'You are no longer an enabled admin of this instance')
    // An instance run by operators may have no admin user: a change never leaves one with none.
    const hadAdmin = (await countEnabledAdmins(trx)) > 0
    const result = await change(trx, { now, maxAdmins })
    await guardAdminRoster(trx, maxAdmins, hadAdmin ? 1 : 0)
    return result
  })
}

async function targetOf(trx: Transaction<Database>, id: string) {
  const user = await selectUserState(trx, id)
  if (!user) throw userNotFound(id)
  return user
}

async function adminUserOf(db: Deps['db'], id: string): Promise<AdminUser> {
  return (await selectAdminUser(db, id))!
}

/**
 * PUT /api/admin/users/:id/role: promotes or demotes. The last enabled admin is never demoted
 * (409 LAST_ADMIN); a promotion that would exceed the maximum is 409 ADMIN_LIMIT, and one of a user
 * without a trusted security key while the admin key policy is on is 409 ADMIN_KEY_REQUIRED.
 * Setting the role a user already has changes nothing and records nothing.
 */
export async function setUserRole(deps: Deps, actor: UserActor, id: string, role: Role): Promise<AdminUser> {
  await underRosterLock(deps, actor, async (trx, { now, maxAdmins }) => {
    const user = await targetOf(trx, id)
    if (user.role === role) return
    const counts = user.disabled_at === null
    if (role === 'user' && counts && (await countEnabledAdmins(trx)) <= 1) throw lastAdmin('demoted')
    if (role === 'admin' && counts && (await countEnabledAdmins(trx)) >= maxAdmins)
      throw adminLimitReached(maxAdmins)
    if (role === 'admin') await requireAdminKey(deps, trx, id, 'promoted')
    await updateUser(trx, id, { role })
    await writeAuditEntry(trx, {
      actor,
      action: 'user.role.change',
      target: id,
      at: now,
      details: { displayName: user.display_name, before: { role: user.role }, after: { role } },
    })
  })
  // Read after the commit: a D1 transaction does not see its own writes.
  return adminUserOf(deps.db, id)
}

/**
 * POST /api/admin/users/:id/disable: disables the account and revokes every session of it in the
 * same transaction, so its next request is refused. Never the caller's own account (409
 * CANNOT_DISABLE_SELF) nor the last enabled admin (409 LAST_ADMIN). Disabling a disabled account
 * changes nothing.
 */
export async function disableUser(deps: Deps, actor: UserActor, id: string): Promise<AdminUser> {
  if (id === actor.userId)
    throw new ApiError(
      409,
      'CANNOT_DISABLE_SELF',
      'You cannot disable your own account: ask another admin, or demote yourself instead',
    )
  await underRosterLock(deps, actor, async (trx, { now }) => {
    const user = await targetOf(trx, id)
    if (user.disabled_at !== null) return
    if (user.role === 'admin' && (await countEnabledAdmins(trx)) <= 1) throw lastAdmin('disabled')
    const disabledAt = now.toISOString()
    await updateUser(trx, id, { disabled_at: disabledAt })
    const sessionsRevoked = await revokeUserSessions(trx, id, now)
    await writeAuditEntry(trx, {
      actor,
      action: 'user.disable',
      target: id,
      at: now,
      details: {
        displayName: user.display_name,
        role: user.role,
        before: { disabledAt: null },
        after: { disabledAt },
        sessionsRevoked,
      },
    })
  })
  // Read after the commit: a D1 transaction does not see its own writes.
  return adminUserOf(deps.db, id)
}

/**
 * POST /api/admin/users/:id/enable: enables a disabled account (it signs in again; its old
 * sessions stay revoked). An admin account only within the maximum (409 ADMIN_LIMIT).
 */
export async function enableUser(deps: Deps, actor: UserActor, id: string): Promise<AdminUser> {
  await underRosterLock(deps, actor, async (trx, { now, maxAdmins }) => {
    const user = await targetOf(trx, id)
    if (user.disabled_at === null) return
    if (user.role === 'admin' && (await countEnabledAdmins(trx)) >= maxAdmins)
      throw adminLimitReached(maxAdmins)
    if (user.role === 'admin') await requireAdminKey(deps, trx, id, 'enabled')
    await updateUser(trx, id, { disabled_at: null })
    await writeAuditEntry(trx, {
      actor,
      action: 'user.enable',
      target: id,
      at: now,
      details: {
        displayName: user.display_name,
        role: user.role,
        before: { disabledAt: user.disabled_at },
        after: { disabledAt: null },
      },
    })
  })
  // Read after the commit: a D1 transaction does not see its own writes.
  return adminUserOf(deps.db, id)
}

/**
 * While the admin key policy is on, an account becomes an admin only holding a trusted hardware
 * security key (409 ADMIN_KEY_REQUIRED).
 */
async function requireAdminKey(deps: Deps, trx: Transaction<Database>, id: string, what: string) {
  if ((await readAdminKeyPolicy(trx)) && !(await holdsAdminKey(trx, deps.config, id)))
    throw adminKeyRequired(
      409,
      `Admins of this instance use hardware security keys: this account holds none from a trusted model, so it cannot be ${what} as an admin. It adds one as a backup passkey first`,
    )
}

/** The descriptions of the trusted security key models, sorted. */
function trustedKeyModels(deps: Deps): string[] {
  return [...trustedStatements(deps.config.adminKeyStatements).values()]
    .map((statement) => statement.description)
    .sort()
}

/** GET /api/admin/settings/users */
export async function readUserSettings(deps: Deps): Promise<AdminUserSettings> {
  const [maxAdmins, adminCount, adminHardwareKeys] = await Promise.all([
    readMaxAdmins(deps.db),
    countEnabledAdmins(deps.db),
    readAdminKeyPolicy(deps.db),
  ])
  return { maxAdmins, adminCount, adminHardwareKeys, trustedKeyModels: trustedKeyModels(deps) }
}

/**
 * PUT /api/admin/settings/users: sets the most admins allowed, never below the enabled admins
 * there are (409 ADMIN_LIMIT), and turns the admin key policy on or off. It is turned on only when
 * the operator listed trusted models (409 ADMIN_KEY_METADATA_MISSING) and every enabled admin
 * holds a key of one (409 ADMIN_KEY_REQUIRED naming who does not), so no admin is locked out.
 */
export async function updateUserSettings(
  deps: Deps,
  actor: UserActor,
  input: { maxAdmins: number; adminHardwareKeys?: boolean | undefined },
): Promise<AdminUserSettings> {
  return underRosterLock(deps, actor, async (trx, { now, maxAdmins }) => {
    const policyBefore = await readAdminKeyPolicy(trx)
    const policy = input.adminHardwareKeys ?? policyBefore
    if (policy && !policyBefore) await checkPolicyCanStart(deps, trx)
    const adminCount = await countEnabledAdmins(trx)
    if (input.maxAdmins < adminCount)
      throw new ApiError(
        409,
        'ADMIN_LIMIT',
        `This instance has ${adminCount} enabled admins: demote or disable some before lowering the maximum to ${input.maxAdmins}`,
      )
    if (input.maxAdmins !== maxAdmins) {
      await writeSettingText(trx, SETTINGS.maxAdmins, JSON.stringify(input.maxAdmins), now)
      await writeAuditEntry(trx, {
        actor,
        action: 'settings.users.update',
        target: SETTINGS.maxAdmins,
        at: now,
        details: { before: { maxAdmins }, after: { maxAdmins: input.maxAdmins } },
      })
    }
    if (policy !== policyBefore) {
      await writeSettingText(trx, SETTINGS.adminHardwareKeys, JSON.stringify(policy), now)
      await writeAuditEntry(trx, {
        actor,
        action: 'settings.admin_keys.update',
        target: SETTINGS.adminHardwareKeys,
        at: now,
        details: { before: { adminHardwareKeys: policyBefore }, after: { adminHardwareKeys: policy } },
      })
    }
    return {
      maxAdmins: input.maxAdmins,
      adminCount,
      adminHardwareKeys: policy,
      trustedKeyModels: trustedKeyModels(deps),
    }
  })
}

/** Refuses to turn the admin key policy on while it would lock an admin out. */
async function checkPolicyCanStart(deps: Deps, trx: Transaction<Database>): Promise<void> {
  if (trustedStatements(deps.config.adminKeyStatements).size === 0)
    throw new ApiError(
      409,
      'ADMIN_KEY_METADATA_MISSING',
      'No security key model is trusted: the operator puts the FIDO metadata statements of the allowed models in ADMIN_KEY_METADATA_DIR and restarts the instance',
    )
  const missing = await adminsWithoutKey(trx, deps.config)
  if (missing.length > 0) {
    const names =
      missing.slice(0, 5).join(', ') + (missing.length > 5 ? ` and ${missing.length - 5} more` : '')
    throw adminKeyRequired(
      409,
      `${missing.length === 1 ? 'An admin holds' : `${missing.length} admins hold`} no security key of a trusted model (${names}): each adds one as a backup passkey, or is demoted, before the policy is turned on`,
    )
  }
}

function userNotFound(id: string): ApiError {
  return new ApiError(404, 'USER_NOT_FOUND', `No user has the id ${id}`)
}

function lastAdmin(what: 'demoted' | 'disabled'): ApiError {
  return new ApiError(
    409,
    'LAST_ADMIN',
    `The last enabled admin cannot be ${what}: promote another user to admin first`,
  )
}
