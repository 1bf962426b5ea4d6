import { z } from 'zod'
import { PublicBrand } from './branding.js'

/** GET /api/config: what the browser needs before anyone signs in. Public data only. */
export const PublicConfig = z.object({
  /** The brand's name (the same as `brand.name`). */
  instanceName: z.string(),
  /** Name, colours, support contact and logo of the instance: admins' edits, else the settings. */
  brand: PublicBrand,
  rpId: z.string(),
  /** True when the instance has no admin yet and an enrollment link is outstanding. */
  needsAdmin: z.boolean(),
  /** Dev mode enables the test-ETH faucet. */
  devMode: z.boolean(),
  /** Operators may sign in to the admin console through the identity provider (OIDC). */
  operatorSignIn: z.boolean(),
  /** Inactivity, in seconds, after which the browser drops keys from memory. */
  autoLockSeconds: z.number().int().positive(),
  evm: z.object({
    chainId: z.number().int().positive(),
    name: z.string(),
    symbol: z.string(),
    /** Same-origin JSON-RPC proxy path; the upstream URL (which may carry an API key) stays on the server. */
    rpcPath: z.string(),
  }),
})
export type PublicConfig = z.infer<typeof PublicConfig>

/**
 * GET /.well-known/webauthn (WebAuthn Level 3 §5.11, Related Origin Requests): the origins whose
 * pages may use this relying party id's passkeys.
 */
export const RelatedOrigins = z.object({ origins: z.array(z.string()) })
export type RelatedOrigins = z.infer<typeof RelatedOrigins>

/** `POST /api/dev/chains/:networkId/faucet`: test coin (or `token`, its address) for `address`. */
export const ChainFaucetRequest = z
  .object({
    address: z.string().trim().min(1, 'address: expected an address').max(128, 'address: too long'),
    token: z.string().trim().min(1).max(128).optional(),
  })
  .strict()
/** What the faucet sent: the transaction (confirmed) and the amount in base units. */
export const ChainFaucetResponse = z.object({ txId: z.string(), amount: z.string() })
