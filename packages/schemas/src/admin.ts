import { z } from 'zod'
import { User } from './me.js'

/** GET /api/admin/users (admins only). */
export const AdminUsersResponse = z.object({ users: z.array(User) })
export type AdminUsersResponse = z.infer<typeof AdminUsersResponse>
