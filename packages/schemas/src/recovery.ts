import { z } from 'zod'
import { ChainAddresses } from './addresses.js'
import { RegistrationResponseJSON } from './auth.js'
import { WrappedEntropy } from './wrappedEntropy.js'

/** At most this many guardians (packages/keys `MAX_GUARDIANS`). */
export const MAX_GUARDIANS = 10

const b64url = (name: string, bytes: string, pattern: RegExp) =>
  z.string().regex(pattern, `${name}: expected ${bytes}, base64url without padding`)

/** An X25519 public key: 32 bytes, base64url without padding (43 characters). */
export const X25519PublicKey = b64url('publicKey', '32 bytes', /^[A-Za-z0-9_-]{43}$/)

/**
 * A Shamir share sealed to an X25519 key (packages/keys `SealedBox`): the sender's one-time public
 * key, a 12-byte IV, and AES-256-GCM ciphertext of a 17-33 byte share with its 16-byte tag.
 */
export const SealedShare = z
  .object({
    ephemeralPublicKey: b64url('ephemeralPublicKey', '32 bytes', /^[A-Za-z0-9_-]{43}$/),
    iv: b64url('iv', '12 bytes', /^[A-Za-z0-9_-]{16}$/),
    ciphertext: b64url('ciphertext', '33 to 49 bytes', /^[A-Za-z0-9_-]{44,66}$/),
  })
  .strict()
export type SealedShare = z.infer<typeof SealedShare>

const UserId = z.string().min(1).max(64)

/** PUT /api/me/recovery/guardian-key: the caller's guardian public key. */
export const PutGuardianKeyRequest = z.object({ publicKey: X25519PublicKey }).strict()
export type PutGuardianKeyRequest = z.infer<typeof PutGuardianKeyRequest>

/** PUT /api/me/recovery: M of N guardians, each with their share sealed to them. */
export const PutRecoveryRequest = z
  .object({
    threshold: z.number().int().min(2).max(MAX_GUARDIANS),
    guardians: z
      .array(
        z
          .object({
            userId: UserId,
            shareIndex: z.number().int().min(1).max(MAX_GUARDIANS),
            sealedShare: SealedShare,
          })
          .strict(),
      )
      .min(2)
      .max(MAX_GUARDIANS),
  })
  .strict()
export type PutRecoveryRequest = z.infer<typeof PutRecoveryRequest>

export const RecoveryStatus = z.enum(['pending', 'completed', 'cancelled', 'expired'])
export type RecoveryStatus = z.infer<typeof RecoveryStatus>

/** A recovery of the caller's account, as their other sessions see it (never a share). */
export const OwnRecoveryRequest = z.object({
  id: z.string(),
  status: RecoveryStatus,
  createdAt: z.string(),
  expiresAt: z.string(),
  closedAt: z.string().nullable(),
  threshold: z.number().int(),
  approvals: z.number().int(),
  /** What the new device shows; the user compares it when a guardian calls. */
  code: z.string(),
})
export type OwnRecoveryRequest = z.infer<typeof OwnRecoveryRequest>

export const GuardianSummary = z.object({
  userId: z.string(),
  displayName: z.string(),
  shareIndex: z.number().int(),
})

/** GET /api/me/recovery: the caller's guardian key, setup and the recoveries of their account. */
export const RecoveryOverview = z.object({
  guardianKey: X25519PublicKey.nullable(),
  setup: z
    .object({
      threshold: z.number().int(),
      guardians: z.array(GuardianSummary),
      updatedAt: z.string(),
    })
    .nullable(),
  /** Pending recoveries, and the ones closed in the last 7 days, newest first. */
  requests: z.array(OwnRecoveryRequest),
})
export type RecoveryOverview = z.infer<typeof RecoveryOverview>

/** GET /api/recovery/guardians?displayName=: users by exact display name who can be guardians. */
export const GuardianLookupQuery = z.object({ displayName: z.string().min(1).max(64) }).strict()
export const GuardianLookupResponse = z.object({
  guardians: z.array(z.object({ userId: z.string(), displayName: z.string(), publicKey: X25519PublicKey })),
})
export type GuardianLookupResponse = z.infer<typeof GuardianLookupResponse>

/** A recovery a guardian is asked to approve, with the share sealed to them. */
export const GuardianRequest = z.object({
  id: z.string(),
  user: z.object({ id: z.string(), displayName: z.string() }),
  createdAt: z.string(),
  expiresAt: z.string(),
  shareIndex: z.number().int(),
  sealedShare: SealedShare,
  /** The new device's key: the guardian's browser re-seals to it and shows its code. */
  ephemeralPublicKey: X25519PublicKey,
  approved: z.boolean(),
})
export type GuardianRequest = z.infer<typeof GuardianRequest>

export const GuardianRequestsResponse = z.object({ requests: z.array(GuardianRequest) })
export type GuardianRequestsResponse = z.infer<typeof GuardianRequestsResponse>

/** POST /api/me/guardian-requests/:id/approve: the guardian's share re-sealed to the device. */
export const ApproveRecoveryRequest = z.object({ sealedShare: SealedShare }).strict()
export type ApproveRecoveryRequest = z.infer<typeof ApproveRecoveryRequest>

export const RecoveryIdParams = z.object({ id: z.string().min(1).max(64) })

/** POST /api/recovery/requests: start recovering an account from a new device. */
export const StartRecoveryRequest = z
  .object({
    /** The account's id (shown on its Recovery card), or its display name when that is unique. */
    account: z.string().trim().min(1, 'account is required').max(64),
    ephemeralPublicKey: X25519PublicKey,
  })
  .strict()
export type StartRecoveryRequest = z.infer<typeof StartRecoveryRequest>

export const StartRecoveryResponse = z.object({
  id: z.string(),
  /** Proves to the server that later calls come from this device. Keep it in memory only. */
  token: z.string(),
  user: z.object({ id: z.string(), displayName: z.string() }),
  threshold: z.number().int(),
  guardians: z.number().int(),
  expiresAt: z.string(),
})
export type StartRecoveryResponse = z.infer<typeof StartRecoveryResponse>

const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'token: expected the 32-byte token of the request')

/** Body of the device's calls: the token it was given at start. */
export const RecoveryTokenRequest = z.object({ token: Token }).strict()
export type RecoveryTokenRequest = z.infer<typeof RecoveryTokenRequest>

/**
 * POST /api/recovery/requests/:id/status. `shares` and `addresses` are given only once at least
 * `threshold` guardians approved (before that, both are empty/null).
 */
export const RecoveryStatusResponse = z.object({
  status: RecoveryStatus,
  threshold: z.number().int(),
  approvals: z.number().int(),
  expiresAt: z.string(),
  shares: z.array(
    z.object({ guardianId: z.string(), shareIndex: z.number().int(), sealedShare: SealedShare }),
  ),
  addresses: ChainAddresses.nullable(),
})
export type RecoveryStatusResponse = z.infer<typeof RecoveryStatusResponse>

/**
 * POST /api/recovery/requests/:id/passkey/verify: the device's new passkey, the entropy wrapped
 * under its PRF output, and the addresses it derived (checked against the account's).
 */
export const FinishRecoveryRequest = z
  .object({
    token: Token,
    challengeId: z.string().min(1),
    response: RegistrationResponseJSON,
    wrappedEntropy: WrappedEntropy,
    addresses: ChainAddresses,
  })
  .strict()
export type FinishRecoveryRequest = z.infer<typeof FinishRecoveryRequest>

/** GET /api/admin/recoveries: pending recoveries, with no share data. */
export const AdminRecoveriesResponse = z.object({
  recoveries: z.array(
    z.object({
      id: z.string(),
      user: z.object({ id: z.string(), displayName: z.string() }),
      createdAt: z.string(),
      expiresAt: z.string(),
      threshold: z.number().int(),
      approvals: z.number().int(),
    }),
  ),
})
export type AdminRecoveriesResponse = z.infer<typeof AdminRecoveriesResponse>
