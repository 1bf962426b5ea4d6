import { createServer } from 'node:net'
import { describe, expect, test } from 'vitest'
import type { ApiConfig } from '../../config.js'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { useCantonDevnet } from '../../testing/cantonDevnet.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

// A real participant stand-in (canton-devnet over HTTP), set up as the dev stack sets it up.
const canton = useCantonDevnet()

/** The audit log's Canton node entries, oldest first. */
async function nodeAudit(t: TestApp) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where((eb) => eb.or([eb('action', 'like', 'canton.party.%'), eb('action', 'like', 'canton.user.%')]))
    .orderBy('seq')
    .execute()
  return rows.map((r) => ({
    action: r.action,
    actor: r.actor_user_id,
    target: r.target,
    details: JSON.parse(r.details),
  }))
}

const FINGERPRINT = /^1220[0-9a-f]{64}$/

/** A local URL nothing listens on (a port just freed; fetch refuses well-known ones like 9 outright). */
async function closedUrl(): Promise<string> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return `http://127.0.0.1:${port}`
}

describe.each(DB_KINDS)('Canton node operations (/api/admin/canton/*) on %s', (kind) => {
  const databases = useTestDatabases(kind)
  let seq = 0
  /** A name unique to this engine and test (the devnet is shared by the file). */
  const unique = (name: string) => `${name}-${kind}-${++seq}`
  const app = async (overrides: Partial<ApiConfig> = {}) => {
    const t = createTestApp(await databases.fresh(), { canton: canton.current.config, ...overrides })
    return { t, ...(await adminAndUser(t)) }
  }

  test('behavior: the health of the participant: reachable, live, ready, its id, user and synchronizer', async () => {
    const { admin } = await app()
    const res = await admin.get('/api/admin/canton/node')
    expect(res.status, res.text).toBe(200)
    expect(res.body).toEqual({
      url: canton.current.devnet.url,
      reachable: true,
      live: true,
      ready: true,
      version: expect.stringMatching(/^3\./),
      participantId: canton.current.devnet.participantId,
      ledgerUserId: 'stratos-wallet',
      synchronizers: [
        {
          alias: expect.any(String),
          id: canton.current.devnet.synchronizerId,
          permission: expect.any(String),
        },
      ],
      problems: [],
    })
  })

  test('behavior: an admin allocates a hosted party with a display name; it is listed and audited', async () => {
    const { t, admin, adminId } = await app()
    const hint = unique('treasury')
    const res = await admin.post('/api/admin/canton/parties', {
      partyIdHint: hint,
      displayName: 'Treasury desk',
    })
    expect(res.status, res.text).toBe(200)
    const [prefix, namespace] = res.body.party.split('::')
    expect(prefix).toBe(hint)
    expect(namespace).toMatch(FINGERPRINT)
    expect(res.body).toEqual({ party: res.body.party, isLocal: true, displayName: 'Treasury desk' })
    // Hosted by this participant: its namespace is the participant's.
    expect(canton.current.devnet.participantId.endsWith(`::${namespace}`)).toBe(true)

    const listed = await admin.get(`/api/admin/canton/parties?prefix=${hint}`)
    expect(listed.body).toEqual({ parties: [res.body], nextPageToken: null })

    expect(await nodeAudit(t)).toEqual([
      {
        action: 'canton.party.allocate',
        actor: adminId,
        target: res.body.party,
        details: {
          party: res.body.party,
          partyIdHint: hint,
          displayName: 'Treasury desk',
          synchronizerId: canton.current.devnet.synchronizerId,
          participant: canton.current.devnet.url,
        },
      },
    ])
  })

  test("behavior: parties page with the participant's own page tokens", async () => {
    const { admin } = await app()
    const prefix = unique('paged')
    for (const i of [1, 2, 3]) {
      const res = await admin.post('/api/admin/canton/parties', { partyIdHint: `${prefix}-${i}` })
      expect(res.status, res.text).toBe(200)
      expect(res.body.displayName).toBeNull()
    }
    const seen: string[] = []
    let token: string | null = null
    let pages = 0
    do {
      const query: string = `?prefix=${prefix}&pageSize=2${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`
      const page = await admin.get(`/api/admin/canton/parties${query}`)
      expect(page.status, page.text).toBe(200)
      seen.push(...page.body.parties.map((p: { party: string }) => p.party.split('::')[0]))
      token = page.body.nextPageToken
      pages++
    } while (token)
    expect(seen).toEqual([`${prefix}-1`, `${prefix}-2`, `${prefix}-3`])
    expect(pages).toBe(2)
  })

  test('error: a taken hint is 409, bad input is 400 naming the field; nothing is audited', async () => {
    const { t, admin } = await app()
    const hint = unique('taken')
    expect((await admin.post('/api/admin/canton/parties', { partyIdHint: hint })).status).toBe(200)
    const again = await admin.post('/api/admin/canton/parties', { partyIdHint: hint })
    expect([again.status, again.body.code]).toEqual([409, 'CANTON_PARTY_EXISTS'])
    expect(again.body.message).toContain(hint)

    const bodies: [unknown, RegExp][] = [
      [{}, /^partyIdHint: Required/],
      [{ partyIdHint: '' }, /^partyIdHint: Required/],
      [{ partyIdHint: 'a::b' }, /^partyIdHint: "::"/],
      [{ partyIdHint: 'émile' }, /^partyIdHint: use letters/],
      [{ partyIdHint: 'x'.repeat(186) }, /^partyIdHint: at most 185/],
      [{ partyIdHint: 'ok', displayName: 'n'.repeat(256) }, /^displayName: at most 255/],
      [{ partyIdHint: 'ok', userId: 'stratos-wallet' }, /userId/],
    ]
    for (const [body, message] of bodies) {
      const res = await admin.post('/api/admin/canton/parties', body)
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'INVALID_BODY'])
      expect(res.body.message).toMatch(message)
    }
    for (const query of [
      '?pageSize=0',
      '?pageSize=1001',
      '?pageSize=x',
      '?prefix=a%2Fb',
      '?pageToken=a%20b',
    ]) {
      const res = await admin.get(`/api/admin/canton/parties${query}`)
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'INVALID_QUERY'])
    }
    // Well-formed but not a token the participant made: its own refusal, as a 400.
    const forged = await admin.get('/api/admin/canton/parties?pageToken=AAAA')
    expect([forged.status, forged.body.code]).toEqual([400, 'CANTON_REJECTED'])
    expect(forged.body.message).toContain('Invalid page token')
    expect((await nodeAudit(t)).map((e) => e.action)).toEqual(['canton.party.allocate'])
  })

  test('behavior: Ledger API users with their rights; grant and revoke actAs, readAs, executeAs; audited', async () => {
    const { t, admin, adminId } = await app()
    const party = (await admin.post('/api/admin/canton/parties', { partyIdHint: unique('desk') })).body.party
    const userId = unique('ops-user')
    await canton.current.devnet.tokenFor(userId) // creates the user, without rights

    const rights = [
      { kind: 'actAs', party },
      { kind: 'readAs', party },
      { kind: 'executeAs', party },
      { kind: 'readAsAnyParty' },
    ]
    const granted = await admin.post(`/api/admin/canton/users/${userId}/rights`, { rights })
    expect(granted.status, granted.text).toBe(200)
    expect(granted.body.changed).toEqual(rights)
    expect(granted.body.user).toMatchObject({ id: userId, isDeactivated: false, isInstanceUser: false })
    expect(granted.body.user.rights).toEqual(expect.arrayContaining(rights))
    expect(granted.body.user.rights).toHaveLength(4)

    // Granting what is held changes nothing (and says so).
    const again = await admin.post(`/api/admin/canton/users/${userId}/rights`, { rights: [rights[0]] })
    expect(again.body.changed).toEqual([])

    // The list shows every user with its rights; the wallet server's own is marked.
    const users: { id: string; rights: unknown[]; isInstanceUser: boolean }[] = []
    let token: string | null = null
    do {
      const query: string = token ? `?pageSize=2&pageToken=${encodeURIComponent(token)}` : '?pageSize=2'
      const page = await admin.get(`/api/admin/canton/users${query}`)
      expect(page.status, page.text).toBe(200)
      users.push(...page.body.users)
      token = page.body.nextPageToken
    } while (token)
    expect(users.find((u) => u.id === userId)?.rights).toHaveLength(4)
    expect(users.find((u) => u.id === 'stratos-wallet')).toMatchObject({
      isInstanceUser: true,
      rights: expect.arrayContaining([{ kind: 'participantAdmin' }]),
    })
    expect(users.filter((u) => u.isInstanceUser)).toHaveLength(1)

    const revoked = await admin.post(`/api/admin/canton/users/${userId}/rights/revoke`, {
      rights: [{ kind: 'executeAs', party }, { kind: 'readAsAnyParty' }],
    })
    expect(revoked.status, revoked.text).toBe(200)
    expect(revoked.body.changed).toEqual([{ kind: 'executeAs', party }, { kind: 'readAsAnyParty' }])
    expect(revoked.body.user.rights).toEqual(
      expect.arrayContaining([
        { kind: 'actAs', party },
        { kind: 'readAs', party },
      ]),
    )
    expect(revoked.body.user.rights).toHaveLength(2)

    const audit = (await nodeAudit(t)).filter((e) => e.action.startsWith('canton.user.'))
    expect(audit).toEqual([
      {
        action: 'canton.user.rights.grant',
        actor: adminId,
        target: userId,
        details: { userId, requested: rights, changed: rights, participant: canton.current.devnet.url },
      },
      {
        action: 'canton.user.rights.grant',
        actor: adminId,
        target: userId,
        details: { userId, requested: [rights[0]], changed: [], participant: canton.current.devnet.url },
      },
      {
        action: 'canton.user.rights.revoke',
        actor: adminId,
        target: userId,
        details: {
          userId,
          requested: [{ kind: 'executeAs', party }, { kind: 'readAsAnyParty' }],
          changed: [{ kind: 'executeAs', party }, { kind: 'readAsAnyParty' }],
          participant: canton.current.devnet.url,
        },
      },
    ])
  })

  test('error: unknown users and parties, malformed rights, and the instance user keeping its admin right', async () => {
    const { t, admin } = await app()
    const userId = unique('rights-target')
    await canton.current.devnet.tokenFor(userId)

    const noUser = await admin.post(`/api/admin/canton/users/${unique('ghost')}/rights`, {
      rights: [{ kind: 'readAsAnyParty' }],
    })
    expect([noUser.status, noUser.body.code]).toEqual([404, 'LEDGER_USER_NOT_FOUND'])

    const unknownParty = await admin.post(`/api/admin/canton/users/${userId}/rights`, {
      rights: [{ kind: 'actAs', party: `ghost::1220${'ab'.repeat(32)}` }],
    })
    expect([unknownParty.status, unknownParty.body.code]).toEqual([400, 'CANTON_REJECTED'])
    expect(unknownParty.body.message).toContain('Provided parties have not been found')

    const bodies: [unknown, RegExp][] = [
      [{ rights: [] }, /^rights: at least one/],
      [{ rights: [{ kind: 'actAs' }] }, /party: Required for actAs/],
      [{ rights: [{ kind: 'participantAdmin', party: 'p::1220' }] }, /participantAdmin names no party/],
      [{ rights: [{ kind: 'superuser' }] }, /kind: expected one of/],
      [{ rights: [{ kind: 'readAs', party: 'a/b' }] }, /party: expected a Canton party id/],
    ]
    for (const [body, message] of bodies) {
      const res = await admin.post(`/api/admin/canton/users/${userId}/rights`, body)
      expect([body, res.status, res.body.code]).toEqual([body, 400, 'INVALID_BODY'])
      expect(res.body.message).toMatch(message)
    }
    const badPath = await admin.post('/api/admin/canton/users/a%20b/rights', {
      rights: [{ kind: 'readAsAnyParty' }],
    })
    expect([badPath.status, badPath.body.code]).toEqual([400, 'INVALID_PATH'])

    const lockout = await admin.post('/api/admin/canton/users/stratos-wallet/rights/revoke', {
      rights: [{ kind: 'participantAdmin' }],
    })
    expect([lockout.status, lockout.body.code]).toEqual([409, 'LEDGER_USER_IN_USE'])
    const users = await admin.get('/api/admin/canton/users?pageSize=1000')
    expect(users.body.users.find((u: { id: string }) => u.id === 'stratos-wallet').rights).toContainEqual({
      kind: 'participantAdmin',
    })
    expect(await nodeAudit(t)).toEqual([])
  })

  test('error: a user is 403, nobody is 401, and an admin change without a step-up is 403 STEP_UP_REQUIRED', async () => {
    const { t, admin, user } = await app()
    const nobody = t.browser().client
    const calls: [string, string, unknown?][] = [
      ['GET', '/api/admin/canton/node'],
      ['GET', '/api/admin/canton/parties'],
      ['POST', '/api/admin/canton/parties', { partyIdHint: unique('nope') }],
      ['GET', '/api/admin/canton/users'],
      ['POST', '/api/admin/canton/users/stratos-wallet/rights', { rights: [{ kind: 'readAsAnyParty' }] }],
      [
        'POST',
        '/api/admin/canton/users/stratos-wallet/rights/revoke',
        { rights: [{ kind: 'readAsAnyParty' }] },
      ],
    ]
    for (const [method, path, body] of calls) {
      const forbidden = await user.request(method, path, body)
      expect([path, forbidden.status, forbidden.body.code]).toEqual([path, 403, 'FORBIDDEN'])
      const anonymous = await nobody.request(method, path, body)
      expect([path, anonymous.status, anonymous.body.code]).toEqual([path, 401, 'UNAUTHENTICATED'])
    }
    admin.confirmWith(null)
    for (const [method, path, body] of calls.filter(([method]) => method !== 'GET')) {
      const res = await admin.request(method, path, body)
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'STEP_UP_REQUIRED'])
    }
    expect(await nodeAudit(t)).toEqual([])
    const listed = await (await app()).admin.get('/api/admin/canton/parties?prefix=nope-')
    expect(listed.body.parties).toEqual([])
  })

  test('error: an unreachable participant is 503 CANTON_UNAVAILABLE; the health says why; nothing is audited', async () => {
    const url = await closedUrl()
    const { t, admin } = await app({ canton: { ...canton.current.config, url } })
    for (const [method, path, body] of [
      ['GET', '/api/admin/canton/parties'],
      ['GET', '/api/admin/canton/users'],
      ['POST', '/api/admin/canton/parties', { partyIdHint: unique('offline') }],
      ['POST', '/api/admin/canton/users/stratos-wallet/rights', { rights: [{ kind: 'readAsAnyParty' }] }],
    ] as const) {
      const res = await admin.request(method, path, body)
      expect([path, res.status, res.body.code]).toEqual([path, 503, 'CANTON_UNAVAILABLE'])
      expect(res.body.message).toMatch(/could not be reached/)
    }
    const health = await admin.get('/api/admin/canton/node')
    expect(health.status).toBe(200)
    expect(health.body).toMatchObject({
      url,
      reachable: false,
      live: null,
      ready: null,
      version: null,
      participantId: null,
      synchronizers: [],
      problems: [`${url} could not be reached (ECONNREFUSED)`],
    })
    expect(await nodeAudit(t)).toEqual([])
  })

  test('error: without a participant every node route is 503 CANTON_NOT_CONFIGURED', async () => {
    const { admin } = await app({ canton: null })
    for (const path of ['/api/admin/canton/node', '/api/admin/canton/parties', '/api/admin/canton/users']) {
      const res = await admin.get(path)
      expect([path, res.status, res.body.code]).toEqual([path, 503, 'CANTON_NOT_CONFIGURED'])
    }
  })

  test('error: a Ledger API user without ParticipantAdmin is 502 CANTON_PERMISSION_DENIED naming the right', async () => {
    const userId = unique('plain-user')
    await canton.current.devnet.tokenFor(userId)
    const { admin } = await app({ canton: { ...canton.current.config, userId } })
    const parties = await admin.get('/api/admin/canton/parties')
    expect([parties.status, parties.body.code]).toEqual([502, 'CANTON_PERMISSION_DENIED'])
    expect(parties.body.message).toContain(`Ledger API user ${userId}`)
    expect(parties.body.message).toContain('ParticipantAdmin')
    const health = await admin.get('/api/admin/canton/node')
    expect(health.body).toMatchObject({ reachable: true, ledgerUserId: userId })
  })
})
