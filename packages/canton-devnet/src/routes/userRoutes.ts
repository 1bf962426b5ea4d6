import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { UserRecord } from '../store/LedgerStore.js'
import { type DevnetEnv, optionalInteger, parseRights, readJson, requireAdmin, rightJson } from './http.js'

export const userJson = (u: UserRecord) => ({
  id: u.id,
  primaryParty: u.primaryParty,
  isDeactivated: u.isDeactivated,
  metadata: { resourceVersion: '0', annotations: u.annotations },
  identityProviderId: u.identityProviderId,
})

const USER_ID = /^[a-z0-9@^$.!`\-#+'~_|:()]{1,128}$/i

/** /v2/users and /v2/authenticated-user: the user store and user rights. */
export function userRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

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
    const pageSize = Math.min(
      optionalInteger(c.req.query('pageSize'), 'query parameter pageSize') || 1000,
      1000,
    )
    const token = c.req.query('pageToken') ?? ''
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : ''
    const users = ctx.store.listUsers(after, pageSize + 1)
    const page = users.slice(0, pageSize)
    return c.json({
      users: page.map(userJson),
      nextPageToken: users.length > pageSize ? Buffer.from(page.at(-1)!.id).toString('base64url') : '',
    })
  })

  app.post('/users', async (c) => {
    requireAdmin(c.get('principal'))
    const body = await readJson(c)
    const u = body.user
    if (typeof u?.id !== 'string' || !USER_ID.test(u.id)) {
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
    ctx.store.createUser(user, parseRights(body.rights))
    return c.json({ user: userJson(user) })
  })

  app.get('/users/:userId', (c) => {
    const id = c.req.param('userId')
    selfOrAdmin(c, id)
    return c.json({ user: userJson(userOrFail(id)) })
  })

  app.delete('/users/:userId', (c) => {
    requireAdmin(c.get('principal'))
    const id = c.req.param('userId')
    if (!ctx.store.deleteUser(id))
      throw new CantonError('USER_NOT_FOUND', `User not found: ${id}`, { resources: [['USER', id]] })
    return c.json({})
  })

  app.get('/users/:userId/rights', (c) => {
    const id = c.req.param('userId')
    selfOrAdmin(c, id)
    userOrFail(id)
    return c.json({ rights: ctx.store.rightsOf(id).map(rightJson) })
  })

  app.post('/users/:userId/rights', async (c) => {
    requireAdmin(c.get('principal'))
    const id = c.req.param('userId')
    const body = await readJson(c)
    if (body.userId !== undefined && body.userId !== id) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `userId ${body.userId} in the body does not match the path ${id}`,
      )
    }
    userOrFail(id)
    return c.json({ newlyGrantedRights: ctx.store.grantRights(id, parseRights(body.rights)).map(rightJson) })
  })

  app.patch('/users/:userId/rights', async (c) => {
    requireAdmin(c.get('principal'))
    const id = c.req.param('userId')
    const body = await readJson(c)
    userOrFail(id)
    return c.json({ newlyRevokedRights: ctx.store.revokeRights(id, parseRights(body.rights)).map(rightJson) })
  })

  return app
}
