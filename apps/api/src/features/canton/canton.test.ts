import { createLedgerClient } from '@stratos/canton'
import { TokenStandard } from '@stratos/canton-devnet'
import { Vault } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import { useCantonDevnet } from '../../testing/cantonDevnet.js'
import {
  type CantonPerson,
  cantonPerson,
  onboardCantonPerson,
  signAndExecute,
} from '../../testing/cantonPeople.js'
import { createTestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

const canton = useCantonDevnet()
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

async function totals(p: CantonPerson) {
  const res = await p.client.get('/api/canton/holdings')
  expect(res.status).toBe(200)
  const usdx = res.body.totals.find((t: { instrumentId: { id: string } }) => t.instrumentId.id === 'USDX')
  return { unlocked: usdx?.unlocked ?? '0', locked: usdx?.locked ?? '0' }
}

/**
 * A second registry on the suite's devnet whose transfers complete at once (transferKind `direct`),
 * like Amulet to a receiver with a transfer pre-approval: its factory needs the registry's choice
 * context (the rules contract) passed back and the rules disclosed. Made once per suite.
 */
let directRegistry: Promise<{ admin: string; adminToken: string; factoryCid: string }> | undefined
function setUpDirectRegistry() {
  directRegistry ??= (async () => {
    const { devnet } = canton.current
    const ledger = createLedgerClient({ url: devnet.url, getToken: () => devnet.adminToken() })
    const admin = (await ledger.allocateParty({ partyIdHint: 'direct-registry' })).partyDetails?.party ?? ''
    const adminToken = await devnet.tokenFor({ actAs: [admin] })
    const asAdmin = createLedgerClient({ url: devnet.url, token: adminToken })
    const create = (templateId: string) => ({
      CreateCommand: { templateId, createArguments: { admin, meta: { values: {} } } },
    })
    await asAdmin.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [admin],
      commands: [
        create(TokenStandard.directTransferFactoryTemplateId),
        create(TokenStandard.instrumentRulesTemplateId),
      ],
    })
    const { contracts } = await asAdmin.activeContracts({
      parties: [admin],
      templateIds: [TokenStandard.directTransferFactoryTemplateId],
    })
    return { admin, adminToken, factoryCid: contracts[0]?.createdEvent.contractId ?? '' }
  })()
  return directRegistry
}

describe.each(API_TARGETS)('/api/canton on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const app = async (devMode = true) =>
    createTestApp(await databases.fresh(), { devMode, canton: canton.current.config })

  test('behavior: onboarding allocates the party of the derived key; status shows it; twice is 409', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada Lovelace', 1)
    const before = await ada.client.get('/api/canton/status')
    expect(before.body).toEqual({
      configured: true,
      partyId: null,
      instrument: canton.current.config.instrument,
    })
    const partyId = await onboardCantonPerson(ada)
    expect(partyId).toBe(`ada-lovelace::${ada.fingerprint}`)
    expect((await ada.client.get('/api/canton/status')).body.partyId).toBe(partyId)

    const again = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('CANTON_ALREADY_ONBOARDED')
    expect(again.body.message).toContain(partyId)
  })

  test('error: a key other than the registered Canton address is refused (409 CANTON_KEY_MISMATCH)', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 2)
    const foreign = Vault.fromEntropy(crypto.getRandomValues(new Uint8Array(32))).addresses()
    const res = await ada.client.post('/api/canton/onboarding/topology', {
      publicKey: foreign.cantonPublicKey,
    })
    expect(res.status).toBe(409)
    expect(res.body).toEqual({ code: 'CANTON_KEY_MISMATCH', message: expect.stringMatching(/^publicKey: /) })
    expect((await ada.client.get('/api/canton/status')).body.partyId).toBeNull()
  })

  test('error: a topology signed by another key is refused by the participant; nothing is stored', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 3)
    const topology = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    const other = Vault.fromEntropy(crypto.getRandomValues(new Uint8Array(32)))
    const res = await ada.client.post('/api/canton/onboarding/allocate', {
      topologyTransactions: topology.body.topologyTransactions,
      multiHash: topology.body.multiHash,
      signature: b64(other.signCantonHash(Buffer.from(topology.body.multiHash, 'base64'))),
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('CANTON_REJECTED')
    expect((await ada.client.get('/api/canton/status')).body.partyId).toBeNull()
  })

  test('error: a signature that is not base64 of 64 bytes is 400 INVALID_BODY naming it, never a 500', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 6)
    const topology = await ada.client.post('/api/canton/onboarding/topology', { publicKey: ada.publicKey })
    for (const [signature, reason] of [
      ['A', 'not valid base64'],
      ['AAAAA', 'not valid base64'],
      [b64(new Uint8Array(63)), 'expected 64 bytes'],
    ] as const) {
      const res = await ada.client.post('/api/canton/onboarding/allocate', {
        topologyTransactions: topology.body.topologyTransactions,
        multiHash: topology.body.multiHash,
        signature,
      })
      expect([res.status, res.body.code], signature).toEqual([400, 'INVALID_BODY'])
      expect(res.body.message).toContain(reason)
    }
    expect((await ada.client.get('/api/canton/status')).body.partyId).toBeNull()
  })

  test('behavior: A sends 25 to B (prepare, verify, sign, execute); B accepts; balances follow', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 4)
    const b = await cantonPerson(t, 'Bob', 5)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    const minted = await a.client.post('/api/dev/canton-faucet')
    expect(minted.status).toBe(200)
    expect(minted.body).toMatchObject({ amount: '100', instrumentId: { id: 'USDX' } })
    expect(await totals(a)).toEqual({ unlocked: '100', locked: '0' })

    const prepared = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '25' })
    expect(prepared.status).toBe(200)
    expect(prepared.body.transferKind).toBe('offer')
    const sent = await signAndExecute(a, aParty, prepared.body)
    expect(sent.verified.summary).toMatchObject({ kind: 'transfer', sender: aParty, receiver: bParty })
    expect(sent.res.status).toBe(200)
    expect(sent.res.body.updateId).toEqual(expect.any(String))
    expect(await totals(a)).toEqual({ unlocked: '75', locked: '25' })

    const incoming = (await b.client.get('/api/canton/instructions')).body
    expect(incoming.outgoing).toEqual([])
    expect(incoming.incoming).toEqual([
      {
        contractId: expect.any(String),
        sender: aParty,
        receiver: bParty,
        amount: '25',
        instrumentId: canton.current.config.instrument,
        executeBefore: expect.any(String),
      },
    ])
    expect((await a.client.get('/api/canton/instructions')).body.outgoing).toHaveLength(1)

    const cid = incoming.incoming[0].contractId
    const accept = await b.client.post(`/api/canton/instructions/${cid}/accept/prepare`)
    expect(accept.status).toBe(200)
    const accepted = await signAndExecute(b, bParty, accept.body)
    expect(accepted.verified.summary).toMatchObject({ kind: 'transfer-instruction', action: 'accept' })
    expect(accepted.res.status).toBe(200)
    expect(await totals(b)).toEqual({ unlocked: '25', locked: '0' })
    expect(await totals(a)).toEqual({ unlocked: '75', locked: '0' })
    expect((await b.client.get('/api/canton/instructions')).body.incoming).toEqual([])
  })

  test('behavior: B rejects and A withdraws: the holding returns to A', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 6)
    const b = await cantonPerson(t, 'Bob', 7)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    await a.client.post('/api/dev/canton-faucet')
    for (const amount of ['10', '2.5']) {
      const prepared = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount })
      expect((await signAndExecute(a, aParty, prepared.body)).res.status).toBe(200)
    }
    expect(await totals(a)).toEqual({ unlocked: '87.5', locked: '12.5' })
    const { incoming } = (await b.client.get('/api/canton/instructions')).body
    const ten = incoming.find((i: { amount: string }) => i.amount === '10').contractId
    const rejected = await signAndExecute(
      b,
      bParty,
      (await b.client.post(`/api/canton/instructions/${ten}/reject/prepare`)).body,
    )
    expect(rejected.res.status).toBe(200)
    expect(await totals(a)).toEqual({ unlocked: '97.5', locked: '2.5' })

    const { outgoing } = (await a.client.get('/api/canton/instructions')).body
    expect(outgoing).toHaveLength(1)
    const refused = await b.client.post(`/api/canton/instructions/${outgoing[0].contractId}/withdraw/prepare`)
    expect(refused.status).toBe(404)
    const withdrawn = await signAndExecute(
      a,
      aParty,
      (await a.client.post(`/api/canton/instructions/${outgoing[0].contractId}/withdraw/prepare`)).body,
    )
    expect(withdrawn.res.status).toBe(200)
    expect(await totals(a)).toEqual({ unlocked: '100', locked: '0' })
    expect(await totals(b)).toEqual({ unlocked: '0', locked: '0' })
  })

  test('behavior: history shows mint, sent, received, accepted and rejected transfers, newest first, paged by offset', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 14)
    const b = await cantonPerson(t, 'Bob', 15)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    expect((await a.client.get('/api/canton/history')).body).toEqual({
      partyId: aParty,
      items: [],
      nextBefore: null,
    })
    await a.client.post('/api/dev/canton-faucet')
    const send = async (amount: string) => {
      const prepared = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount })
      expect((await signAndExecute(a, aParty, prepared.body)).res.status).toBe(200)
      return (await b.client.get('/api/canton/instructions')).body.incoming[0].contractId as string
    }
    const act = async (cid: string, action: 'accept' | 'reject') => {
      const prepared = await b.client.post(`/api/canton/instructions/${cid}/${action}/prepare`)
      const { res } = await signAndExecute(b, bParty, prepared.body)
      expect(res.status).toBe(200)
      return res.body.updateId as string
    }
    await act(await send('25'), 'accept')
    const rejectUpdate = await act(await send('10'), 'reject')

    const usdx = canton.current.config.instrument
    const aHistory = await a.client.get('/api/canton/history')
    expect(aHistory.status).toBe(200)
    expect(aHistory.body.nextBefore).toBeNull()
    expect(aHistory.body.items).toEqual([
      expect.objectContaining({
        kind: 'transfer-rejected',
        role: 'sender',
        counterparty: bParty,
        amount: '10',
        instrumentId: usdx,
        status: 'failed',
        updateId: rejectUpdate,
      }),
      expect.objectContaining({
        kind: 'transfer-sent',
        role: 'sender',
        counterparty: bParty,
        amount: '10',
        status: 'pending',
      }),
      expect.objectContaining({
        kind: 'transfer-accepted',
        role: 'sender',
        counterparty: bParty,
        amount: '25',
        status: 'completed',
      }),
      expect.objectContaining({
        kind: 'transfer-sent',
        role: 'sender',
        counterparty: bParty,
        amount: '25',
        status: 'pending',
      }),
      expect.objectContaining({ kind: 'mint', amount: '100', instrumentId: usdx, counterparty: usdx?.admin }),
    ])
    const offsets = aHistory.body.items.map((i: { offset: number }) => i.offset)
    expect(offsets).toEqual([...offsets].sort((x, y) => y - x))
    for (const item of aHistory.body.items) {
      expect(item.updateId).toEqual(expect.any(String))
      expect(Date.parse(item.recordTime)).not.toBeNaN()
    }

    const bHistory = (await b.client.get('/api/canton/history')).body
    expect(bHistory.items).toEqual([
      expect.objectContaining({
        kind: 'transfer-rejected',
        role: 'receiver',
        counterparty: aParty,
        amount: '10',
        updateId: rejectUpdate,
      }),
      expect.objectContaining({
        kind: 'transfer-received',
        role: 'receiver',
        counterparty: aParty,
        amount: '10',
        status: 'pending',
      }),
      expect.objectContaining({
        kind: 'transfer-accepted',
        role: 'receiver',
        counterparty: aParty,
        amount: '25',
        instrumentId: usdx,
      }),
      expect.objectContaining({
        kind: 'transfer-received',
        role: 'receiver',
        counterparty: aParty,
        amount: '25',
      }),
    ])

    // Pages of 2: the same items, in the same order, then no further page.
    const paged: unknown[] = []
    let before: number | null | undefined
    for (let page = 0; page < 5 && before !== null; page++) {
      const res = await a.client.get(`/api/canton/history?limit=2${before ? `&before=${before}` : ''}`)
      expect(res.status).toBe(200)
      expect(res.body.items.length).toBeLessThanOrEqual(2)
      paged.push(...res.body.items)
      before = res.body.nextBefore
    }
    expect(before).toBeNull()
    expect(paged).toEqual(aHistory.body.items)
    const older = await a.client.get(`/api/canton/history?before=${offsets[2]}`)
    expect(older.body.items).toEqual(aHistory.body.items.slice(3))

    for (const query of ['limit=0', 'limit=101', 'limit=x', 'before=0', 'before=-3']) {
      const res = await a.client.get(`/api/canton/history?${query}`)
      expect(res.status, query).toBe(400)
      expect(res.body.message).toMatch(new RegExp(`^${query.split('=')[0]}: `))
    }
  })

  test('error: a signature over a different hash is refused by the participant; nothing executes', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 8)
    const b = await cantonPerson(t, 'Bob', 9)
    await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    await a.client.post('/api/dev/canton-faucet')
    const prepared = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '25' })
    const otherHash = crypto.getRandomValues(new Uint8Array(32))
    const res = await a.client.post('/api/canton/execute', {
      preparedTransaction: prepared.body.preparedTransaction,
      hashingSchemeVersion: prepared.body.hashingSchemeVersion,
      signature: b64(a.vault.signCantonHash(otherHash)),
      submissionId: crypto.randomUUID(),
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('CANTON_REJECTED')
    expect(await totals(a)).toEqual({ unlocked: '100', locked: '0' })
    expect((await b.client.get('/api/canton/instructions')).body.incoming).toEqual([])
  })

  test('error: bad receiver, unknown receiver and too large an amount are 4xx naming the field', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 10)
    const aParty = await onboardCantonPerson(a)
    await a.client.post('/api/dev/canton-faucet')
    const bad = await a.client.post('/api/canton/transfers/prepare', { receiver: 'bob', amount: '1' })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/^receiver: /)
    const unknown = await a.client.post('/api/canton/transfers/prepare', {
      receiver: `nobody::1220${'0'.repeat(64)}`,
      amount: '1',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toMatchObject({
      code: 'CANTON_UNKNOWN_RECEIVER',
      message: expect.stringMatching(/^receiver: /),
    })
    const self = await a.client.post('/api/canton/transfers/prepare', { receiver: aParty, amount: '1' })
    expect(self.status).toBe(400)
    const b = await cantonPerson(t, 'Bob', 11)
    const bParty = await onboardCantonPerson(b)
    const tooMuch = await a.client.post('/api/canton/transfers/prepare', {
      receiver: bParty,
      amount: '100.5',
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body).toMatchObject({
      code: 'CANTON_INSUFFICIENT_HOLDINGS',
      message: expect.stringMatching(/^amount: /),
    })
    for (const amount of ['0', '-1', '1.12345678901', 'ten']) {
      const res = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount })
      expect(res.status, amount).toBe(400)
      expect(res.body.message).toMatch(/^amount: /)
    }
  })

  test('error: without a party the token routes are 409 CANTON_NOT_ONBOARDED; without a session 401', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Alice', 12)
    expect((await a.client.get('/api/canton/holdings')).body.code).toBe('CANTON_NOT_ONBOARDED')
    const history = await a.client.get('/api/canton/history')
    expect(history.status).toBe(409)
    expect(history.body.code).toBe('CANTON_NOT_ONBOARDED')
    expect((await a.client.post('/api/dev/canton-faucet')).status).toBe(409)
    expect((await t.browser().client.get('/api/canton/status')).status).toBe(401)
  })

  test('behavior: a registry answering direct: context and disclosed contracts passed back, completed at once', async () => {
    const direct = await setUpDirectRegistry()
    const t = createTestApp(await databases.fresh(), {
      devMode: true,
      canton: {
        ...canton.current.config,
        instrument: { admin: direct.admin, id: 'USDX' },
        registryUrl: `${canton.current.devnet.url}/registries/${encodeURIComponent(direct.admin)}`,
      },
    })
    const a = await cantonPerson(t, 'Alice', 20)
    const b = await cantonPerson(t, 'Bob', 21)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    await createLedgerClient({ url: canton.current.devnet.url, token: direct.adminToken }).submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [direct.admin],
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.directTransferFactoryTemplateId,
            contractId: direct.factoryCid,
            choice: 'Mint',
            choiceArgument: { owner: aParty, instrumentId: 'USDX', amount: '50' },
          },
        },
      ],
    })
    const totalsOf = async (p: CantonPerson) =>
      (await p.client.get('/api/canton/holdings')).body.totals.map(
        (x: { unlocked: string; locked: string }) => [x.unlocked, x.locked],
      )
    expect(await totalsOf(a)).toEqual([['50', '0']])

    const prepared = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '30' })
    expect(prepared.status).toBe(200)
    expect(prepared.body.transferKind).toBe('direct')
    const sent = await signAndExecute(a, aParty, prepared.body)
    expect(sent.verified.summary).toMatchObject({ kind: 'transfer', sender: aParty, receiver: bParty })
    expect(sent.res.status).toBe(200)
    // Completed: nothing to accept, the receiver holds it already.
    expect(await totalsOf(a)).toEqual([['20', '0']])
    expect(await totalsOf(b)).toEqual([['30', '0']])
    expect((await b.client.get('/api/canton/instructions')).body).toEqual({ incoming: [], outgoing: [] })
  })

  test('error: a registry refusing the credentials, or none configured, is named; nothing is prepared', async () => {
    const wrongToken = createTestApp(await databases.fresh(), {
      devMode: true,
      canton: { ...canton.current.config, registryToken: 'not-the-token' },
    })
    const a = await cantonPerson(wrongToken, 'Alice', 22)
    await onboardCantonPerson(a)
    await a.client.post('/api/dev/canton-faucet')
    const b = await cantonPerson(wrongToken, 'Bob', 23)
    const bParty = await onboardCantonPerson(b)
    const refused = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '1' })
    expect(refused.status).toBe(502)
    expect(refused.body).toEqual({
      code: 'CANTON_REGISTRY_ERROR',
      message: expect.stringContaining('CANTON_REGISTRY_TOKEN'),
    })
    expect(JSON.stringify(refused.body)).not.toContain('not-the-token')

    const none = createTestApp(await databases.fresh(), {
      devMode: true,
      canton: { ...canton.current.config, registryUrl: undefined, registryToken: undefined },
    })
    const c = await cantonPerson(none, 'Carol', 24)
    await onboardCantonPerson(c)
    await c.client.post('/api/dev/canton-faucet')
    const res = await c.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '1' })
    expect(res.status).toBe(503)
    expect(res.body.code).toBe('CANTON_REGISTRY_NOT_CONFIGURED')
    // Holdings need no registry.
    expect((await c.client.get('/api/canton/holdings')).status).toBe(200)
  })

  test('error: Canton not configured: status says so and every other route is 503 CANTON_NOT_CONFIGURED', async () => {
    const t = createTestApp(await databases.fresh(), { devMode: true })
    const a = await cantonPerson(t, 'Alice', 13)
    expect((await a.client.get('/api/canton/status')).body).toEqual({
      configured: false,
      partyId: null,
      instrument: null,
    })
    for (const [method, path, body] of [
      ['GET', '/api/canton/holdings'],
      ['GET', '/api/canton/instructions'],
      ['GET', '/api/canton/history'],
      ['POST', '/api/canton/onboarding/topology', { publicKey: a.publicKey }],
      ['POST', '/api/canton/transfers/prepare', { receiver: `b::1220${'0'.repeat(64)}`, amount: '1' }],
      ['POST', '/api/dev/canton-faucet'],
    ] as const) {
      const res = await a.client.request(method, path, body)
      expect(res.status, path).toBe(503)
      expect(res.body.code).toBe('CANTON_NOT_CONFIGURED')
    }
  })
})
