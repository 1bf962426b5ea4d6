import type { Database } from '@stratos/db/portable'
import type { RateLimitName } from '@stratos/schemas'
import type { Context } from 'hono'
import { type Kysely, sql } from 'kysely'
import type { Rate, RateLimits } from '../config.js'
import { ApiError } from '../errors.js'

/** What a limit counts by: the client's address, or the account (user, or the passkey tried). */
export type RateLimitKind = 'ip' | 'account'

/** What the caller is told each limit is about (the 429 message names it). */
const LIMIT_LABELS: Record<RateLimitName, string> = {
  auth: 'sign-in and registration',
  passkeys: 'passkey changes',
  evmRpc: 'EVM RPC',
  chains: 'network proxy',
  canton: 'Canton prepare and execute',
}

const KIND_LABELS: Record<RateLimitKind, string> = {
  ip: 'from your address',
  account: 'for this account',
}

/** A request counted against a limit: let through, or refused with the seconds until one would pass. */
export type RateLimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; rate: Rate }

/** Request counters shared by every process serving the instance (the `rate_limit_counters` table). */
export interface RateLimiter {
  /** Counts one request of `subject` against a limit; a limit that is off always lets it through. */
  hit(name: RateLimitName, kind: RateLimitKind, subject: string): Promise<RateLimitVerdict>
}

/**
 * Sliding-window rate limits over fixed-window counters in the database, so that every process
 * on the same database counts together. Each window of `windowSeconds` (aligned to the epoch) has
 * one counter per bucket and subject, raised by an atomic upsert. A request is let through when
 *
 *   previous window's count × (share of the previous window still inside the sliding window)
 *   + current window's count  ≤  limit
 *
 * which approximates "at most `limit` in any `windowSeconds`" without storing each request, and
 * has no burst of 2 × limit at a window edge as a plain fixed window does. Refused requests count
 * too: a client that keeps sending while limited stays limited (at most two windows).
 * Counters older than two windows are swept, at most once per window per process.
 */
export function createRateLimiter(db: Kysely<Database>, limits: RateLimits, clock: () => Date): RateLimiter {
  const windows = Object.values(limits).flatMap(({ ip, account }) =>
    [ip, account].flatMap((rate) => (rate ? [rate.windowSeconds * 1000] : [])),
  )
  const sweepEveryMs = Math.max(0, ...windows)
  let lastSweepMs = Number.NEGATIVE_INFINITY

  async function sweep(nowMs: number): Promise<void> {
    if (nowMs - lastSweepMs < sweepEveryMs) return
    lastSweepMs = nowMs
    await db
      .deleteFrom('rate_limit_counters')
      .where('window_start', '<', new Date(nowMs - 2 * sweepEveryMs).toISOString())
      .execute()
  }

  return {
    async hit(name, kind, subject) {
      const rate = limits[name][kind]
      if (!rate) return { allowed: true }
      const nowMs = clock().getTime()
      const windowMs = rate.windowSeconds * 1000
      const startMs = Math.floor(nowMs / windowMs) * windowMs
      const bucket = `${name}:${kind}`
      // INSERT … ON CONFLICT DO UPDATE … RETURNING is one atomic statement on SQLite and
      // PostgreSQL: concurrent requests in any process each see their own count.
      const { count: current } = await db
        .insertInto('rate_limit_counters')
        .values({ bucket, subject, window_start: new Date(startMs).toISOString(), count: 1 })
        .onConflict((oc) =>
          oc
            .columns(['bucket', 'subject', 'window_start'])
            .doUpdateSet({ count: sql<number>`${sql.ref('rate_limit_counters.count')} + 1` }),
        )
        .returning('count')
        .executeTakeFirstOrThrow()
      const previousRow = await db
        .selectFrom('rate_limit_counters')
        .select('count')
        .where('bucket', '=', bucket)
        .where('subject', '=', subject)
        .where('window_start', '=', new Date(startMs - windowMs).toISOString())
        .executeTakeFirst()
      await sweep(nowMs)
      const previous = Number(previousRow?.count ?? 0)
      const elapsed = (nowMs - startMs) / windowMs
      if (previous * (1 - elapsed) + Number(current) <= rate.limit) return { allowed: true }
      return {
        allowed: false,
        rate,
        retryAfterSeconds: secondsUntilAllowed(
          nowMs,
          startMs,
          windowMs,
          previous,
          Number(current),
          rate.limit,
        ),
      }
    },
  }
}

/**
 * When the next request would pass, were none sent meanwhile: within this window once enough of
 * the previous one has slid out, else in the next window once enough of this one has.
 */
function secondsUntilAllowed(
  nowMs: number,
  startMs: number,
  windowMs: number,
  previous: number,
  current: number,
  limit: number,
): number {
  // The next request counts current + 1: it passes when previous × (1 − elapsed) + current + 1 ≤ limit.
  const atMs =
    current + 1 <= limit
      ? startMs + windowMs * (1 - (limit - current - 1) / previous)
      : startMs + windowMs + windowMs * (1 - (limit - 1) / current)
  return Math.max(1, Math.ceil((atMs - nowMs) / 1000))
}

/**
 * Counts the request against `name`'s limit for `subject`; over it, answers 429 RATE_LIMITED
 * naming the limit, with `Retry-After` in seconds.
 */
export async function enforceRateLimit(
  c: Context,
  limiter: RateLimiter,
  name: RateLimitName,
  kind: RateLimitKind,
  subject: string,
): Promise<void> {
  const verdict = await limiter.hit(name, kind, subject)
  if (verdict.allowed) return
  const { retryAfterSeconds, rate } = verdict
  c.header('Retry-After', String(retryAfterSeconds))
  throw new ApiError(
    429,
    'RATE_LIMITED',
    `Too many ${LIMIT_LABELS[name]} requests ${KIND_LABELS[kind]} (limit '${name}' per ${kind}: ${rate.limit} per ${rate.windowSeconds} s); retry in ${retryAfterSeconds} s`,
  )
}
