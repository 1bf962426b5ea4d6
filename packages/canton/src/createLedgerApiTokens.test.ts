import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CantonError } from './CantonError.js'
import { createLedgerApiTokens } from './createLedgerApiTokens.js'
import { createLedgerClient } from './createLedgerClient.js'

const SECRET = 'ledger-api-tokens-test-secret-0123456789'
const AUDIENCE = 'https://ledger.tokens.test'
let devnet: CantonDevnet

beforeAll(async () => {
  // Canton's `unsafe-jwt-hmac-256` auth service with an audience-based token format.
  devnet = await startCantonDevnet({
    authServices: [{ type: 'unsafe-jwt-hmac-256', secret: SECRET, targetAudience: AUDIENCE }],
  })
  devnet.ensureUser('minted-user')
})
afterAll(async () => {
  await devnet?.stop()
})

describe('createLedgerApiTokens (HS256)', () => {
  test('behavior: mints a token for the user that the participant accepts, and reuses it until the margin before expiry', async () => {
    let nowMs = Date.now()
    const tokens = createLedgerApiTokens(
      { kind: 'hs256', secret: SECRET, userId: 'minted-user', audience: AUDIENCE },
      { now: () => nowMs },
    )
    const first = await tokens.token()
    expect(decodeJwt(first)).toMatchObject({ sub: 'minted-user', aud: AUDIENCE, scope: 'daml_ledger_api' })
    const client = createLedgerClient({
      url: devnet.url,
      getToken: tokens.token,
      fetch: tokens.retrying(fetch),
    })
    expect(await client.ledgerEnd()).toBeGreaterThanOrEqual(0)
    nowMs += 3_539_000 // 3600 s lifetime, renewed 60 s before it ends
    expect(await tokens.token()).toBe(first)
    nowMs += 2_000
    expect(await tokens.token()).not.toBe(first)
  })

  test('behavior: a static token is answered as it is and a 401 with it is not retried', async () => {
    let calls = 0
    const counting: typeof fetch = (input, init) => {
      calls += 1
      return fetch(input, init)
    }
    const tokens = createLedgerApiTokens({ kind: 'token', token: 'not-a-token-the-participant-knows' })
    expect(await tokens.token()).toBe('not-a-token-the-participant-knows')
    const client = createLedgerClient({
      url: devnet.url,
      getToken: tokens.token,
      fetch: tokens.retrying(counting),
    })
    await expect(client.ledgerEnd()).rejects.toMatchObject({ code: 'LEDGER_API_ERROR', status: 401 })
    expect(calls).toBe(1)
  })
})

describe('createLedgerApiTokens (OAuth2 token endpoint answers; a stand-in endpoint, as no provider sends these)', () => {
  let server: Server
  let tokenUrl: string
  let answer: { status: number; body: string }
  let lastRequest: { authorization: string | undefined; body: string }

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        lastRequest = { authorization: req.headers.authorization, body: Buffer.concat(chunks).toString() }
        res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(answer.body)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`
  })
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const oauth2 = (overrides: { clientAuth?: 'client_secret_post'; url?: string } = {}) =>
    createLedgerApiTokens({
      kind: 'oauth2',
      tokenUrl: overrides.url ?? tokenUrl,
      clientId: 'relayer client',
      clientSecret: 'p@ss word-secret',
      audience: AUDIENCE,
      scope: 'daml_ledger_api',
      ...(overrides.clientAuth ? { clientAuth: overrides.clientAuth } : {}),
    })
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (e: unknown) => e as CantonError,
    )

  test('behavior: RFC 6749 §4.4 grant with HTTP Basic (form-encoded id and secret) or the secret in the body', async () => {
    answer = {
      status: 200,
      body: JSON.stringify({ access_token: 'opaque-1', token_type: 'Bearer', expires_in: 60 }),
    }
    expect(await oauth2().token()).toBe('opaque-1')
    expect(lastRequest.authorization).toBe(`Basic ${btoa('relayer+client:p%40ss+word-secret')}`)
    expect(Object.fromEntries(new URLSearchParams(lastRequest.body))).toEqual({
      grant_type: 'client_credentials',
      audience: AUDIENCE,
      scope: 'daml_ledger_api',
    })
    await oauth2({ clientAuth: 'client_secret_post' }).token()
    expect(lastRequest.authorization).toBeUndefined()
    expect(new URLSearchParams(lastRequest.body).get('client_secret')).toBe('p@ss word-secret')
  })

  test('error: a refused grant is TOKEN_GRANT_REFUSED with the provider code, never the secret', async () => {
    answer = {
      status: 401,
      body: JSON.stringify({ error: 'invalid_client', error_description: 'no such client' }),
    }
    const error = await failure(oauth2().token())
    expect(error).toBeInstanceOf(CantonError)
    expect(error).toMatchObject({ code: 'TOKEN_GRANT_REFUSED', status: 401 })
    expect(error?.message).toBe(
      `The Ledger API token endpoint ${tokenUrl} refused the client-credentials grant of client relayer client (invalid_client: no such client)`,
    )
    expect(error?.message).not.toContain('word-secret')
  })

  test('error: an answer without a Bearer access token is TOKEN_ENDPOINT_BAD_RESPONSE', async () => {
    answer = { status: 200, body: JSON.stringify({ token_type: 'Bearer' }) }
    expect(await failure(oauth2().token())).toMatchObject({
      code: 'TOKEN_ENDPOINT_BAD_RESPONSE',
      shortMessage: `The Ledger API token endpoint ${tokenUrl} answered without an access_token`,
    })
    answer = { status: 200, body: JSON.stringify({ access_token: 'x', token_type: 'mac' }) }
    expect(await failure(oauth2().token())).toMatchObject({ code: 'TOKEN_ENDPOINT_BAD_RESPONSE' })
  })

  test('error: an endpoint that cannot be reached is TOKEN_ENDPOINT_UNREACHABLE', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/token`
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    expect(await failure(oauth2({ url }).token())).toMatchObject({
      code: 'TOKEN_ENDPOINT_UNREACHABLE',
      shortMessage: `The Ledger API token endpoint ${url} could not be reached`,
    })
  })
})
