import { z } from 'zod'

/** One live session of a user: where and when it signed in, and when it was last used. */
export const SessionInfo = z.object({
  id: z.string(),
  /** What the user agent says, summarised: `Chrome 120 on macOS`, or `Unknown device`. */
  device: z.string(),
  /** Browser name and major version, when the user agent names one. */
  browser: z.string().nullable(),
  /** Operating system, when the user agent names one. */
  os: z.string().nullable(),
  /** The client address at sign-in (behind trusted proxies, the one they reported), when known. */
  ip: z.string().nullable(),
  createdAt: z.string(),
  /** When the session was last used (updated at most once a minute); null if not since sign-in. */
  lastSeenAt: z.string().nullable(),
  expiresAt: z.string(),
  /** The session of this request. */
  current: z.boolean(),
})
export type SessionInfo = z.infer<typeof SessionInfo>

/** GET /api/me/sessions, GET /api/admin/users/:id/sessions: live sessions, newest first. */
export const SessionsResponse = z.object({ sessions: z.array(SessionInfo) })
export type SessionsResponse = z.infer<typeof SessionsResponse>

/** What a bulk revocation ended: how many live sessions it revoked. */
export const RevokedSessionsResponse = z.object({ revoked: z.number().int().nonnegative() })
export type RevokedSessionsResponse = z.infer<typeof RevokedSessionsResponse>

/** `:id` of a session or a user in a path. */
export const IdParams = z.object({ id: z.string().min(1).max(100) })
