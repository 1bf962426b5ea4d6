import { routes } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../config.js'
import { register } from '../testing/ceremonies.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { parseRange } from './clientAddress.js'
import { createRateLimiter } from './rateLimit.js'

/** The reverse proxy every test browser connects through; it reports the client in X-Forwarded-For. */
const PROXY = '10.0.0.1'

function limits(overrides: Partial<RateLimits>): RateLimits {
  return { ...DEFAULT_RATE_LIMITS, ...overrides }
}

describe.each(DB_KINDS)('rate limits on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function appWith(rateLimits: RateLimits, maxChallengesPerClient = 20) {
    const t = createTestApp(await databases.fresh(), {
      rateLimits,
      maxChallengesPerClient,
      trustedProxies: [parseRange(PROXY)!],
    })
    return { t, ...t.browser({ remoteAddress: PROXY }) }
  }

  const from = (ip: string) => ({ 'x-forwarded-for': ip })

  test('behavior: login options from one address get 429 RATE_LIMITED after the limit, with Retry-After; another address is unaffected; the window reopens when the clock passes it', async () => {
    const { t, client } = await appWith(
      limits({ auth: { ip: { limit: 3, windowSeconds: 60 }, account: null } }),
    )
    const loginOptions = (ip: string) => client.request('POST', routes.loginOptions.path, {}, from(ip))
    for (let i = 0; i < 3; i++) expect((await loginOptions('203.0.113.5')).status).toBe(200)

    const limited = await loginOptions('203.0.113.5')
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('RATE_LIMITED')
    expect(limited.body.message).toContain("limit 'auth' per ip: 3 per 60 s")
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 120).toBe(true)
    expect(limited.body.message).toContain(`retry in ${retryAfter} s`)
    expect(limited.headers.get('x-content-type-options')).toBe('nosniff')

    expect((await loginOptions('198.51.100.7')).status).toBe(200)

    t.advance(retryAfter)
    expect((await loginOptions('203.0.113.5')).status).toBe(200)
  })

  test('behavior: the limit counts the address the trusted proxy reports, never one an untrusted peer claims', async () => {
    const { t } = await appWith(limits({ auth: { ip: { limit: 2, windowSeconds: 60 }, account: null } }))
    const direct = t.browser({ remoteAddress: '192.0.2.50' }).client
    const statuses: number[] = []
    // Each request claims another address; none is believed, so all count against the peer's.
    for (let i = 1; i <= 3; i++)
      statuses.push(
        (await direct.request('POST', routes.loginOptions.path, {}, from(`203.0.113.${i}`))).status,
      )
    expect(statuses).toEqual([200, 200, 429])
  })

  test('behavior: the per-account limit holds across addresses (adding a passkey)', async () => {
    const { client, authenticator } = await appWith(
      limits({ passkeys: { ip: null, account: { limit: 2, windowSeconds: 60 } } }),
    )
    expect(
      (await register(client, authenticator, { displayName: 'Alice', addresses: testAddresses(1) })).status,
    ).toBe(200)
    const statuses: number[] = []
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      statuses.push((await client.request('POST', routes.addCredentialOptions.path, {}, from(ip))).status)
    expect(statuses).toEqual([200, 200, 429])
    const limited = await client.request('DELETE', '/api/me/credentials/any', undefined, from('203.0.113.4'))
    expect(limited.status).toBe(429)
    expect(limited.body.message).toContain("limit 'passkeys' per account")
  })

  test('behavior: sign-in attempts count per passkey tried, whichever addresses they come from', async () => {
    // The bound on one client's open challenges (20 by default) is another rule: out of the way here.
    const { client } = await appWith(limits({ auth: { ip: null, account: { limit: 2, windowSeconds: 60 } } }))
    const attempt = (credentialId: string, ip: string) =>
      client.request(
        'POST',
        routes.loginVerify.path,
        {
          challengeId: 'no-such-challenge',
          response: {
            id: credentialId,
            rawId: credentialId,
            type: 'public-key',
            response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
            clientExtensionResults: {},
          },
        },
        from(ip),
      )
    const statuses: number[] = []
    for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
      statuses.push((await attempt('Y3JlZC1h', ip)).status)
    // The first two fail verification (no such challenge); the third is refused before it.
    expect(statuses.map((s) => s === 429)).toEqual([false, false, true])
    expect((await attempt('Y3JlZC1i', '203.0.113.1')).status).not.toBe(429)
  })

  test('behavior: a limit set to off never answers 429', async () => {
    // The bound on one client's open challenges (20 by default) is another rule: out of the way here.
    const { client } = await appWith(limits({ auth: { ip: null, account: null } }), 1_000)
    for (let i = 0; i < 40; i++)
      expect((await client.request('POST', routes.loginOptions.path, {}, from('203.0.113.5'))).status).toBe(
        200,
      )
  })

  describe('createRateLimiter', () => {
    const WINDOW = 60_000
    /** A clock the test sets; starts at the beginning of a window. */
    function clockAt(startMs = 1_000 * WINDOW) {
      let now = startMs
      return { clock: () => new Date(now), set: (ms: number) => (now = startMs + ms) }
    }

    test('behavior: no burst of twice the limit at a window edge (the previous window still counts)', async () => {
      const db = await databases.fresh()
      const time = clockAt()
      const limiter = createRateLimiter(
        db,
        limits({ canton: { ip: { limit: 10, windowSeconds: 60 }, account: null } }),
        time.clock,
      )
      time.set(59_000)
      for (let i = 0; i < 10; i++) expect((await limiter.hit('canton', 'ip', 'a')).allowed).toBe(true)
      time.set(61_000)
      const edge = await limiter.hit('canton', 'ip', 'a')
      expect(edge).toMatchObject({ allowed: false })
      // A fixed window would have let it through. The next request (the second of this window)
      // passes once 10 × (1 − elapsed) + 2 ≤ 10: at 12 s into this window, 11 s from now.
      expect(edge.allowed === false && edge.retryAfterSeconds).toBe(11)
      time.set(72_000)
      expect((await limiter.hit('canton', 'ip', 'a')).allowed).toBe(true)
    })

    test('behavior: counters older than two windows are swept', async () => {
      const db = await databases.fresh()
      const time = clockAt()
      const limiter = createRateLimiter(
        db,
        limits({ canton: { ip: { limit: 10, windowSeconds: 60 }, account: null } }),
        time.clock,
      )
      await limiter.hit('canton', 'ip', 'a')
      await limiter.hit('canton', 'ip', 'b')
      time.set(3 * WINDOW + 1_000)
      await limiter.hit('canton', 'ip', 'c')
      const rows = await db.selectFrom('rate_limit_counters').select(['subject', 'count']).execute()
      expect(rows.map((r) => [r.subject, Number(r.count)])).toEqual([['c', 1]])
    })
  })
})
