import { type CoinGeckoStub, startCoinGeckoStub } from '@stratos/chains/prices-stub'
import { afterEach, describe, expect, test } from 'vitest'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

const KEY = 'CG-test-key-5bd1e2f07a'

/** Settings pointing at the CoinGecko stub, with the key in the Pro header. */
function settingsFor(stub: CoinGeckoStub, overrides: Record<string, unknown> = {}) {
  return {
    enabled: true,
    baseUrl: stub.baseUrl,
    apiKeyHeader: 'x-cg-pro-api-key',
    apiKey: KEY,
    currency: 'usd',
    ttlSeconds: 60,
    ...overrides,
  }
}

async function pricesAudit(t: TestApp) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'settings.prices.update')
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({
    actor: row.actor_user_id,
    target: row.target,
    details: JSON.parse(row.details),
  }))
}

describe.each(API_TARGETS)('prices on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const stubs: CoinGeckoStub[] = []
  afterEach(async () => {
    await Promise.all(stubs.splice(0).map((stub) => stub.stop().catch(() => undefined)))
  })
  const setup = async () => {
    const stub = await startCoinGeckoStub({
      apiKey: KEY,
      apiKeyHeader: 'x-cg-pro-api-key',
      prices: { bitcoin: { usd: 67187.3358936566 }, ethereum: { usd: 3500.25 } },
    })
    stubs.push(stub)
    const t = createTestApp(await databases.fresh())
    return { t, stub, ...(await adminAndUser(t)) }
  }

  describe('admin settings', () => {
    test('behavior: off until an admin saves; the key is write-only, sealed at rest, and audited without it', async () => {
      const { t, stub, admin, adminId } = await setup()
      const before = await admin.get('/api/admin/prices')
      expect(before.status).toBe(200)
      expect(before.body).toEqual({
        enabled: false,
        baseUrl: 'https://api.coingecko.com/api/v3',
        apiKeyHeader: 'x-cg-demo-api-key',
        hasApiKey: false,
        currency: 'usd',
        ttlSeconds: 60,
        maxStaleSeconds: 300,
        saved: false,
      })

      const saved = await admin.put('/api/admin/prices', settingsFor(stub))
      expect(saved.status, saved.text).toBe(200)
      const expected = {
        enabled: true,
        baseUrl: stub.baseUrl,
        apiKeyHeader: 'x-cg-pro-api-key',
        hasApiKey: true,
        currency: 'usd',
        ttlSeconds: 60,
        maxStaleSeconds: 300,
        saved: true,
      }
      expect(saved.body).toEqual(expected)
      expect(saved.text).not.toContain(KEY)
      const read = await admin.get('/api/admin/prices')
      expect(read.body).toEqual(expected)
      expect(read.text).not.toContain(KEY)
      // The check on save asked the stub with the key in the configured header.
      expect(stub.requests.map((r) => [r.path, r.apiKey])).toEqual([
        ['/api/v3/simple/supported_vs_currencies', KEY],
      ])

      const row = await t.db
        .selectFrom('instance_settings')
        .select('value')
        .where('key', '=', 'price_provider')
        .executeTakeFirstOrThrow()
      expect(row.value).not.toContain(KEY)
      expect(JSON.parse(row.value)).toMatchObject({ sealed: 'v1' })

      const audit = await pricesAudit(t)
      expect(audit).toEqual([
        {
          actor: adminId,
          target: 'price_provider',
          details: {
            before: null,
            after: {
              enabled: true,
              baseUrl: stub.baseUrl,
              apiKeyHeader: 'x-cg-pro-api-key',
              hasApiKey: true,
              currency: 'usd',
              ttlSeconds: 60,
            },
            apiKeyChanged: true,
          },
        },
      ])
      expect(JSON.stringify(audit)).not.toContain(KEY)
      expect(t.logs.join('\n')).not.toContain(KEY)
    })

    test('behavior: a key left out is kept for the same server; for another server it must be given again', async () => {
      const { t, stub, admin } = await setup()
      expect((await admin.put('/api/admin/prices', settingsFor(stub))).status).toBe(200)
      const { apiKey: _, ...withoutKey } = settingsFor(stub, { ttlSeconds: 120 })
      const kept = await admin.put('/api/admin/prices', withoutKey)
      expect(kept.status, kept.text).toBe(200)
      expect(kept.body).toMatchObject({ hasApiKey: true, ttlSeconds: 120 })
      expect(stub.requests.at(-1)?.apiKey).toBe(KEY)
      expect((await pricesAudit(t)).at(-1)?.details.apiKeyChanged).toBe(false)

      const elsewhere = await admin.put('/api/admin/prices', {
        ...withoutKey,
        baseUrl: 'http://127.0.0.2:9/api/v3',
      })
      expect(elsewhere.status).toBe(400)
      expect(elsewhere.body).toMatchObject({
        code: 'INVALID_BODY',
        message: expect.stringMatching(/^apiKey: the key in use is kept only for http:\/\/127\.0\.0\.1:/),
      })

      const removed = await admin.put('/api/admin/prices', { ...withoutKey, enabled: false, apiKey: null })
      expect(removed.status).toBe(200)
      expect(removed.body).toMatchObject({ enabled: false, hasApiKey: false })
    })

    test('error: a provider that does not answer, refuses the key or lacks the currency is not saved', async () => {
      const { t, stub, admin } = await setup()
      const wrongKey = await admin.put('/api/admin/prices', settingsFor(stub, { apiKey: 'CG-wrong' }))
      expect(wrongKey.status).toBe(400)
      expect(wrongKey.body.code).toBe('PRICE_PROVIDER_UNREACHABLE')
      expect(wrongKey.body.message).toMatch(
        /^Not saved: The price provider at 127\.0\.0\.1:\d+ answered HTTP 401: .*check the API key and its header/,
      )
      expect(wrongKey.text).not.toContain('CG-wrong')

      const currency = await admin.put('/api/admin/prices', settingsFor(stub, { currency: 'xyz' }))
      expect(currency.status).toBe(400)
      expect(currency.body).toEqual({
        code: 'PRICE_CURRENCY_UNSUPPORTED',
        message: "Not saved: the price provider has no prices in 'xyz'",
      })

      await stub.stop()
      const down = await admin.put('/api/admin/prices', settingsFor(stub))
      expect(down.status).toBe(400)
      expect(down.body.message).toMatch(
        /^Not saved: The price provider at 127\.0\.0\.1:\d+ could not be reached\.$/,
      )

      expect((await admin.get('/api/admin/prices')).body).toMatchObject({ enabled: false, saved: false })
      expect(await pricesAudit(t)).toEqual([])
    })

    test('error: bad settings are a 400 naming the field', async () => {
      const { stub, admin } = await setup()
      for (const [change, field] of [
        [{ baseUrl: 'ftp://prices.example' }, 'baseUrl'],
        [{ baseUrl: 'https://user:pw@prices.example/api/v3' }, 'baseUrl'],
        [{ apiKeyHeader: 'authorization' }, 'apiKeyHeader'],
        [{ currency: 'USD' }, 'currency'],
        [{ ttlSeconds: 5 }, 'ttlSeconds'],
        [{ ttlSeconds: 1.5 }, 'ttlSeconds'],
        [{ apiKey: '' }, 'apiKey'],
      ] as const) {
        const answer = await admin.put('/api/admin/prices', settingsFor(stub, change))
        expect(answer.status, JSON.stringify(change)).toBe(400)
        expect(answer.body.code).toBe('INVALID_BODY')
        expect(answer.body.message).toContain(field)
      }
      expect(stub.requests).toEqual([])
    })

    test('error: a wallet user may not read or set the price provider (403)', async () => {
      const { stub, user } = await setup()
      expect((await user.get('/api/admin/prices')).status).toBe(403)
      expect((await user.put('/api/admin/prices', settingsFor(stub))).status).toBe(403)
      expect(stub.requests).toEqual([])
    })
  })

  describe('GET /api/prices', () => {
    test('behavior: with no provider every id is unavailable (not_configured), a 200', async () => {
      const { user } = await setup()
      const answer = await user.get('/api/prices?ids=bitcoin,ethereum')
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual({
        currency: null,
        prices: {
          bitcoin: { status: 'unavailable', reason: 'not_configured' },
          ethereum: { status: 'unavailable', reason: 'not_configured' },
        },
      })
    })

    test('behavior: with the CoinGecko stub, prices come from one request, cached for every user within the TTL', async () => {
      const { t, stub, admin, user } = await setup()
      expect((await admin.put('/api/admin/prices', settingsFor(stub))).status).toBe(200)
      const answer = await user.get('/api/prices?ids=bitcoin,ethereum,no-such-coin')
      expect(answer.status, answer.text).toBe(200)
      expect(answer.body).toEqual({
        currency: 'usd',
        prices: {
          bitcoin: { status: 'ok', price: '67187.3358936566', asOf: expect.any(String), stale: false },
          ethereum: { status: 'ok', price: '3500.25', asOf: expect.any(String), stale: false },
          'no-such-coin': { status: 'unavailable', reason: 'unknown' },
        },
      })
      const priceRequests = () => stub.requests.filter((r) => r.path === '/api/v3/simple/price')
      expect(priceRequests()).toEqual([
        {
          path: '/api/v3/simple/price',
          ids: ['bitcoin', 'ethereum', 'no-such-coin'],
          vsCurrencies: 'usd',
          apiKey: KEY,
        },
      ])

      // Another user, within the TTL: the same prices, no new request.
      stub.setPrice('bitcoin', 'usd', 70000)
      const again = await admin.get('/api/prices?ids=bitcoin')
      expect(again.body.prices.bitcoin).toMatchObject({ price: '67187.3358936566' })
      expect(priceRequests()).toHaveLength(1)

      t.advance(60)
      const later = await user.get('/api/prices?ids=bitcoin')
      expect(later.body.prices.bitcoin).toMatchObject({ status: 'ok', price: '70000', stale: false })
      expect(priceRequests()).toHaveLength(2)
      expect(t.logs.join('\n')).not.toContain(KEY)
    })

    test('behavior: the CoinGecko stub down: still a 200, stale within max-stale, then unavailable; the key in no log', async () => {
      const { t, stub, admin, user } = await setup()
      expect((await admin.put('/api/admin/prices', settingsFor(stub))).status).toBe(200)
      expect((await user.get('/api/prices?ids=bitcoin')).body.prices.bitcoin.status).toBe('ok')
      await stub.stop()

      const never = await user.get('/api/prices?ids=ethereum')
      expect(never.status).toBe(200)
      expect(never.body.prices.ethereum).toEqual({ status: 'unavailable', reason: 'provider_failed' })

      t.advance(60)
      const stale = await user.get('/api/prices?ids=bitcoin')
      expect(stale.status).toBe(200)
      expect(stale.body.prices.bitcoin).toMatchObject({
        status: 'ok',
        price: '67187.3358936566',
        stale: true,
      })

      t.advance(300)
      const gone = await user.get('/api/prices?ids=bitcoin')
      expect(gone.status).toBe(200)
      expect(gone.body.prices.bitcoin).toEqual({ status: 'unavailable', reason: 'provider_failed' })

      const logs = t.logs.join('\n')
      expect(logs).toContain('price provider failed')
      expect(logs).not.toContain(KEY)
    })

    test('behavior: a rate-limited CoinGecko stub (429) is unavailable, a 200', async () => {
      const { stub, admin, user } = await setup()
      expect((await admin.put('/api/admin/prices', settingsFor(stub))).status).toBe(200)
      stub.setMode('rate-limited', 60)
      const answer = await user.get('/api/prices?ids=bitcoin')
      expect(answer.status).toBe(200)
      expect(answer.body.prices.bitcoin).toEqual({ status: 'unavailable', reason: 'provider_failed' })
    })

    test('error: ids that are missing, malformed, repeated or too many are a 400; anonymous is a 401', async () => {
      const { t, user } = await setup()
      for (const query of [
        '',
        '?ids=',
        '?ids=Bitcoin',
        '?ids=a,,b',
        '?ids=bitcoin,bitcoin',
        `?ids=${Array.from({ length: 101 }, (_, i) => `c${i}`).join(',')}`,
      ]) {
        const answer = await user.get(`/api/prices${query}`)
        expect(answer.status, query).toBe(400)
        expect(answer.body.code).toBe('INVALID_QUERY')
      }
      expect((await t.browser().client.get('/api/prices?ids=bitcoin')).status).toBe(401)
    })
  })
})
