import type { AdminUsersResponse } from '@stratos/schemas'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../context.js'
import { requireRole } from '../../middleware/requireRole.js'
import { requireSession } from '../../middleware/requireSession.js'
import { selectAllUsers } from './queries.js'

/** `/api/admin`: instance administration, admins only. */
export function adminRoutes(deps: AppDeps) {
  const { db } = deps
  return new Hono<AppEnv>().use(requireSession(deps), requireRole('admin')).get('/users', async (c) => {
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
}
