import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createLedgerClient, type LedgerClient } from './createLedgerClient.js'

// Real participant: canton-devnet over HTTP (a devDependency of this package).
describe('createLedgerClient (against canton-devnet)', () => {
  let devnet: CantonDevnet
  let admin: LedgerClient

  beforeAll(async () => {
    devnet = await startCantonDevnet()
    admin = createLedgerClient({ url: devnet.url, getToken: () => devnet.adminToken() })
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  test('behavior: version, ledger end, synchronizers and participant id', async () => {
    expect((await admin.version()).version).toMatch(/^3\./)
    expect(await admin.ledgerEnd()).toBeGreaterThanOrEqual(0)
    const { connectedSynchronizers } = await admin.connectedSynchronizers()
    expect(connectedSynchronizers?.map((s) => s.synchronizerId)).toContain(devnet.synchronizerId)
    expect(await admin.participantId()).toBe(devnet.participantId)
  })

  test('behavior: allocate a hosted party, find it with getParty and listParties; an unknown party -> undefined', async () => {
    const { partyDetails } = await admin.allocateParty({ partyIdHint: 'client-test-registry' })
    expect(partyDetails.party).toMatch(/^client-test-registry::1220/)
    expect(await admin.getParty(partyDetails.party)).toMatchObject({
      party: partyDetails.party,
      isLocal: true,
    })
    const listed = await admin.listParties({ filterParty: 'client-test-registry' })
    expect(listed.partyDetails.map((d) => d.party)).toContain(partyDetails.party)
    expect(await admin.getParty(`nobody::1220${'00'.repeat(32)}`)).toBeUndefined()
  })

  test('behavior: create a user, read it back, grant it rights', async () => {
    const { partyDetails } = await admin.allocateParty({ partyIdHint: 'client-test-user-party' })
    await admin.createUser({ user: { id: 'client-test-user', primaryParty: partyDetails.party }, rights: [] })
    expect((await admin.getUser('client-test-user')).user).toMatchObject({
      id: 'client-test-user',
      primaryParty: partyDetails.party,
    })
    const granted = await admin.grantUserRights('client-test-user', [
      { kind: { CanActAs: { value: { party: partyDetails.party } } } },
    ])
    expect(granted.newlyGrantedRights).toEqual([
      { kind: { CanActAs: { value: { party: partyDetails.party } } } },
    ])
  })

  test('behavior: list users a page at a time, read, grant and revoke rights; who the token is; liveness', async () => {
    const { partyDetails } = await admin.allocateParty({ partyIdHint: 'client-test-rights' })
    await admin.createUser({ user: { id: 'client-test-rights-user', primaryParty: '' }, rights: [] })
    const readAs = { kind: { CanReadAs: { value: { party: partyDetails.party } } } }
    await admin.grantUserRights('client-test-rights-user', [readAs])
    expect((await admin.listUserRights('client-test-rights-user')).rights).toEqual([readAs])
    expect((await admin.revokeUserRights('client-test-rights-user', [readAs])).newlyRevokedRights).toEqual([
      readAs,
    ])
    expect((await admin.listUserRights('client-test-rights-user')).rights).toEqual([])

    const ids: string[] = []
    let pageToken: string | undefined
    do {
      const page = await admin.listUsers({ pageSize: 1, ...(pageToken ? { pageToken } : {}) })
      ids.push(...(page.users ?? []).map((u) => u.id))
      pageToken = page.nextPageToken || undefined
    } while (pageToken)
    expect(ids).toEqual(expect.arrayContaining(['participant_admin', 'client-test-rights-user']))

    expect((await admin.authenticatedUser()).user?.id).toBe('participant_admin')
    expect(await admin.livez()).toBe(true)
    expect(await admin.readyz()).toBe(true)
  })

  test('behavior: eventsByContractId of an unknown contract -> undefined; updates of an empty range -> []', async () => {
    const { partyDetails } = await admin.allocateParty({ partyIdHint: 'client-test-events' })
    await admin.grantUserRights('participant_admin', [
      { kind: { CanReadAs: { value: { party: partyDetails.party } } } },
    ])
    const filter = { parties: [partyDetails.party] }
    expect(await admin.eventsByContractId(`00${'ab'.repeat(33)}`, filter)).toBeUndefined()
    const end = await admin.ledgerEnd()
    expect(await admin.updates({ ...filter, beginExclusive: end, descendingOrder: true })).toEqual([])
  })

  test('behavior: list packages', async () => {
    expect((await admin.listPackages()).packageIds.length).toBeGreaterThan(0)
  })

  test('error: a missing user -> LEDGER_API_ERROR with status and the spec’s JsCantonError', async () => {
    const error = await admin.getUser('no-such-user').catch((e) => e)
    expect(error).toMatchObject({
      name: 'CantonError',
      code: 'LEDGER_API_ERROR',
      status: 404,
      cantonCode: 'USER_NOT_FOUND',
    })
    expect(error.ledgerError).toMatchObject({ code: 'USER_NOT_FOUND', cause: expect.any(String) })
  })

  test('error: a DAR that is not a DAR (octet-stream upload) -> LEDGER_API_ERROR 400', async () => {
    await expect(admin.uploadDar(new TextEncoder().encode('not a zip'))).rejects.toMatchObject({
      code: 'LEDGER_API_ERROR',
      status: 400,
    })
  })

  test('error: no token -> LEDGER_API_ERROR 401', async () => {
    const anonymous = createLedgerClient({ url: devnet.url })
    await expect(anonymous.listParties()).rejects.toMatchObject({ code: 'LEDGER_API_ERROR', status: 401 })
  })
})

describe('createLedgerClient', () => {
  test('error: nothing listening -> LEDGER_UNREACHABLE', async () => {
    const client = createLedgerClient({ url: 'http://127.0.0.1:1' })
    await expect(client.version()).rejects.toMatchObject({ code: 'LEDGER_UNREACHABLE' })
  })

  test('error (mock fetch at the HTTP boundary): a text/plain 400 keeps its text, no ledgerError', async () => {
    const client = createLedgerClient({
      url: 'http://participant.invalid',
      fetch: async () =>
        new Response('Invalid value for: body', { status: 400, headers: { 'content-type': 'text/plain' } }),
    })
    const error = await client.ledgerEnd().catch((e) => e)
    expect(error).toMatchObject({ code: 'LEDGER_API_ERROR', status: 400, ledgerError: undefined })
    expect(error.message).toContain('Invalid value for: body')
  })

  test('error (mock fetch at the HTTP boundary): a 200 that is not JSON -> LEDGER_BAD_RESPONSE', async () => {
    const client = createLedgerClient({
      url: 'http://participant.invalid',
      fetch: async () => new Response('<html>'),
    })
    await expect(client.version()).rejects.toMatchObject({ code: 'LEDGER_BAD_RESPONSE' })
  })

  test('error: a URL that is not http(s) -> INVALID_ARGUMENT', () => {
    expect(() => createLedgerClient({ url: 'localhost:7575' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
