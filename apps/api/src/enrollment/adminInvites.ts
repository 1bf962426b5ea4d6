import { type AdminInviteRow, type Database, expectRows } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'
import { sha256Base64Url } from '../encoding.js'
import { ApiError } from '../errors.js'

type Executor = Kysely<Database> | Transaction<Database>

/**
 * Invite links: `${origin}/enroll#invite=<token>`, made by an admin for one account with a chosen
 * role. Only the token's SHA-256 (base64url) is stored; it is also the invite's id in the admin
 * API, which cannot be turned back into the token.
 */
export function inviteTokenHash(token: string): Promise<string> {
  return sha256Base64Url(token)
}

/** The invite link handed out once: the token sits in the fragment, which browsers never send. */
export function inviteLink(origin: string, token: string): string {
  return `${origin}/enroll#invite=${token}`
}

/** The invite with this token hash if it can still be used (not used, revoked or expired at `now`). */
export function selectUsableInvite(
  db: Executor,
  tokenHash: string,
  now: Date,
): Promise<AdminInviteRow | undefined> {
  return db
    .selectFrom('admin_invites')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirst()
}

/**
 * Uses the invite inside the registering transaction: marks it used by `userId` only while it is
 * still usable, so of two registrations with one link exactly one gets it (the UPDATE is the lock).
 * Returns the invite, or undefined when it was used, revoked or expired.
 */
export async function consumeInvite(
  trx: Transaction<Database>,
  tokenHash: string,
  userId: string,
  now: Date,
): Promise<Pick<AdminInviteRow, 'role' | 'created_by'> | undefined> {
  const invite = await trx
    .selectFrom('admin_invites')
    .select(['role', 'created_by'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst()
  if (!invite) return undefined
  const used = await expectRows(
    trx,
    trx
      .updateTable('admin_invites')
      .set({ used_at: now.toISOString(), used_by: userId })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', now.toISOString()),
    1,
  )
  return used ? invite : undefined
}

/** 403 INVITE_INVALID: the link was used, revoked, has expired, or never existed. */
export function inviteInvalid(): ApiError {
  return new ApiError(
    403,
    'INVITE_INVALID',
    'This invite link is invalid, expired, revoked or was already used: ask an admin for a new one',
  )
}
