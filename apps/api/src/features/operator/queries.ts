import type { Database, OperatorRow } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { randomId } from '../../encoding.js'

/** The operator (issuer, subject), created on first sign-in; its name and last sign-in refreshed. */
export async function upsertOperator(
  db: Kysely<Database>,
  identity: { issuer: string; subject: string; displayName: string },
  at: string,
): Promise<OperatorRow> {
  const existing = await db
    .selectFrom('operators')
    .selectAll()
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .executeTakeFirst()
  if (existing) {
    await db
      .updateTable('operators')
      .set({ display_name: identity.displayName, last_sign_in_at: at })
      .where('id', '=', existing.id)
      .execute()
    return { ...existing, display_name: identity.displayName, last_sign_in_at: at }
  }
  const row = {
    id: randomId(16),
    issuer: identity.issuer,
    subject: identity.subject,
    display_name: identity.displayName,
    created_at: at,
    last_sign_in_at: at,
  }
  // Two first sign-ins of one operator at once: the unique (issuer, subject) lets one insert win.
  await db
    .insertInto('operators')
    .values(row)
    .onConflict((oc) => oc.columns(['issuer', 'subject']).doNothing())
    .execute()
  return db
    .selectFrom('operators')
    .selectAll()
    .where('issuer', '=', identity.issuer)
    .where('subject', '=', identity.subject)
    .executeTakeFirstOrThrow()
}

/**
 * Takes the pending sign-in `id` out of `operator_logins`: it is deleted whether or not the
 * callback then succeeds, so each state, nonce and verifier is used at most once. Null when there
 * is none (never started, already used, or swept after expiry).
 */
export async function takeOperatorLogin(db: Kysely<Database>, id: string) {
  const row = await db.selectFrom('operator_logins').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return null
  const deleted = await db.deleteFrom('operator_logins').where('id', '=', id).executeTakeFirst()
  // A concurrent callback with the same cookie deleted it first: only one of them may go on.
  return deleted.numDeletedRows === 1n ? row : null
}
