import type { Database } from '@stratos/db/portable'
import type { Kysely, Transaction } from 'kysely'
import type { ApiConfig } from '../config.js'
import { ApiError } from '../errors.js'
import { SETTINGS } from '../instanceSettings.js'
import { isAdminKey, trustedStatements } from '../passkeys/adminKeyTrust.js'

type Executor = Kysely<Database> | Transaction<Database>

/**
 * The admin key policy ("admins use hardware security keys", instance setting
 * `admin_hardware_keys`): while it is on, only a passkey whose attestation verified against a
 * trusted FIDO metadata statement (`ADMIN_KEY_METADATA_DIR`) counts as an admin's key. Who lacks
 * one cannot be made an admin, and an admin signed in with another passkey is refused admin routes.
 */
export async function readAdminKeyPolicy(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTINGS.adminHardwareKeys)
    .executeTakeFirst()
  return row !== undefined && JSON.parse(row.value) === true
}

/** True when the user holds at least one passkey that satisfies the policy. */
export async function holdsAdminKey(
  db: Executor,
  config: Pick<ApiConfig, 'adminKeyStatements'>,
  userId: string,
): Promise<boolean> {
  const statements = trustedStatements(config.adminKeyStatements)
  if (statements.size === 0) return false
  const rows = await db
    .selectFrom('credentials')
    .select(['aaguid', 'attested_model'])
    .where('user_id', '=', userId)
    .where('attested_model', 'is not', null)
    .execute()
  return rows.some((row) => isAdminKey(statements, row))
}

/** True when the passkey with this id satisfies the policy. */
export async function isAdminKeyCredential(
  db: Executor,
  config: Pick<ApiConfig, 'adminKeyStatements'>,
  credentialId: string | null,
): Promise<boolean> {
  if (credentialId === null) return false
  const row = await db
    .selectFrom('credentials')
    .select(['aaguid', 'attested_model'])
    .where('id', '=', credentialId)
    .executeTakeFirst()
  return row !== undefined && isAdminKey(trustedStatements(config.adminKeyStatements), row)
}

/** Display names (or ids) of the enabled admins holding no passkey that satisfies the policy. */
export async function adminsWithoutKey(
  db: Executor,
  config: Pick<ApiConfig, 'adminKeyStatements'>,
): Promise<string[]> {
  const admins = await db
    .selectFrom('users')
    .select(['id', 'display_name'])
    .where('role', '=', 'admin')
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .execute()
  const missing: string[] = []
  for (const admin of admins)
    if (!(await holdsAdminKey(db, config, admin.id))) missing.push(admin.display_name ?? admin.id)
  return missing
}

/**
 * ADMIN_KEY_REQUIRED: the policy is on and the passkey (or every passkey of the user) is not a
 * trusted hardware security key. `status` 403 for a ceremony or a session, 409 for a role change.
 */
export function adminKeyRequired(status: 403 | 409, message: string): ApiError {
  return new ApiError(status, 'ADMIN_KEY_REQUIRED', message)
}

/** The refusal of a new admin passkey whose attestation did not verify against a trusted model. */
export function adminKeyRegistrationRefused(): ApiError {
  return adminKeyRequired(
    403,
    'Admins of this instance use hardware security keys: this authenticator gave no attestation from a trusted model. Register with a security key your operator lists',
  )
}
