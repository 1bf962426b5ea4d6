import { expectRows } from '@stratos/db/portable'
import type { AdminInviteCreated, AdminInviteRequest, AdminInvitesResponse } from '@stratos/schemas'
import { type UserActor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { randomId } from '../../encoding.js'
import { inviteLink, inviteTokenHash } from '../../enrollment/adminInvites.js'
import { ApiError } from '../../errors.js'
import { adminLimitReached, countEnabledAdmins, readMaxAdmins } from '../../users/adminRoster.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/**
 * POST /api/admin/invites: a one-time link for one account with `role`, valid `expiresInHours`.
 * The token is in the answer (once) and never stored; the row keeps its SHA-256. An admin invite
 * while the instance has its maximum of admins is 409 ADMIN_LIMIT (checked again when it is used).
 */
export async function createInvite(
  deps: Deps,
  actor: UserActor,
  input: AdminInviteRequest,
): Promise<AdminInviteCreated> {
  const { db } = deps
  if (input.role === 'admin') {
    const maxAdmins = await readMaxAdmins(db)
    if ((await countEnabledAdmins(db)) >= maxAdmins) throw adminLimitReached(maxAdmins)
  }
  const token = randomId(32)
  const id = await inviteTokenHash(token)
  const now = deps.clock()
  const expiresAt = new Date(now.getTime() + input.expiresInHours * 3_600_000).toISOString()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('admin_invites')
      .values({
        token_hash: id,
        role: input.role,
        created_by: actor.userId,
        created_at: now.toISOString(),
        expires_at: expiresAt,
      })
      .execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'user.invite.create',
      target: id,
      at: now,
      details: { role: input.role, expiresAt },
    })
  })
  const creator = await db
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', actor.userId)
    .executeTakeFirst()
  return {
    id,
    role: input.role,
    createdBy: { id: actor.userId, displayName: creator?.display_name ?? null },
    createdAt: now.toISOString(),
    expiresAt,
    link: inviteLink(deps.config.origin, token),
  }
}

/** GET /api/admin/invites: invites neither used, revoked nor expired, newest first. */
export async function listInvites(deps: Deps): Promise<AdminInvitesResponse> {
  const rows = await deps.db
    .selectFrom('admin_invites')
    .leftJoin('users', 'users.id', 'admin_invites.created_by')
    .select([
      'admin_invites.token_hash',
      'admin_invites.role',
      'admin_invites.created_by',
      'users.display_name',
      'admin_invites.created_at',
      'admin_invites.expires_at',
    ])
    .where('admin_invites.used_at', 'is', null)
    .where('admin_invites.revoked_at', 'is', null)
    .where('admin_invites.expires_at', '>', deps.clock().toISOString())
    .orderBy('admin_invites.created_at', 'desc')
    .orderBy('admin_invites.token_hash')
    .execute()
  return {
    invites: rows.map((row) => ({
      id: row.token_hash,
      role: row.role,
      createdBy: { id: row.created_by, displayName: row.display_name ?? null },
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    })),
  }
}

/** DELETE /api/admin/invites/:id: revokes an outstanding invite (404 when none has this id). */
export async function revokeInvite(deps: Deps, actor: UserActor, id: string): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    const revoked = await trx
      .selectFrom('admin_invites')
      .select(['role', 'expires_at'])
      .where('token_hash', '=', id)
      .executeTakeFirst()
    const outstanding = await expectRows(
      trx,
      trx
        .updateTable('admin_invites')
        .set({ revoked_at: now.toISOString() })
        .where('token_hash', '=', id)
        .where('used_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now.toISOString()),
      1,
    )
    if (!revoked || !outstanding)
      throw new ApiError(
        404,
        'INVITE_NOT_FOUND',
        'No outstanding invite has this id: it was used, revoked or expired',
      )
    await writeAuditEntry(trx, {
      actor,
      action: 'user.invite.revoke',
      target: id,
      at: now,
      details: {
        role: revoked.role,
        expiresAt: revoked.expires_at,
        before: { revokedAt: null },
        after: { revokedAt: now.toISOString() },
      },
    })
  })
}
