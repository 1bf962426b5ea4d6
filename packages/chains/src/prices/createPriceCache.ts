import type { Price, PriceId, PriceProvider } from './PriceProvider.js'

/** What the cache answers for one id. */
export type PriceQuote =
  | {
      status: 'ok'
      price: Price
      /** When the provider gave this price. */
      fetchedAt: Date
      /** True when older than the TTL: served because the provider failed, within the max-stale bound. */
      stale: boolean
    }
  | {
      status: 'unavailable'
      /** `unknown`: the provider has no price for the id; `provider_failed`: it did not answer. */
      reason: 'unknown' | 'provider_failed'
    }

export interface CreatePriceCacheParameters {
  provider: PriceProvider
  /** The currency every price of this cache is in (`usd`). */
  currency: string
  /** A price is served without asking the provider again for this long after it was fetched. */
  ttlMs: number
  /**
   * While the provider fails, a price is still served (marked stale) until `ttlMs + maxStaleMs`
   * after it was fetched, never later. Default {@link DEFAULT_MAX_STALE_MS}.
   */
  maxStaleMs?: number | undefined
  /** After a failure the provider is not asked again for this long. Default 30 000 ms. */
  failureBackoffMs?: number | undefined
  /** The most ids kept; the least recently fetched go first. Default 2 000. */
  maxEntries?: number | undefined
  /** The current time (injected: tests move it, nothing sleeps). */
  clock: () => Date
  /** Told of each failure of the provider (to log it); the cache itself never throws it. */
  onError?: ((error: unknown) => void) | undefined
}

export interface PriceCache {
  /** A quote for each id (duplicates once), asking the provider only for ids not fresh. Never throws. */
  get(ids: readonly PriceId[]): Promise<Map<PriceId, PriceQuote>>
}

/** How long past its TTL a price may be served while the provider fails: 5 minutes. */
export const DEFAULT_MAX_STALE_MS = 5 * 60_000

interface Entry {
  /** Undefined: the provider answered without a price for this id. */
  price: Price | undefined
  fetchedAt: number
}

/**
 * Prices of one provider and currency, kept in memory: served from the cache within the TTL,
 * fetched again after it (one batch for every id due, however many callers ask at once). When the
 * provider fails, a price already held is served as stale up to the max-stale bound and then
 * reported unavailable; the provider is left alone for the backoff before the next try.
 */
export function createPriceCache({
  provider,
  currency,
  ttlMs,
  maxStaleMs = DEFAULT_MAX_STALE_MS,
  failureBackoffMs = 30_000,
  maxEntries = 2_000,
  clock,
  onError,
}: CreatePriceCacheParameters): PriceCache {
  const entries = new Map<PriceId, Entry>()
  const inFlight = new Map<PriceId, Promise<void>>()
  let retryAt = Number.NEGATIVE_INFINITY
  const now = () => clock().getTime()

  function store(id: PriceId, entry: Entry) {
    entries.delete(id)
    entries.set(id, entry)
    if (entries.size > maxEntries) {
      const oldest = entries.keys().next().value
      if (oldest !== undefined) entries.delete(oldest)
    }
  }

  function fetchDue(ids: PriceId[]): Promise<void> {
    const fetching = provider.getPrices(ids, currency).then(
      (prices) => {
        const fetchedAt = now()
        for (const id of ids) store(id, { price: prices.get(id), fetchedAt })
      },
      (error: unknown) => {
        retryAt = now() + failureBackoffMs
        onError?.(error)
      },
    )
    const done = fetching.finally(() => {
      for (const id of ids) if (inFlight.get(id) === done) inFlight.delete(id)
    })
    for (const id of ids) inFlight.set(id, done)
    return done
  }

  function quote(id: PriceId): PriceQuote {
    const entry = entries.get(id)
    if (!entry) return { status: 'unavailable', reason: 'provider_failed' }
    const age = now() - entry.fetchedAt
    if (age >= ttlMs + maxStaleMs) return { status: 'unavailable', reason: 'provider_failed' }
    if (entry.price === undefined) return { status: 'unavailable', reason: 'unknown' }
    return { status: 'ok', price: entry.price, fetchedAt: new Date(entry.fetchedAt), stale: age >= ttlMs }
  }

  return {
    async get(ids) {
      const unique = [...new Set(ids)]
      const started = now()
      const due = unique.filter((id) => {
        const entry = entries.get(id)
        return !inFlight.has(id) && (!entry || started - entry.fetchedAt >= ttlMs)
      })
      if (due.length > 0 && started >= retryAt) void fetchDue(due)
      await Promise.all(unique.flatMap((id) => inFlight.get(id) ?? []))
      return new Map(unique.map((id) => [id, quote(id)]))
    },
  }
}
