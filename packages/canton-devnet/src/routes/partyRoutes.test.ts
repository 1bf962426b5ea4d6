import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { decodePageToken, encodePageToken } from './pageTokens.js'

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

type Page = { partyDetails: { party: string }[]; nextPageToken?: string }

describe('GET /v2/parties', () => {
  test('behavior: pages by id with Canton page tokens; a full last page leads to an empty one', async () => {
    for (const i of [1, 2, 3, 4]) await client.allocateHostedParty(`paging-${i}`)
    const seen: string[] = []
    let pageToken = ''
    let pages = 0
    do {
      const page: Page = await client.ok('GET', '/v2/parties', {
        query: { pageSize: '2', 'filter-party': 'paging-', ...(pageToken ? { pageToken } : {}) },
      })
      seen.push(...page.partyDetails.map((d) => d.party))
      pageToken = page.nextPageToken ?? ''
      pages++
    } while (pageToken)
    expect(seen.map((p) => p.split('::')[0])).toEqual(['paging-1', 'paging-2', 'paging-3', 'paging-4'])
    // Two full pages, then the empty one Canton answers after a full page.
    expect(pages).toBe(3)
  })

  test('behavior: filter-party is a prefix, as Canton filters', async () => {
    const party = await client.allocateHostedParty('prefix-target')
    const byPrefix: Page = await client.ok('GET', '/v2/parties', { query: { 'filter-party': 'prefix-t' } })
    expect(byPrefix.partyDetails.map((d) => d.party)).toEqual([party])
    const inside: Page = await client.ok('GET', '/v2/parties', { query: { 'filter-party': 'fix-target' } })
    expect(inside.partyDetails).toEqual([])
  })

  test('error: a negative or too large pageSize, a malformed token or filter is 400 INVALID_ARGUMENT', async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ pageSize: '-1' }, 'INVALID_ARGUMENT', /Page size must be non-negative/],
      [{ pageSize: '10001' }, 'INVALID_ARGUMENT', /must not exceed the server's maximum of 10000/],
      [{ pageSize: 'ten' }, 'INVALID_ARGUMENT', /query parameter pageSize/],
      [{ pageToken: 'not a token' }, 'INVALID_ARGUMENT', /Invalid page token/],
      // Base64url of a party id, not of Canton's token message.
      [
        { pageToken: Buffer.from('alice::1220').toString('base64url') },
        'INVALID_ARGUMENT',
        /Invalid page token/,
      ],
      [{ 'filter-party': 'bad/prefix' }, 'INVALID_FIELD', /filterString/],
    ]
    for (const [query, code, cause] of cases) {
      const res = await client.call('GET', '/v2/parties', { query })
      expect([query, res.status, res.body.code]).toEqual([query, 400, code])
      expect(res.body.cause).toMatch(cause)
    }
  })
})

describe('POST /v2/parties', () => {
  test('behavior: a hint with space and colon, annotations kept, the user gets CanActAs', async () => {
    await client.ok('POST', '/v2/users', { body: { user: { id: 'allocating-user' } } })
    const res = await client.ok('POST', '/v2/parties', {
      body: {
        partyIdHint: 'Treasury desk:eu',
        localMetadata: { annotations: { 'stratos-vault/display-name': 'Treasury (EU)' } },
        userId: 'allocating-user',
      },
    })
    expect(res.partyDetails).toMatchObject({
      party: expect.stringMatching(/^Treasury desk:eu::1220[0-9a-f]{64}$/),
      isLocal: true,
      localMetadata: { annotations: { 'stratos-vault/display-name': 'Treasury (EU)' } },
    })
    const rights = await client.ok('GET', '/v2/users/{user-id}/rights', {
      params: { 'user-id': 'allocating-user' },
    })
    expect(rights.rights).toEqual([{ kind: { CanActAs: { value: { party: res.partyDetails.party } } } }])
  })

  test('error: an existing party is 400 INVALID_ARGUMENT "Party already exists", as Canton answers', async () => {
    const party = await client.allocateHostedParty('twice')
    const again = await client.call('POST', '/v2/parties', { body: { partyIdHint: 'twice' } })
    expect([again.status, again.body.code]).toEqual([400, 'INVALID_ARGUMENT'])
    expect(again.body.cause).toContain(
      `Party already exists: party ${party} is already allocated on this node`,
    )
  })

  test('error: bad hints, annotations, resource versions and users are refused before anything is allocated', async () => {
    const before: Page = await client.ok('GET', '/v2/parties')
    const cases: [unknown, number, string, RegExp][] = [
      [{ partyIdHint: 'a::b' }, 400, 'INVALID_ARGUMENT', /reserved delimiter `::`/],
      [{ partyIdHint: 'émile' }, 400, 'INVALID_ARGUMENT', /Invalid party id hint/],
      [{ partyIdHint: 'x'.repeat(186) }, 400, 'INVALID_ARGUMENT', /too long/],
      [{ partyIdHint: 7 }, 400, 'INVALID_ARGUMENT', /Invalid party id hint/],
      [{ localMetadata: { annotations: { name: '' } } }, 400, 'INVALID_FIELD', /must be a non-empty string/],
      [{ localMetadata: { annotations: { 'Bad_Prefix/name': 'x' } } }, 400, 'INVALID_FIELD', /prefix/],
      [{ localMetadata: { annotations: { '-name': 'x' } } }, 400, 'INVALID_FIELD', /name segment/],
      [{ localMetadata: { resourceVersion: '3' } }, 400, 'INVALID_FIELD', /resource_version: must be empty/],
      [{ userId: 'no such user' }, 400, 'INVALID_FIELD', /user_id/],
      [{ userId: 'nobody-here' }, 404, 'USER_NOT_FOUND', /nobody-here/],
    ]
    for (const [body, status, code, cause] of cases) {
      const res = await client.call('POST', '/v2/parties', { body })
      expect([body, res.status, res.body.code]).toEqual([body, status, code])
      expect(res.body.cause).toMatch(cause)
    }
    const after: Page = await client.ok('GET', '/v2/parties')
    expect(after.partyDetails).toHaveLength(before.partyDetails.length)
  })

  test('error: a user without ParticipantAdmin is 403', async () => {
    const token = await devnet.tokenFor({ readAsAnyParty: true })
    const res = await client.call('POST', '/v2/parties', { token, body: { partyIdHint: 'not-mine' } })
    expect([res.status, res.body.code]).toEqual([403, 'PERMISSION_DENIED'])
    expect((await client.call('GET', '/v2/parties', { token })).status).toBe(403)
  })
})

describe('GET /v2/state/connected-synchronizers', () => {
  test("behavior: a party's permission only when asked for a party, and only where it is hosted", async () => {
    const all = await client.ok('GET', '/v2/state/connected-synchronizers')
    expect(all.connectedSynchronizers).toEqual([
      {
        synchronizerAlias: 'global',
        synchronizerId: devnet.synchronizerId,
        permission: 'PARTICIPANT_PERMISSION_UNSPECIFIED',
      },
    ])
    const hosted = await client.allocateHostedParty('sync-hosted')
    const external = await client.onboardExternalParty('sync-external')
    // Asking for a party needs the right to read as it (ParticipantAdmin alone is not enough).
    const token = await devnet.tokenFor({ readAsAnyParty: true })
    const permissionOf = async (party: string) =>
      (
        await client.ok('GET', '/v2/state/connected-synchronizers', { token, query: { party } })
      ).connectedSynchronizers.map((s: { permission: string }) => s.permission)
    expect(await permissionOf(hosted)).toEqual(['PARTICIPANT_PERMISSION_SUBMISSION'])
    expect(await permissionOf(external.partyId)).toEqual(['PARTICIPANT_PERMISSION_CONFIRMATION'])
    expect(await permissionOf(`ghost::1220${'ab'.repeat(32)}`)).toEqual([])
  })

  test('error: a malformed party is 400, a party the user may not read 403', async () => {
    const bad = await client.call('GET', '/v2/state/connected-synchronizers', { query: { party: 'a/b' } })
    expect([bad.status, bad.body.code]).toEqual([400, 'INVALID_FIELD'])
    const party = await client.allocateHostedParty('sync-private')
    const token = await devnet.tokenFor({ readAs: [] })
    const denied = await client.call('GET', '/v2/state/connected-synchronizers', { token, query: { party } })
    expect([denied.status, denied.body.code]).toEqual([403, 'PERMISSION_DENIED'])
  })
})

describe('page tokens', () => {
  test("behavior: Canton's encoding (field 1 of a protobuf message, base64url with padding) round-trips", () => {
    // protobuf 0a 05 "alice", base64url with its padding.
    expect(encodePageToken('alice')).toBe('CgVhbGljZQ==')
    expect(decodePageToken('CgVhbGljZQ', () => true)).toBe('alice')
    const long = `p${'x'.repeat(200)}`
    expect(decodePageToken(encodePageToken(long), () => true)).toBe(long)
    expect(() => decodePageToken(encodePageToken('alice'), () => false)).toThrow(/Invalid page token/)
  })
})
