import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

describe('userRoutes', () => {
  test('behavior: create a user with rights, read it, list it, grant and revoke rights', async () => {
    const party = await client.allocateHostedParty('user-party')
    const created = await client.ok('POST', '/v2/users', {
      body: {
        user: { id: 'wallet-1', primaryParty: party },
        rights: [{ kind: { CanActAs: { value: { party } } } }],
      },
    })
    expect(created.user).toEqual(
      expect.objectContaining({ id: 'wallet-1', primaryParty: party, isDeactivated: false }),
    )
    expect(
      (await client.ok('GET', '/v2/users/{user-id}', { params: { 'user-id': 'wallet-1' } })).user.id,
    ).toBe('wallet-1')
    expect((await client.ok('GET', '/v2/users')).users.map((u: { id: string }) => u.id)).toEqual(
      expect.arrayContaining(['participant_admin', 'wallet-1']),
    )
    const granted = await client.ok('POST', '/v2/users/{user-id}/rights', {
      params: { 'user-id': 'wallet-1' },
      body: {
        userId: 'wallet-1',
        rights: [
          { kind: { CanReadAsAnyParty: { value: {} } } },
          { kind: { CanActAs: { value: { party } } } },
        ],
      },
    })
    expect(granted.newlyGrantedRights).toEqual([{ kind: { CanReadAsAnyParty: { value: {} } } }])
    const rights = await client.ok('GET', '/v2/users/{user-id}/rights', { params: { 'user-id': 'wallet-1' } })
    expect(rights.rights).toHaveLength(2)
    const revoked = await client.ok('PATCH', '/v2/users/{user-id}/rights', {
      params: { 'user-id': 'wallet-1' },
      body: { userId: 'wallet-1', rights: [{ kind: { CanReadAsAnyParty: { value: {} } } }] },
    })
    expect(revoked.newlyRevokedRights).toHaveLength(1)
  })

  test('behavior: a user reads itself (authenticated-user, own rights) but not others', async () => {
    const token = await devnet.tokenFor('self-reader')
    expect((await client.ok('GET', '/v2/authenticated-user', { token })).user.id).toBe('self-reader')
    expect(
      (await client.ok('GET', '/v2/users/{user-id}/rights', { token, params: { 'user-id': 'self-reader' } }))
        .rights,
    ).toEqual([])
    const other = await client.call('GET', '/v2/users/{user-id}', {
      token,
      params: { 'user-id': 'participant_admin' },
    })
    expect(other.status).toBe(403)
  })

  test('error: a duplicate user is 409, an unknown user 404, an invalid id 400', async () => {
    await client.ok('POST', '/v2/users', { body: { user: { id: 'dup-user' } } })
    const dup = await client.call('POST', '/v2/users', { body: { user: { id: 'dup-user' } } })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('USER_ALREADY_EXISTS')
    const missing = await client.call('GET', '/v2/users/{user-id}', { params: { 'user-id': 'nobody' } })
    expect(missing.status).toBe(404)
    expect(missing.body.code).toBe('USER_NOT_FOUND')
    expect((await client.call('POST', '/v2/users', { body: { user: { id: '' } } })).status).toBe(400)
    expect(await client.ok('DELETE', '/v2/users/{user-id}', { params: { 'user-id': 'dup-user' } })).toEqual(
      {},
    )
  })

  test('behavior: users page with Canton page tokens; a pageSize above the maximum is capped', async () => {
    for (const i of [1, 2, 3]) await client.ok('POST', '/v2/users', { body: { user: { id: `paged-${i}` } } })
    const ids: string[] = []
    let pageToken = ''
    do {
      const page = await client.ok('GET', '/v2/users', {
        query: { pageSize: '2', ...(pageToken ? { pageToken } : {}) },
      })
      ids.push(...page.users.map((u: { id: string }) => u.id))
      pageToken = page.nextPageToken ?? ''
    } while (pageToken)
    expect(ids.filter((id) => id.startsWith('paged-'))).toEqual(['paged-1', 'paged-2', 'paged-3'])
    expect(ids).toEqual([...ids].sort())
    expect((await client.call('GET', '/v2/users', { query: { pageSize: '5000' } })).status).toBe(200)
    const negative = await client.call('GET', '/v2/users', { query: { pageSize: '-1' } })
    expect([negative.status, negative.body.code]).toEqual([400, 'INVALID_ARGUMENT'])
    const token = await client.call('GET', '/v2/users', { query: { pageToken: 'AAAA' } })
    expect([token.status, token.body.cause]).toEqual([400, expect.stringContaining('Invalid page token')])
  })

  test('error: grant and revoke need the body userId of the path, known parties and a well-formed user id', async () => {
    const party = await client.allocateHostedParty('rights-party')
    await client.ok('POST', '/v2/users', { body: { user: { id: 'rights-user' } } })
    const actAs = [{ kind: { CanActAs: { value: { party } } } }]
    const params = { 'user-id': 'rights-user' }
    for (const method of ['POST', 'PATCH']) {
      const missing = await client.call(method, '/v2/users/{user-id}/rights', {
        params,
        body: { rights: actAs },
      })
      expect([method, missing.status, missing.body.code]).toEqual([method, 400, 'INVALID_ARGUMENT'])
      expect(missing.body.cause).toContain('rights-user does not match user in body')
      const other = await client.call(method, '/v2/users/{user-id}/rights', {
        params,
        body: { userId: 'someone-else', rights: actAs },
      })
      expect(other.status).toBe(400)
      const unknown = await client.call(method, '/v2/users/{user-id}/rights', {
        params,
        body: {
          userId: 'rights-user',
          rights: [{ kind: { CanReadAs: { value: { party: 'ghost::1220ab' } } } }],
        },
      })
      expect([unknown.status, unknown.body.code]).toEqual([400, 'INVALID_ARGUMENT'])
      expect(unknown.body.cause).toContain('Provided parties have not been found')
      const malformedParty = await client.call(method, '/v2/users/{user-id}/rights', {
        params,
        body: { userId: 'rights-user', rights: [{ kind: { CanExecuteAs: { value: { party: 'a/b' } } } }] },
      })
      expect([malformedParty.status, malformedParty.body.code]).toEqual([400, 'INVALID_ARGUMENT'])
      const badKind = await client.call(method, '/v2/users/{user-id}/rights', {
        params,
        body: { userId: 'rights-user', rights: [{ kind: { Superuser: { value: {} } } }] },
      })
      expect(badKind.status).toBe(400)
      const noUser = await client.call(method, '/v2/users/{user-id}/rights', {
        params: { 'user-id': 'ghost-user' },
        body: { userId: 'ghost-user', rights: actAs },
      })
      expect([noUser.status, noUser.body.code]).toEqual([404, 'USER_NOT_FOUND'])
    }
    const malformed = await client.call('GET', '/v2/users/{user-id}/rights', { params: { 'user-id': 'a b' } })
    expect([malformed.status, malformed.body.code]).toEqual([400, 'INVALID_ARGUMENT'])
    expect(malformed.body.cause).toContain('Malformed user-id')
    expect((await client.ok('GET', '/v2/users/{user-id}/rights', { params })).rights).toEqual([])
  })
})
