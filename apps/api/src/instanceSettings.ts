import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import { randomId } from './encoding.js'

/** Keys of the `instance_settings` rows this app owns. Values are JSON. */
export const SETTINGS = {
  /** HS256 key for session JWTs, base64url; only when SESSION_SECRET is not set. */
  sessionSecret: 'session_secret',
  /** SHA-256 (base64url) of the outstanding admin enrollment token; never the token. */
  adminEnrollmentTokenHash: 'admin_enrollment_token_sha256',
  /** The admin-set Canton connection (`StoredCantonConnection`); wins over CANTON_* variables. */
  cantonConnection: 'canton_connection',
} as const

export async function readSetting(db: Kysely<Database>, key: string): Promise<unknown> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? JSON.parse(row.value) : undefined
}

/**
 * The instance's persisted session secret, created on first call. Concurrent first starts
 * (several API replicas on one database) agree: the first insert wins and everyone reads it back.
 */
export async function getOrCreateSessionSecret(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('instance_settings')
    .values({
      key: SETTINGS.sessionSecret,
      value: JSON.stringify(randomId(32)),
      updated_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const secret = await readSetting(db, SETTINGS.sessionSecret)
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error(`instance_settings.${SETTINGS.sessionSecret} is not a usable secret`)
  }
  return secret
}
