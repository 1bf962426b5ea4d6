import type { RouteDefinition } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { MAX_BODY_BYTES } from '../app.js'
import { ensureAdminEnrollment } from '../enrollment/ensureAdminEnrollment.js'
import { SESSION_COOKIE } from '../sessions/sessions.js'
import { login, register } from '../testing/ceremonies.js'
import { type FuzzRequest, fuzzRequests, seededRandom } from '../testing/fuzzRequests.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../testing/testApp.js'
import type { TestClient } from '../testing/testClient.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { servedRoutes } from './servedRoutes.js'

/** Fixed so a failure reproduces; FUZZ_SEED=<n> explores others. */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_202)

/**
 * The 5xx answers the fuzz accepts: a route's documented upstream failure while that upstream is
 * absent here (no Canton participant configured, so no DeFi either; the EVM node URL is a closed
 * port). Each is allowed only on a route whose contract lists the status.
 */
const UPSTREAM_ABSENT = new Set([
  '503 CANTON_NOT_CONFIGURED',
  '503 DEFI_NOT_ENABLED',
  '502 RPC_UPSTREAM_ERROR',
  '502 EVM_UNAVAILABLE',
  '502 CHAIN_UPSTREAM_ERROR',
])

/** Who may call a route with each access; the others are refused before any input is read. */
const ALLOWED: Record<RouteDefinition['access'], Identity[]> = {
  public: ['anonymous', 'user', 'admin'],
  session: ['user', 'admin'],
  admin: ['admin'],
}

type Identity = 'anonymous' | 'user' | 'admin'

/** Malformed cookies: sent as anonymous on every route. */
const COOKIES: Record<string, string> = {
  'empty session': `${SESSION_COOKIE}=`,
  'garbage session': `${SESSION_COOKIE}=not.a.jwt`,
  'bad percent session': `${SESSION_COOKIE}=%zz%`,
  'encoded NUL session': `${SESSION_COOKIE}=%00`,
  'forged JWT': `${SESSION_COOKIE}=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.`,
  'huge session': `${SESSION_COOKIE}=${'a'.repeat(8000)}`,
  'two sessions': `${SESSION_COOKIE}=a; ${SESSION_COOKIE}=b`,
  'no equals sign': 'garbage',
}

describe.each(DB_KINDS)('fuzz of every contract route on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: malformed requests from anyone get a 4xx { code, message }, never a 5xx', {
    timeout: 240_000,
  }, async () => {
    // Dev mode serves every route, the development helpers too. No Canton participant; the EVM
    // node URL is a closed port: upstream routes answer their documented 502/503.
    const t = createTestApp(await databases.fresh(), { devMode: true })
    const identities = await signIn(t)
    const random = seededRandom(SEED)
    /** `who METHOD /route -> status CODE` -> how many, and the first request that got it. */
    const failures = new Map<string, { count: number; first: string }>()
    let sent = 0
    let serverErrors = 0
    const allowed: Record<string, number> = {}

    const check = (
      route: RouteDefinition,
      who: Identity,
      request: FuzzRequest,
      res: Response,
      text: string,
    ) => {
      sent++
      if (res.status < 400) return
      let code = ''
      let message: unknown
      try {
        ;({ code = '', message } = JSON.parse(text) as { code?: string; message?: unknown })
      } catch {}
      // Every refusal explains itself as `{ code, message }`.
      if (!code || typeof message !== 'string') {
        const key = `${who} ${route.method} ${route.path} -> ${res.status} without { code, message }`
        if (!failures.has(key))
          failures.set(key, { count: 0, first: `[${request.label}]: ${text.slice(0, 160)}` })
        failures.get(key)!.count++
      }
      if (res.status < 500) return
      const known = `${res.status} ${code}`
      if (UPSTREAM_ABSENT.has(known) && route.errors.includes(res.status as never)) {
        allowed[known] = (allowed[known] ?? 0) + 1
        return
      }
      serverErrors++
      const key = `${who} ${route.method} ${route.path} -> ${known}`
      const seen = failures.get(key)
      if (seen) seen.count++
      else
        failures.set(key, {
          count: 1,
          first: `${request.method} ${request.url.slice(0, 100)} [${request.label}]: ${text.slice(0, 160)}`,
        })
    }

    for (const route of Object.values(servedRoutes(true))) {
      const requests = fuzzRequests(route, { maxBodyBytes: MAX_BODY_BYTES, random, randomCases: 20 })
      for (const who of ['anonymous', 'user', 'admin'] as const) {
        const identity = identities[who]
        // Refused at the door (401/403) before reading anything: every 7th request shows it holds.
        const mine = ALLOWED[route.access].includes(who) ? requests : requests.filter((_, i) => i % 7 === 0)
        for (const request of mine) {
          const res = await t.app.request(`${t.config.origin}${request.url}`, {
            method: request.method,
            headers: {
              origin: t.config.origin,
              ...request.headers,
              ...(identity ? { cookie: identity.cookie() } : {}),
            },
            ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
          })
          check(route, who, request, res, await res.text())
        }
        // A route may end the session (logout); sign in again for the next route.
        await identity?.ensureSignedIn()
      }
      for (const [label, cookie] of Object.entries(COOKIES)) {
        const request = requests[0] as FuzzRequest
        const res = await t.app.request(`${t.config.origin}${request.url}`, {
          method: request.method,
          headers: { origin: t.config.origin, ...request.headers, cookie },
          ...(request.body !== undefined ? { body: request.body as BodyInit } : {}),
        })
        check(route, 'anonymous', { ...request, label: `cookie <- ${label}` }, res, await res.text())
      }
    }

    console.log(
      `fuzz: ${sent} requests on ${kind}, ${serverErrors} 5xx (seed ${SEED}); allowed upstream answers: ${JSON.stringify(allowed)}`,
    )
    expect(Object.fromEntries(failures)).toEqual({})
  })
})

interface SignedIn {
  cookie(): string
  ensureSignedIn(): Promise<void>
}

/** A user and an admin, signed in through the real registration ceremony. */
async function signIn(t: TestApp): Promise<Record<Identity, SignedIn | null>> {
  const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
  const make = async (displayName: string, seed: number, enrollToken?: string): Promise<SignedIn> => {
    const { client, authenticator } = t.browser()
    const registered = await register(client, authenticator, {
      displayName,
      addresses: testAddresses(seed),
      ...(enrollToken ? { enrollToken } : {}),
    })
    if (registered.status !== 200) throw new Error(`register ${displayName}: ${registered.text}`)
    return {
      cookie: () => cookieHeader(client),
      async ensureSignedIn() {
        if ((await client.get('/api/me')).status === 200) return
        const again = await login(client, authenticator)
        if (again.status !== 200) throw new Error(`login ${displayName}: ${again.text}`)
      },
    }
  }
  const admin = await make('Ada', 1, token)
  const user = await make('Uma', 2)
  return { anonymous: null, user, admin }
}

function cookieHeader(client: TestClient): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
}
