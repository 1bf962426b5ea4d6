import { ChainsError } from '@stratos/chains'
import { createCoinGeckoProvider } from '@stratos/chains/prices'
import type { AdminPriceSettings, AdminPriceSettingsRequest } from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { SETTINGS, writeSettingText } from '../../instanceSettings.js'
import { seal } from '../../secretsAtRest.js'
import {
  DEFAULT_PRICE_SETTINGS,
  describePriceSettings,
  readPriceSettings,
  type StoredPriceSettings,
} from './priceSettings.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/** GET /api/admin/prices: the settings in use (the defaults, off, until an admin saves). */
export async function readAdminPriceSettings(deps: Deps): Promise<AdminPriceSettings> {
  const stored = await readPriceSettings(deps.db, deps.config.instanceKey)
  return describePriceSettings(stored?.settings ?? DEFAULT_PRICE_SETTINGS, stored !== undefined)
}

/**
 * The key to store. Left out of the request, the key in use is kept, but only for the same origin:
 * pointing the URL elsewhere would otherwise hand it to another server.
 */
function resolveApiKey(input: AdminPriceSettingsRequest, previous: StoredPriceSettings | undefined) {
  if (input.apiKey === null) return undefined
  if (input.apiKey !== undefined) return input.apiKey
  if (previous?.apiKey === undefined) return undefined
  if (new URL(previous.baseUrl).origin !== new URL(input.baseUrl).origin)
    throw new ApiError(
      400,
      'INVALID_BODY',
      `apiKey: the key in use is kept only for ${new URL(previous.baseUrl).origin}; give it again for the new URL, or null to go without a key`,
    )
  return previous.apiKey
}

/** What the audit log records of the settings: everything but the key. */
function audited(settings: StoredPriceSettings) {
  const { apiKey, ...rest } = settings
  return { ...rest, hasApiKey: apiKey !== undefined }
}

/**
 * PUT /api/admin/prices: when prices are on, checks that the provider answers with the key given
 * and prices in the currency (`/simple/supported_vs_currencies`); then saves the settings (sealed)
 * and their audit entry in one transaction. Nothing is saved when the check fails.
 */
export async function updateAdminPriceSettings(
  deps: Deps,
  actor: Actor,
  input: AdminPriceSettingsRequest,
  fetchFn: typeof fetch = (url, init) => fetch(url, init),
): Promise<AdminPriceSettings> {
  const previous = (await readPriceSettings(deps.db, deps.config.instanceKey))?.settings
  const apiKey = resolveApiKey(input, previous)
  const settings: StoredPriceSettings = {
    enabled: input.enabled,
    baseUrl: input.baseUrl.replace(/\/+$/, ''),
    apiKeyHeader: input.apiKeyHeader,
    ...(apiKey === undefined ? {} : { apiKey }),
    currency: input.currency,
    ttlSeconds: input.ttlSeconds,
  }
  if (settings.enabled) {
    const provider = createCoinGeckoProvider({ ...settings, fetch: fetchFn })
    let currencies: string[]
    try {
      currencies = await provider.supportedCurrencies()
    } catch (error) {
      if (!(error instanceof ChainsError)) throw error
      throw new ApiError(400, 'PRICE_PROVIDER_UNREACHABLE', `Not saved: ${error.shortMessage}`)
    }
    if (!currencies.includes(settings.currency))
      throw new ApiError(
        400,
        'PRICE_CURRENCY_UNSUPPORTED',
        `Not saved: the price provider has no prices in '${settings.currency}'`,
      )
  }

  const now = deps.clock()
  const sealed = await seal(deps.config.instanceKey, SETTINGS.priceProvider, settings)
  await deps.db.transaction().execute(async (trx) => {
    await writeSettingText(trx, SETTINGS.priceProvider, sealed, now)
    await writeAuditEntry(trx, {
      actor,
      action: 'settings.prices.update',
      target: SETTINGS.priceProvider,
      at: now,
      details: {
        before: previous ? audited(previous) : null,
        after: audited(settings),
        // Whether the key differs from the one in use before; never its value.
        apiKeyChanged: previous?.apiKey !== settings.apiKey,
      },
    })
  })
  return describePriceSettings(settings, true)
}
