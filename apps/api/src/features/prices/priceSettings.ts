import type { Database } from '@stratos/db/portable'
import type { AdminPriceSettings, PriceApiKeyHeader } from '@stratos/schemas'
import { PRICE_TTL_SECONDS } from '@stratos/schemas'
import type { Kysely } from 'kysely'
import { SETTINGS } from '../../instanceSettings.js'
import { isSealed, unseal } from '../../secretsAtRest.js'

/**
 * The price provider an admin sets, as stored in `instance_settings` (`price_provider`), sealed
 * under the instance key since it holds the provider's API key. No response, log line or audit
 * entry carries the key.
 */
export interface StoredPriceSettings {
  enabled: boolean
  baseUrl: string
  apiKeyHeader: PriceApiKeyHeader
  apiKey?: string | undefined
  currency: string
  ttlSeconds: number
}

/** What an instance has before an admin saves: prices off, CoinGecko's public API in US dollars. */
export const DEFAULT_PRICE_SETTINGS: StoredPriceSettings = {
  enabled: false,
  baseUrl: 'https://api.coingecko.com/api/v3',
  apiKeyHeader: 'x-cg-demo-api-key',
  currency: 'usd',
  ttlSeconds: PRICE_TTL_SECONDS.default,
}

/** How long past its TTL a price is served while the provider fails: 5 minutes (the cache's default). */
export const MAX_STALE_SECONDS = 300

/** The stored settings and their stored text (to notice a change), or undefined before any save. */
export async function readPriceSettings(
  db: Kysely<Database>,
  instanceKey: string,
): Promise<{ text: string; settings: StoredPriceSettings } | undefined> {
  const row = await db
    .selectFrom('instance_settings')
    .select('value')
    .where('key', '=', SETTINGS.priceProvider)
    .executeTakeFirst()
  if (!row) return undefined
  // A clear value (a replica older than sealing) is read as it is until `sealStoredSecrets` seals it.
  const settings = (
    isSealed(row.value) ? await unseal(instanceKey, SETTINGS.priceProvider, row.value) : JSON.parse(row.value)
  ) as StoredPriceSettings
  return { text: row.value, settings }
}

/** The settings as an admin sees them: everything but the key, of which only whether one is set. */
export function describePriceSettings(settings: StoredPriceSettings, saved: boolean): AdminPriceSettings {
  return {
    enabled: settings.enabled,
    baseUrl: settings.baseUrl,
    apiKeyHeader: settings.apiKeyHeader,
    hasApiKey: settings.apiKey !== undefined,
    currency: settings.currency,
    ttlSeconds: settings.ttlSeconds,
    maxStaleSeconds: MAX_STALE_SECONDS,
    saved,
  }
}
