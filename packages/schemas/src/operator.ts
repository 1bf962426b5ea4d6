import { z } from 'zod'

/**
 * GET /api/auth/oidc/callback: what the identity provider sends back (OAuth 2.0 §4.1.2, RFC 9207
 * `iss`). The whole query goes on to the OIDC client, which checks it; the fields are named here
 * so the contract documents them.
 */
export const OidcCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(1024).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
  session_state: z.string().max(1024).optional(),
})

/** GET /api/operator/me: the operator signed in through the identity provider. */
export const OperatorMeResponse = z.object({
  kind: z.literal('operator'),
  id: z.string(),
  displayName: z.string(),
  /** The identity provider that vouched for the operator. */
  issuer: z.string(),
  /** When the operator session ends (ISO 8601). */
  expiresAt: z.string(),
})
export type OperatorMeResponse = z.infer<typeof OperatorMeResponse>
