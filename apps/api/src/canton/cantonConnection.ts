import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import type { CantonConfig } from '../config.js'
import { SETTINGS } from '../instanceSettings.js'
import { isSealed, unseal } from '../secretsAtRest.js'
import { type CantonLedger, createCantonLedger } from './cantonLedger.js'

/**
 * The Canton connection an admin sets, as stored in `instance_settings`: sealed under the instance
 * key (`secretsAtRest.ts`), since it holds the token, JWT secret or OAuth2 client secret. No
 * response and no audit entry ever carries them.
 */
export interface StoredCantonConnection {
  url: string
  synchronizerId?: string | undefined
  auth:
    | { kind: 'token'; token: string }
    | { kind: 'jwt'; secret: string; userId: string; audience?: string | undefined }
    | {
        kind: 'oauth2'
        tokenUrl: string
        clientId: string
        clientSecret: string
        userId: string
        audience?: string | undefined
        scope?: string | undefined
        clientAuth?: 'client_secret_basic' | 'client_secret_post' | undefined
      }
  instrument?: { admin: string; id: string } | undefined
  /** The instrument's token registry (its base URL, and the bearer token it wants, if any). */
  registry?: { url: string; token?: string | undefined } | undefined
}

/** Where the connection in use comes from. */
export type CantonSource = 'env' | 'settings' | 'none'

export interface CurrentCanton {
  source: CantonSource
  ledger: CantonLedger | null
}

export interface CantonConnection {
  /**
   * The connection in use now: the admin-set one, else CANTON_* from the environment, else none.
   * Reads the setting on every call (one primary-key lookup), so every API replica follows a change
   * at once; the ledger client is rebuilt only when the setting changed (its token cache survives).
   */
  current(): Promise<CurrentCanton>
}

/** The stored connection as the API's CantonConfig. */
export function cantonConfigOf(stored: StoredCantonConnection): CantonConfig {
  return {
    url: stored.url,
    synchronizerId: stored.synchronizerId,
    auth: authConfigOf(stored.auth),
    userId: stored.auth.kind === 'token' ? undefined : stored.auth.userId,
    registryUrl: stored.registry?.url,
    registryToken: stored.registry?.token,
    instrument: stored.instrument ?? null,
  }
}

function authConfigOf(auth: StoredCantonConnection['auth']): CantonConfig['auth'] {
  switch (auth.kind) {
    case 'token':
      return { kind: 'token', token: auth.token }
    case 'jwt':
      return { kind: 'hs256', secret: auth.secret, audience: auth.audience }
    case 'oauth2':
      return {
        kind: 'oauth2',
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        clientSecret: auth.clientSecret,
        audience: auth.audience,
        scope: auth.scope,
        clientAuth: auth.clientAuth ?? 'client_secret_basic',
      }
  }
}

/**
 * Follows the `canton_connection` setting, falling back to `envConfig` (CANTON_* variables). The
 * setting is opened with `instanceKey`; a clear value (written by a version before sealing, e.g. a
 * replica not yet replaced in a rolling upgrade) is read as it is until `sealStoredSecrets` seals it.
 * `clock` is the API's: Ledger API tokens are renewed by it.
 */
export function createCantonConnection(
  db: Kysely<Database>,
  envConfig: CantonConfig | null,
  instanceKey: string,
  fetchFn: typeof fetch = fetch,
  clock: () => Date = () => new Date(),
): CantonConnection {
  const now = () => clock().getTime()
  const fromEnv: CurrentCanton = envConfig
    ? { source: 'env', ledger: createCantonLedger(envConfig, fetchFn, now) }
    : { source: 'none', ledger: null }
  let fromSettings: { text: string; current: CurrentCanton } | undefined

  return {
    async current() {
      const row = await db
        .selectFrom('instance_settings')
        .select('value')
        .where('key', '=', SETTINGS.cantonConnection)
        .executeTakeFirst()
      if (!row) return fromEnv
      if (fromSettings?.text !== row.value) {
        const stored = (
          isSealed(row.value)
            ? await unseal(instanceKey, SETTINGS.cantonConnection, row.value)
            : JSON.parse(row.value)
        ) as StoredCantonConnection
        fromSettings = {
          text: row.value,
          current: { source: 'settings', ledger: createCantonLedger(cantonConfigOf(stored), fetchFn, now) },
        }
      }
      return fromSettings.current
    },
  }
}
