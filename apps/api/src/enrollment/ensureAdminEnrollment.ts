import type { Database } from '@stratos/db/portable'
import { expectRows } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'
import { randomId, sha256Base64Url } from '../encoding.js'
import { SETTINGS } from '../instanceSettings.js'

/**
 * When the instance has no admin, mints a fresh one-time enrollment token and returns the link
 * that makes its first user the admin: `${origin}/enroll#token=<token>`. The token sits in the
 * fragment so browsers never send it in requests, Referer headers or access logs. Only its
 * SHA-256 is stored, replacing any earlier token. Returns null once an admin exists.
 */
export async function ensureAdminEnrollment(db: Kysely<Database>, origin: string): Promise<string | null> {
  if (await hasAdmin(db)) return null
  const token = randomId(32)
  await db
    .insertInto('instance_settings')
    .values({
      key: SETTINGS.adminEnrollmentTokenHash,
      value: JSON.stringify(await sha256Base64Url(token)),
      updated_at: new Date().toISOString(),
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute()
  return `${origin}/enroll#token=${token}`
}

/** What {@link issueAdminEnrollmentOnce} did. */
export type EnrollmentIssue =
  | { kind: 'issued'; link: string }
  /** Another start issued a link earlier (at `issuedAt`), still unused: it stays the valid one. */
  | { kind: 'outstanding'; issuedAt: string }
  | { kind: 'has-admin' }

/**
 * For instances of several processes (`stratos serve`): mints an enrollment link only when none is
 * outstanding, so a link one process printed is not silently replaced by the next process to
 * start. Of processes starting together exactly one issues the link (the insert that wins).
 */
export async function issueAdminEnrollmentOnce(
  db: Kysely<Database>,
  origin: string,
): Promise<EnrollmentIssue> {
  if (await hasAdmin(db)) return { kind: 'has-admin' }
  const token = randomId(32)
  const result = await db
    .insertInto('instance_settings')
    .values({
      key: SETTINGS.adminEnrollmentTokenHash,
      value: JSON.stringify(await sha256Base64Url(token)),
      updated_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst()
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1)
    return { kind: 'issued', link: `${origin}/enroll#token=${token}` }
  const row = await db
    .selectFrom('instance_settings')
    .select('updated_at')
    .where('key', '=', SETTINGS.adminEnrollmentTokenHash)
    .executeTakeFirst()
  // The outstanding link was used between the insert and this read: an admin may exist now.
  if (!row) return (await hasAdmin(db)) ? { kind: 'has-admin' } : issueAdminEnrollmentOnce(db, origin)
  return { kind: 'outstanding', issuedAt: row.updated_at }
}

export async function hasAdmin(db: Kysely<Database> | Transaction<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** True when an enrollment token is outstanding and matches `tokenHash`. */
export async function isEnrollmentTokenValid(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTINGS.adminEnrollmentTokenHash)
    .where('value', '=', JSON.stringify(tokenHash))
    .executeTakeFirst()
  return row !== undefined && !(await hasAdmin(db))
}

/** True when an enrollment token is outstanding at all (drives `PublicConfig.needsAdmin`). */
export async function isEnrollmentOutstanding(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectFrom('instance_settings')
    .select('key')
    .where('key', '=', SETTINGS.adminEnrollmentTokenHash)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Consumes the enrollment token inside the registering transaction. The DELETE is the lock:
 * of two concurrent registrations with the same token, exactly one deletes the row.
 */
export async function consumeEnrollmentToken(
  trx: Transaction<Database>,
  tokenHash: string,
): Promise<boolean> {
  if (await hasAdmin(trx)) return false
  return expectRows(
    trx,
    trx
      .deleteFrom('instance_settings')
      .where('key', '=', SETTINGS.adminEnrollmentTokenHash)
      .where('value', '=', JSON.stringify(tokenHash)),
    1,
  )
}
