import {
  AdminAuditQuery,
  AdminCantonUpdateRequest,
  AdminDefiVaultRequest,
  type AdminUsersResponse,
} from '@stratos/schemas'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { selectAuditPage } from '../../audit/auditLog.js'
import type { CantonConnection } from '../../cantonConnection.js'
import type { AppDeps, AppEnv } from '../../context.js'
import { ApiError } from '../../errors.js'
import { parseJsonBody, validate } from '../../middleware/parseJsonBody.js'
import { requireRole } from '../../middleware/requireRole.js'
import { requireSession } from '../../middleware/requireSession.js'
import { listVaults, registerVault, removeVault } from '../defi/service.js'
import { selectAllUsers } from './queries.js'
import {
  type Actor,
  DAR_MAX_BYTES,
  describeConnection,
  listPackages,
  updateConnection,
  uploadDar,
} from './service.js'

/** Routes whose body is not JSON and that enforce their own, larger limit (app.ts skips its JSON limit). */
export const OWN_BODY_LIMIT_ROUTES = new Set(['POST /api/admin/canton/dars'])

const actorOf = (c: Context<AppEnv>): Actor => ({
  userId: c.get('auth').userId,
  requestId: c.req.header('x-request-id')?.slice(0, 128),
})

/** `/api/admin`: instance administration, admins only. Every change writes the audit log. */
export function adminRoutes(deps: AppDeps, canton: CantonConnection) {
  const { db } = deps
  return new Hono<AppEnv>()
    .use(requireSession(deps), requireRole('admin'))
    .get('/users', async (c) => {
      const rows = await selectAllUsers(db)
      const body: AdminUsersResponse = {
        users: rows.map((u) => ({
          id: u.id,
          displayName: u.display_name,
          role: u.role,
          createdAt: u.created_at,
        })),
      }
      return c.json(body)
    })
    .get('/canton', async (c) => c.json(await describeConnection(canton)))
    .put('/canton', async (c) => {
      const body = await parseJsonBody(c, AdminCantonUpdateRequest)
      return c.json(await updateConnection(deps, canton, actorOf(c), body))
    })
    .get('/canton/packages', async (c) => c.json(await listPackages(canton)))
    .post(
      '/canton/dars',
      bodyLimit({
        maxSize: DAR_MAX_BYTES,
        onError: () => {
          throw new ApiError(413, 'PAYLOAD_TOO_LARGE', `A DAR may be at most ${DAR_MAX_BYTES} bytes`)
        },
      }),
      async (c) => {
        if (!/^application\/octet-stream\s*(;|$)/i.test(c.req.header('content-type') ?? ''))
          throw new ApiError(
            415,
            'UNSUPPORTED_MEDIA_TYPE',
            'Send the DAR file as the body with Content-Type: application/octet-stream',
          )
        const dar = new Uint8Array(await c.req.arrayBuffer())
        if (dar.byteLength === 0)
          throw new ApiError(400, 'INVALID_BODY', 'The body is empty: send the DAR file')
        return c.json(await uploadDar(deps, canton, actorOf(c), dar))
      },
    )
    .get('/defi/vaults', async (c) => c.json(await listVaults(deps)))
    .put('/defi/vaults', async (c) => {
      const body = await parseJsonBody(c, AdminDefiVaultRequest)
      return c.json(await registerVault(deps, actorOf(c), body))
    })
    .delete('/defi/vaults/:partyId', async (c) => {
      await removeVault(deps, actorOf(c), c.req.param('partyId'))
      return c.body(null, 204)
    })
    .get('/audit', async (c) => {
      let query: AdminAuditQuery
      try {
        query = validate(AdminAuditQuery, c.req.query())
      } catch (error) {
        if (error instanceof ApiError) throw new ApiError(400, 'INVALID_QUERY', error.message)
        throw error
      }
      const page = await selectAuditPage(db, query)
      if (!page) throw new ApiError(400, 'INVALID_QUERY', 'before: no audit entry has this id')
      return c.json(page)
    })
}
