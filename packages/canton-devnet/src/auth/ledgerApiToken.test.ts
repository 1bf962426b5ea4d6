import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { PARTICIPANT_AUDIENCE_PREFIX } from './ledgerApiToken.js'

/** A JWKS endpoint serving `keys` (what an identity provider publishes), counting its fetches. */
async function serveJwks(keys: JWK[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ keys }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`, server }
}

const AUDIENCE = 'https://ledger.example.com'
const T0 = Date.parse('2026-06-01T00:00:00Z')

describe('createLedgerApiTokenVerifier (jwt-jwks)', () => {
  let devnet: CantonDevnet
  let jwks: { url: string; server: Server }
  let nowMs = T0
  const rsa = generateKeyPair('RS256')
  const ec = generateKeyPair('ES256')
  const stranger = generateKeyPair('ES256')

  beforeAll(async () => {
    const [r, e] = await Promise.all([rsa, ec])
    jwks = await serveJwks([
      { ...(await exportJWK(r.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(e.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ])
    devnet = await startCantonDevnet({
      authServices: [{ type: 'jwt-jwks', url: jwks.url, targetAudience: AUDIENCE }],
      now: () => nowMs,
    })
    devnet.ensureUser('participant_admin')
    devnet.ensureUser('wallet-service', { readAsAnyParty: true })
  })
  afterAll(async () => {
    await devnet.stop()
    await new Promise((resolve) => jwks.server.close(resolve))
  })

  const sign = async (
    alg: 'RS256' | 'ES256' | 'HS256' | 'none',
    claims: Record<string, unknown>,
    header: Record<string, unknown> = {},
  ) => {
    const iat = Math.floor(nowMs / 1000)
    const body = { sub: 'wallet-service', aud: AUDIENCE, iat, exp: iat + 300, ...claims }
    if (alg === 'none') {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
      return `${part({ alg: 'none', typ: 'JWT', kid: 'ec-1' })}.${part(body)}.`
    }
    const key =
      alg === 'HS256'
        ? new TextEncoder().encode('a shared secret of thirty-two bytes!')
        : (await (alg === 'RS256' ? rsa : ec)).privateKey
    return new SignJWT(body)
      .setProtectedHeader({ alg, kid: alg === 'RS256' ? 'rsa-1' : 'ec-1', ...header })
      .sign(key)
  }
  const call = (token: string) =>
    fetch(`${devnet.url}/v2/authenticated-user`, { headers: { Authorization: `Bearer ${token}` } })

  test('behavior: RS256 and ES256 tokens of a JWKS key with the target audience name their user', async () => {
    for (const alg of ['RS256', 'ES256'] as const) {
      const res = await call(await sign(alg, {}))
      expect(res.status).toBe(200)
      expect((await res.json()).user.id).toBe('wallet-service')
    }
  })

  test('error: unsigned, HS256, unknown-kid, wrong-key, kid-less, expired and wrong-audience tokens are 401', async () => {
    const wrongKey = await new SignJWT({ sub: 'wallet-service', aud: AUDIENCE })
      .setProtectedHeader({ alg: 'ES256', kid: 'ec-1' })
      .sign((await stranger).privateKey)
    const noKid = await new SignJWT({ sub: 'wallet-service', aud: AUDIENCE })
      .setProtectedHeader({ alg: 'ES256' })
      .sign((await ec).privateKey)
    const cases: Record<string, string> = {
      unsigned: await sign('none', {}),
      hs256: await sign('HS256', {}),
      unknownKid: await sign('ES256', {}, { kid: 'nobody' }),
      wrongKey,
      noKid,
      expired: await sign('ES256', { exp: Math.floor(nowMs / 1000) - 1 }),
      wrongAudience: await sign('ES256', { aud: 'https://other.example.com' }),
      noSub: await sign('ES256', { sub: undefined }),
    }
    for (const [name, token] of Object.entries(cases)) {
      const res = await call(token)
      expect({ name, status: res.status }).toEqual({ name, status: 401 })
      const body = await res.json()
      expect(body.code).toBe('UNAUTHENTICATED')
      expect(body.cause).toMatch(/^The command is missing a \(valid\) JWT token/)
    }
    expect((await (await call(cases.wrongAudience!)).json()).cause).toMatch(/Audience doesn't match/)
  })

  test('behavior: a token expires on the participant clock', async () => {
    const token = await sign('ES256', {})
    expect((await call(token)).status).toBe(200)
    nowMs += 301_000
    try {
      expect((await call(token)).status).toBe(401)
    } finally {
      nowMs = T0
    }
  })

  test('error: without an unsafe-jwt-hmac-256 service the devnet mints no tokens', async () => {
    await expect(devnet.adminToken()).rejects.toThrow(/jwt-jwks/)
    expect(() => devnet.jwtSecret).toThrow(/unsafe-jwt-hmac-256/)
  })
})

describe('createLedgerApiTokenVerifier (default token formats)', () => {
  let devnet: CantonDevnet
  const secret = 'devnet-test-secret-of-32-characters!'
  beforeAll(async () => {
    devnet = await startCantonDevnet({ authServices: [{ type: 'unsafe-jwt-hmac-256', secret }] })
    devnet.ensureUser('app')
  })
  afterAll(() => devnet.stop())

  const token = (claims: Record<string, unknown>) =>
    new SignJWT({ sub: 'app', ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(secret))
  const status = async (claims: Record<string, unknown>) =>
    (
      await fetch(`${devnet.url}/v2/authenticated-user`, {
        headers: { Authorization: `Bearer ${await token(claims)}` },
      })
    ).status

  test('behavior: an audience-based token for this participant and a scope-based token are accepted', async () => {
    expect(await status({ aud: `${PARTICIPANT_AUDIENCE_PREFIX}${devnet.participantId}` })).toBe(200)
    expect(await status({ scope: 'openid daml_ledger_api' })).toBe(200)
    expect(await status({ scp: ['daml_ledger_api'] })).toBe(200)
  })

  test('error: a token for another participant is 403; one without the Ledger API scope is 401', async () => {
    expect(await status({ aud: `${PARTICIPANT_AUDIENCE_PREFIX}someone-else::1220ab` })).toBe(403)
    expect(await status({ scope: 'daml_ledger_api', aud: 'someone-else::1220ab' })).toBe(403)
    expect(await status({ scope: 'openid' })).toBe(401)
    expect(await status({ aud: 'https://ledger.example.com' })).toBe(401)
  })
})
