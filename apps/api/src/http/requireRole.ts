import type { UsersTable } from '@stratos/db'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'

/**
 * Refuses callers whose role is not `role` with 403 FORBIDDEN. Mount after `requireSession`:
 * `router.use(requireSession(deps), requireRole('admin'))`.
 */
export function requireRole(role: UsersTable['role']) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth')
    if (!auth) throw new ApiError(401, 'UNAUTHENTICATED', 'Sign in first: no valid session')
    if (auth.role !== role) throw new ApiError(403, 'FORBIDDEN', `This needs the ${role} role`)
    await next()
  })
}
