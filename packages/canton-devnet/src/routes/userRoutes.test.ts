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
})
