import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import { describe, expect, test } from 'vitest'
import { toBase64Url } from './encoding.js'
import { ensureAdminEnrollment } from './enrollment/ensureAdminEnrollment.js'
import { hkdfFromPrf as hkdf, PRF_INPUT, wrapEntropy } from './testing/browserKeys.js'
import { login, register, startAddCredential, stepUp } from './testing/ceremonies.js'
import { createSoftAuthenticator, evaluatePrf } from './testing/softAuthenticator.js'
import { testAddresses } from './testing/testAddresses.js'
import { createTestApp } from './testing/testApp.js'
import { DB_KINDS, useTestDatabases } from './testing/testDatabases.js'

/** Every encoding a leak could take. */
function encodings(bytes: Uint8Array): string[] {
  return [toBase64Url(bytes), Buffer.from(bytes).toString('base64'), Buffer.from(bytes).toString('hex')]
}

async function everyRow(db: Kysely<Database>): Promise<string> {
  const tables = await db.introspection.getTables()
  const dumps: string[] = []
  for (const table of tables) {
    // biome-ignore lint/suspicious/noExplicitAny: scanning every table, whatever its type
    const rows = await (db as Kysely<any>).selectFrom(table.name).selectAll().execute()
    dumps.push(`${table.name}: ${JSON.stringify(rows)}`)
  }
  return dumps.join('\n')
}

describe.each(DB_KINDS)('secrets on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: PRF output, derived keys, tokens and cookies never reach logs, responses or the database', async () => {
    const t = createTestApp(await databases.fresh())
    const link = (await ensureAdminEnrollment(t.db, t.config.origin))!
    const enrollToken = link.split('#token=')[1]!
    const { client, authenticator } = t.browser()

    // The full flow, as the web app runs it: register (addresses only), me, addresses, sign in
    // with PRF evaluated and stripped, a careless client that leaves PRF results in, add a backup
    // passkey (entropy wrapped in the browser), sign in with it, sign out.
    const registered = await register(client, authenticator, {
      displayName: 'Ada',
      enrollToken,
      addresses: testAddresses(1),
    })
    expect(registered.status).toBe(200)
    const credential = authenticator.credentials[0]!
    const prf = await evaluatePrf(credential, PRF_INPUT)
    const secrets = [
      ...encodings(prf),
      ...encodings(await hkdf(prf, 'master-seed/v1')),
      ...encodings(await hkdf(prf, 'local-key/v1')),
      ...encodings(await hkdf(prf, 'wrap-key/v1')),
      ...encodings(credential.prfSecret),
    ]

    expect((await client.get('/api/me')).status).toBe(200)
    expect((await client.put('/api/me/addresses', { addresses: testAddresses(1) })).status).toBe(200)
    expect((await client.get('/api/admin/users')).status).toBe(200)
    expect((await login(client, authenticator, { prfInput: PRF_INPUT })).status).toBe(200)
    const careless = await login(client, authenticator, { prfInput: PRF_INPUT, leavePrfResults: true })
    expect(careless.status).toBe(400)
    expect(careless.body.code).toBe('PRF_OUTPUT_SENT')
    const cookie = client.cookies.get('sv_session')
    expect((await login(client, authenticator)).status).toBe(200)

    const backup = createSoftAuthenticator({ origin: t.config.origin })
    const pending = await startAddCredential(client, backup)
    const backupCredential = backup.credentials[0]!
    const backupPrf = await evaluatePrf(backupCredential, PRF_INPUT)
    const backupWrapKey = await hkdf(backupPrf, 'wrap-key/v1')
    const wrapped = await wrapEntropy(await hkdf(prf, 'master-seed/v1'), backupWrapKey)
    secrets.push(
      ...encodings(backupPrf),
      ...encodings(backupWrapKey),
      ...encodings(backupCredential.prfSecret),
    )
    const added = await client.post('/api/me/credentials/verify', {
      ...pending,
      wrappedEntropy: wrapped,
      stepUp: await stepUp(client, authenticator, { action: 'passkey.add' }),
    })
    expect(added.status).toBe(200)
    expect((await login(client, backup, { prfInput: PRF_INPUT })).status).toBe(200)
    // What the server keeps of a backup passkey: its public key and the ciphertext, nothing else.
    const stored = await t.db
      .selectFrom('credentials')
      .select('wrapped_entropy')
      .where('id', '=', backupCredential.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(stored.wrapped_entropy!)).toEqual(wrapped)
    expect(Object.keys(JSON.parse(stored.wrapped_entropy!)).sort()).toEqual(['ciphertext', 'iv'])
    const lastCookie = client.cookies.get('sv_session')!
    expect((await client.post('/api/auth/logout')).status).toBe(204)

    const logs = t.logs.join('')
    const responses = client.transcript.join('\n')
    const rows = await everyRow(t.db)
    expect(t.logs.length).toBeGreaterThan(8)
    for (const secret of secrets) {
      expect(logs, 'logs').not.toContain(secret)
      expect(responses, 'responses').not.toContain(secret)
      expect(rows, 'database').not.toContain(secret)
    }
    // The enrollment token is stored only as a hash (and is gone once used); session JWTs and
    // cookies are never logged; neither are WebAuthn payloads.
    expect(rows).not.toContain(enrollToken)
    expect(logs).not.toContain(enrollToken)
    for (const jwt of [cookie, lastCookie]) if (jwt) expect(logs).not.toContain(jwt)
    expect(logs).not.toContain(credential.userHandle)
    expect(logs).not.toMatch(/clientDataJSON|attestationObject|signature|sv_session/)

    // What the request log does hold: method, path, status, duration, user id, error code.
    const lines = t.logs.map((l) => JSON.parse(l))
    const refused = lines.find((l) => l.code === 'PRF_OUTPUT_SENT')
    expect(refused).toMatchObject({ method: 'POST', path: '/api/auth/login/verify', status: 400 })
    const me = lines.find((l) => l.path === '/api/me' && l.status === 200)
    expect(me).toMatchObject({
      method: 'GET',
      userId: registered.body.user.id,
      durationMs: expect.any(Number),
    })
  })
})
