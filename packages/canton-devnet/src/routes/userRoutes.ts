import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { RightRecord, UserRecord } from '../store/LedgerStore.js'
import { type DevnetEnv, parseRights, readJson, requireAdmin, rightJson } from './http.js'
import { invalidArgument, isPartyString, isUserId, pageSizeOf } from './identifiers.js'
import { decodePageToken, encodePageToken } from './pageTokens.js'

export const userJson = (u: UserRecord) => ({
  id: u.id,
  primaryParty: u.primaryParty,
  isDeactivated: u.isDeactivated,
  metadata: { resourceVersion: '0', annotations: u.annotations },
  identityProviderId: u.identityProviderId,
})

/** `userManagement.maxUsersPageSize` and `maxRightsPerUser` the devnet reports in `/v2/version`. */
export const MAX_USERS_PAGE_SIZE = 1000
export const MAX_RIGHTS_PER_USER = 1000

/** /v2/users and /v2/authenticated-user: the user store and user rights. */
export function userRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  /** The `{user-id}` path parameter; Canton refuses a malformed one before looking it up. */
  const userIdParam = (c: { req: { param(name: 'userId'): string } }) => {
    const id = c.req.param('userId')
    if (!isUserId(id))
      throw invalidArgument(`Malformed user-id: ${JSON.stringify(id)} is not a valid user id`)
    return id
  }
  /** JsUserManagementService: the body's userId must be the path's (a missing one is ""). */
  const sameUser = (id: string, body: Record<string, unknown>) => {
    const inBody = typeof body.userId === 'string' ? body.userId : ''
    if (inBody !== id) throw invalidArgument(`${id} does not match user in body: Some(${inBody}) `)
  }
  /**
   * ApiUserManagementService.verifyPartiesExistInIdp: every party a right names must be known to
   * the participant.
   */
  const knownParties = (rights: RightRecord[]) => {
    const malformed = rights.find((r) => r.party !== '' && !isPartyString(r.party))
    if (malformed) throw invalidArgument(`${JSON.stringify(malformed.party)} is not a valid Daml-LF Party`)
    const unknown = [...new Set(rights.map((r) => r.party).filter((p) => p !== ''))].filter(
      (p) => !ctx.store.getParty(p),
    )
    if (unknown.length > 0)
      throw invalidArgument(
        `Provided parties have not been found in identity_provider_id=\`\`: [${unknown.join(',')}].`,
      )
    return rights
  }

  const userOrFail = (id: string) => {
    const user = ctx.store.getUser(id)
    if (!user) throw new CantonError('USER_NOT_FOUND', `User not found: ${id}`, { resources: [['USER', id]] })
    return user
  }
  const selfOrAdmin = (c: { get(k: 'principal'): import('../auth/Principal.js').Principal }, id: string) => {
    const principal = c.get('principal')
    if (principal.userId !== id) requireAdmin(principal)
  }

  app.get('/authenticated-user', (c) => c.json({ user: userJson(c.get('principal').user) }))

  app.get('/users', (c) => {
    requireAdmin(c.get('principal'))
    const after = decodePageToken(c.req.query('pageToken'), isUserId)
    const pageSize = pageSizeOf(c.req.query('pageSize'), {
      max: MAX_USERS_PAGE_SIZE,
      aboveMax: 'cap',
      negative: 'Max page size must be non-negative',
    })
    const page = ctx.store.listUsers(after, pageSize)
    // As Canton: a full page carries a token, even when the next page turns out empty.
    return c.json({
      users: page.map(userJson),
      nextPageToken: page.length < pageSize ? '' : encodePageToken(page.at(-1)!.id),
    })
  })

  app.post('/users', async (c) => {
    requireAdmin(c.get('principal'))
    const body = await readJson(c)
    const u = body.user
    if (typeof u?.id !== 'string' || !isUserId(u.id)) {
      throw new CantonError(
        'INVALID_FIELD',
        `Invalid field user.id: ${JSON.stringify(u?.id)} is not a valid user id`,
      )
    }
    const user: UserRecord = {
      id: u.id,
      primaryParty: typeof u.primaryParty === 'string' ? u.primaryParty : '',
      isDeactivated: u.isDeactivated === true,
      annotations: u.metadata?.annotations ?? {},
      identityProviderId: '',
    }
    ctx.store.createUser(user, knownParties(parseRights(body.rights)))
    return c.json({ user: userJson(user) })
  })

  app.get('/users/:userId', (c) => {
    const id = userIdParam(c)
    selfOrAdmin(c, id)
    return c.json({ user: userJson(userOrFail(id)) })
  })

  app.delete('/users/:userId', (c) => {
    requireAdmin(c.get('principal'))
    const id = userIdParam(c)
    if (!ctx.store.deleteUser(id))
      throw new CantonError('USER_NOT_FOUND', `User not found: ${id}`, { resources: [['USER', id]] })
    return c.json({})
  })

  app.get('/users/:userId/rights', (c) => {
    const id = userIdParam(c)
    selfOrAdmin(c, id)
    userOrFail(id)
    return c.json({ rights: ctx.store.rightsOf(id).map(rightJson) })
  })

  app.post('/users/:userId/rights', async (c) => {
    requireAdmin(c.get('principal'))
    const id = userIdParam(c)
    const body = await readJson(c)
    sameUser(id, body)
    const rights = knownParties(parseRights(body.rights))
    userOrFail(id)
    return c.json({
      newlyGrantedRights: ctx.store.db
        .transaction(() => {
          const granted = ctx.store.grantRights(id, rights)
          const held = ctx.store.rightsOf(id).length
          if (held > MAX_RIGHTS_PER_USER)
            throw new CantonError(
              'TOO_MANY_USER_RIGHTS',
              `Update operation for user id '${id}' failed due to too many user rights: ${held} exceed the maximum of ${MAX_RIGHTS_PER_USER}`,
            )
          return granted
        })()
        .map(rightJson),
    })
  })

  app.patch('/users/:userId/rights', async (c) => {
    requireAdmin(c.get('principal'))
    const id = userIdParam(c)
    const body = await readJson(c)
    sameUser(id, body)
    const rights = knownParties(parseRights(body.rights))
    userOrFail(id)
    return c.json({ newlyRevokedRights: ctx.store.revokeRights(id, rights).map(rightJson) })
  })

  return app
}
