import { z } from 'zod'

/** One sign-in to the user's account, or a refused attempt with one of their passkeys. */
export const SignInEvent = z.object({
  id: z.string(),
  at: z.string(),
  outcome: z.enum(['success', 'failure']),
  /** Why a failure was refused (the error code, e.g. `SIGNATURE_INVALID`); null on success. */
  reason: z.string().nullable(),
  /** The passkey used (or tried). */
  credentialId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
})
export type SignInEvent = z.infer<typeof SignInEvent>

/** GET /api/me/sign-ins?limit&before: newest first. */
export const SignInsQuery = z.object({
  limit: z.coerce.number().int('limit: expected an integer').min(1).max(100).default(20),
  /** The `nextBefore` of the previous page. */
  before: z.string().max(100).optional(),
})
export type SignInsQuery = z.infer<typeof SignInsQuery>

export const SignInsResponse = z.object({
  signIns: z.array(SignInEvent),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
})
export type SignInsResponse = z.infer<typeof SignInsResponse>
