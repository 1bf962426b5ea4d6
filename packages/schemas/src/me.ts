import { z } from 'zod'
import { ChainAddresses } from './addresses.js'

export const Role = z.enum(['user', 'admin'])
export type Role = z.infer<typeof Role>

export const User = z.object({
  id: z.string(),
  displayName: z.string(),
  role: Role,
  createdAt: z.string(),
})
export type User = z.infer<typeof User>

export const Credential = z.object({
  id: z.string(),
  /**
   * `primary`: a passkey whose PRF output defines the wallet (the first one); `backup`: a passkey
   * that opens the wallet through the entropy wrapped under its own PRF output.
   */
  kind: z.enum(['primary', 'backup']),
  /** The name the user gave it; null until they do. */
  name: z.string().nullable(),
  /**
   * The authenticator or passkey provider that made it ("YubiKey 5 Series", "Google Password
   * Manager"), from its AAGUID; null when the AAGUID is unknown or all zeros.
   */
  authenticatorName: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  /** WebAuthn BE flag: the passkey may be synced by its provider (a multi-device credential). */
  backupEligible: z.boolean(),
  /** WebAuthn BS flag: the passkey is synced or backed up by its provider (e.g. a cloud keychain). */
  backedUp: z.boolean(),
  transports: z.array(z.string()),
})
export type Credential = z.infer<typeof Credential>

/** GET /api/me; also the body of a successful register/login verify. */
export const MeResponse = z.object({
  user: User,
  addresses: ChainAddresses.nullable(),
  credentials: z.array(Credential),
  session: z.object({ expiresAt: z.string() }),
})
export type MeResponse = z.infer<typeof MeResponse>

/** PUT /api/me/addresses: the client re-registers its public addresses after derivation. */
export const PutAddressesRequest = z.object({ addresses: ChainAddresses })
export type PutAddressesRequest = z.infer<typeof PutAddressesRequest>
