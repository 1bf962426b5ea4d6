import { z } from 'zod'

/**
 * A price id: the asset's id at the price provider (a CoinGecko coin id such as `bitcoin`,
 * `usd-coin`, `avalanche-2`): lower-case letters, digits, `-`, `_`, `.`; 1 to 100 characters.
 * The same rule as `PRICE_ID_PATTERN` of `@stratos/chains/prices`.
 */
export const PriceId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{0,99}$/,
    'expected a price id: lower-case letters, digits, -, _ and . (at most 100)',
  )
export type PriceId = z.infer<typeof PriceId>

/** The most ids one `GET /api/prices` asks for. */
export const MAX_PRICE_IDS = 100

/** A currency code as CoinGecko's `vs_currencies` takes it: three lower-case letters (`usd`, `eur`, `btc`). */
export const PriceCurrency = z
  .string()
  .regex(/^[a-z]{3}$/, 'currency: expected a code of three lower-case letters, such as usd')

/** A price as the API sends it: a decimal string (a display value; never mixed into base-unit amounts). */
export const Price = z.string().regex(/^\d{1,40}(\.\d{1,40})?$/)

/** GET /api/prices?ids=bitcoin,ethereum: the ids, comma-separated, each once. */
export const PricesQuery = z.object({
  ids: z
    .string()
    .max(MAX_PRICE_IDS * 101, `ids: at most ${MAX_PRICE_IDS} ids`)
    .transform((value) => value.split(','))
    .pipe(
      z
        .array(
          z
            .string()
            .regex(
              /^[a-z0-9][a-z0-9._-]{0,99}$/,
              'ids: each a price id (lower-case letters, digits, -, _ and .; at most 100)',
            ),
        )
        .min(1, 'ids: Required')
        .max(MAX_PRICE_IDS, `ids: at most ${MAX_PRICE_IDS} ids`)
        .refine((ids) => new Set(ids).size === ids.length, 'ids: each id once'),
    ),
})
export type PricesQuery = z.infer<typeof PricesQuery>

/** The price of one id, or why there is none. */
export const PriceQuote = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    price: Price,
    /** When the provider gave it (ISO 8601). */
    asOf: z.iso.datetime(),
    /** Older than the TTL: the provider failed since, and this is the last price it gave. */
    stale: z.boolean(),
  }),
  z.object({
    status: z.literal('unavailable'),
    /**
     * `not_configured`: the instance shows no prices; `provider_failed`: the provider did not
     * answer (or only long ago); `unknown`: the provider has no price for this id.
     */
    reason: z.enum(['not_configured', 'provider_failed', 'unknown']),
  }),
])
export type PriceQuote = z.infer<typeof PriceQuote>

/** GET /api/prices: a quote per id asked, in the instance's currency (null when prices are off). */
export const PricesResponse = z.object({
  currency: PriceCurrency.nullable(),
  prices: z.record(z.string(), PriceQuote),
})
export type PricesResponse = z.infer<typeof PricesResponse>

/** The headers a CoinGecko key goes in: the paid plans' and the free Demo plan's. */
export const PriceApiKeyHeader = z.enum(['x-cg-pro-api-key', 'x-cg-demo-api-key'], {
  error: 'apiKeyHeader: expected x-cg-pro-api-key or x-cg-demo-api-key',
})
export type PriceApiKeyHeader = z.infer<typeof PriceApiKeyHeader>

/** Seconds a price is served from the cache before the provider is asked again. */
export const PRICE_TTL_SECONDS = { min: 10, max: 3600, default: 60 } as const

/** GET/PUT /api/admin/prices: the price provider (never its key: only whether one is set). */
export const AdminPriceSettings = z.object({
  enabled: z.boolean(),
  /** A CoinGecko-compatible API base (`https://api.coingecko.com/api/v3`). */
  baseUrl: z.string(),
  apiKeyHeader: PriceApiKeyHeader,
  hasApiKey: z.boolean(),
  currency: PriceCurrency,
  ttlSeconds: z.number().int(),
  /** How long past the TTL a price is still served while the provider fails (fixed). */
  maxStaleSeconds: z.number().int(),
  /** Whether an admin ever saved these settings (otherwise they are the defaults, and off). */
  saved: z.boolean(),
})
export type AdminPriceSettings = z.infer<typeof AdminPriceSettings>

/**
 * PUT /api/admin/prices. `apiKey`: a new key; left out, the key in use is kept, but only for the
 * same base URL origin (it never goes to another server); null removes it.
 */
export const AdminPriceSettingsRequest = z
  .object({
    enabled: z.boolean(),
    baseUrl: z
      .string()
      .trim()
      .min(1, 'baseUrl: Required')
      .max(2000, 'baseUrl: at most 2000 characters')
      .refine((value) => {
        try {
          const url = new URL(value)
          return (
            (url.protocol === 'http:' || url.protocol === 'https:') &&
            !url.username &&
            !url.password &&
            !url.search &&
            !url.hash
          )
        } catch {
          return false
        }
      }, 'baseUrl: expected the http(s) base URL of a CoinGecko-compatible API (such as https://api.coingecko.com/api/v3), without credentials, query or fragment'),
    apiKeyHeader: PriceApiKeyHeader,
    apiKey: z
      .string()
      .trim()
      .min(1, 'apiKey: empty (leave it out to keep the key in use, or send null to remove it)')
      .max(500, 'apiKey: at most 500 characters')
      .regex(/^[\x21-\x7e]+$/, 'apiKey: printable ASCII without spaces')
      .nullable()
      .exactOptional(),
    currency: PriceCurrency,
    ttlSeconds: z
      .number()
      .int('ttlSeconds: expected a whole number of seconds')
      .min(PRICE_TTL_SECONDS.min, `ttlSeconds: at least ${PRICE_TTL_SECONDS.min}`)
      .max(PRICE_TTL_SECONDS.max, `ttlSeconds: at most ${PRICE_TTL_SECONDS.max}`),
  })
  .strict()
export type AdminPriceSettingsRequest = z.infer<typeof AdminPriceSettingsRequest>
