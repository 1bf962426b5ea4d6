import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import { randomId } from './encoding.js'
import { isSealed, seal, unseal } from './secretsAtRest.js'

/** Keys of the `instance_settings` rows this app owns. Values are JSON. */
export const SETTINGS = {
  /** HS256 key for session JWTs, base64url, sealed; only when SESSION_SECRET is not set. */
  sessionSecret: 'session_secret',
  /** SHA-256 (base64url) of the outstanding admin enrollment token; never the token. */
  adminEnrollmentTokenHash: 'admin_enrollment_token_sha256',
  /** The admin-set Canton connection (`StoredCantonConnection`), sealed; wins over CANTON_* variables. */
  cantonConnection: 'canton_connection',
  /** The most enabled admins the instance allows (a JSON number; `DEFAULT_MAX_ADMINS` until set). */
  maxAdmins: 'max_admins',
  /** The admin key policy: admins use hardware security keys (a JSON boolean; off until set). */
  adminHardwareKeys: 'admin_hardware_keys',
  /** The admin-set brand (`BrandSettings`: name, colours, support contact); wins over INSTANCE_NAME and BRAND_*. */
  branding: 'branding',
  /** What the logo is (`StoredLogo`: type, size, SHA-256), without its bytes. */
  brandLogo: 'brand_logo',
  /** The logo's bytes, base64 (a JSON string), apart so reading the brand does not read them. */
  brandLogoData: 'brand_logo_data',
  /** The admin-set price provider (`StoredPriceSettings`), sealed: it holds the provider's API key. */
  priceProvider: 'price_provider',
  /** Set once the EVM_* network was seeded (or found networks already there): never seeded again. */
  networksSeeded: 'networks_seeded',
} as const

/** The settings that hold secrets: stored sealed under the instance key (`secretsAtRest.ts`). */
const SECRET_SETTINGS: readonly string[] = [
  SETTINGS.sessionSecret,
  SETTINGS.cantonConnection,
  SETTINGS.priceProvider,
]

export async function readSetting(db: Kysely<Database>, key: string): Promise<unknown> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
  return row ? JSON.parse(row.value) : undefined
}

/** Inserts or replaces a setting with `text` (JSON, or a sealed value). */
export function writeSettingText(db: Kysely<Database>, key: string, text: string, now: Date) {
  const row = { key, value: text, updated_at: now.toISOString() }
  return db
    .insertInto('instance_settings')
    .values(row)
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at }))
    .execute()
}

/**
 * The instance's persisted session secret, created (sealed) on first call. Concurrent first
 * starts (several API replicas on one database) agree: the first insert wins and everyone reads it back.
 */
export async function getOrCreateSessionSecret(db: Kysely<Database>, instanceKey: string): Promise<string> {
  await db
    .insertInto('instance_settings')
    .values({
      key: SETTINGS.sessionSecret,
      value: await seal(instanceKey, SETTINGS.sessionSecret, randomId(32)),
      updated_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTINGS.sessionSecret)
    .executeTakeFirstOrThrow()
  const secret = await unseal(instanceKey, SETTINGS.sessionSecret, row.value)
  if (typeof secret !== 'string' || secret.length < 32) {
    throw new Error(`instance_settings.${SETTINGS.sessionSecret} is not a usable secret`)
  }
  return secret
}

/**
 * Run at start: seals the secret settings an older version stored in clear, and checks that the
 * instance key opens every sealed one and every network's secrets (throws `UnsealError` naming the
 * first it does not).
 * Returns the names of the settings it sealed.
 */
export async function sealStoredSecrets(db: Kysely<Database>, instanceKey: string): Promise<string[]> {
  const rows = await db
    .selectFrom('instance_settings')
    .select(['key', 'value'])
    .where('key', 'in', SECRET_SETTINGS)
    .execute()
  const sealedNow: string[] = []
  for (const row of rows) {
    if (isSealed(row.value)) {
      await unseal(instanceKey, row.key, row.value)
      continue
    }
    const sealed = await seal(instanceKey, row.key, JSON.parse(row.value))
    // Only the clear value read above is replaced: a replica sealing it at the same moment wins alone.
    await db
      .updateTable('instance_settings')
      .set({ value: sealed, updated_at: new Date().toISOString() })
      .where('key', '=', row.key)
      .where('value', '=', row.value)
      .execute()
    sealedNow.push(row.key)
  }
  // Networks' endpoints and keys are sealed from the start: only checked.
  const networks = await db.selectFrom('networks').select(['id', 'secrets']).execute()
  for (const network of networks) await unseal(instanceKey, `network:${network.id}`, network.secrets)
  return sealedNow
}
