import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { abytes, astring } from './assert.js'
import { KeysError } from './KeysError.js'
import { decodePublicKey, openBox, type SealedBox, sealBox } from './sealedBox.js'
import { ENTROPY_LENGTHS } from './wrapEntropy.js'

/** At most this many guardians hold shares of one wallet. */
export const MAX_GUARDIANS = 10
/** Shamir needs at least two shares to say anything: a threshold of 1 would be a plain copy. */
export const MIN_THRESHOLD = 2

/** A guardian a share is sealed to: a user id and their published guardian public key (base64url). */
export interface GuardianRecipient {
  userId: string
  publicKey: string
}

/** One guardian's share, sealed to them: what `PUT /api/me/recovery` stores. */
export interface GuardianShare {
  guardianId: string
  /** 1-based position of the share in the setup; bound into the box's AAD. */
  shareIndex: number
  sealedShare: SealedBox
}

/** One share re-sealed by a guardian to a recovering device's key. */
export interface RecoveredShare {
  guardianId: string
  shareIndex: number
  sealedShare: SealedBox
}

/** AAD of a share sealed to its guardian: binds the owner, the guardian and the share's index. */
export function guardianShareContext(userId: string, guardianId: string, shareIndex: number): string {
  return ['stratos-vault/guardian-share/v1', userId, guardianId, String(shareIndex)].join('\n')
}

/** AAD of a share re-sealed to a recovering device: also binds the recovery request. */
export function recoveryShareContext(
  recoveryId: string,
  userId: string,
  guardianId: string,
  shareIndex: number,
): string {
  return ['stratos-vault/recovery-share/v1', recoveryId, userId, guardianId, String(shareIndex)].join('\n')
}

/**
 * The X25519 secret key of a user as a guardian: HKDF-SHA256(entropy, salt "stratos-vault", info
 * "guardian-key/v1", 32). Derived from the wallet entropy, not from one passkey's PRF output, so every
 * passkey that opens the wallet (first, backup, recovered) gives the same key. The caller zeroes it.
 */
export function deriveGuardianSecretKey(entropy: Uint8Array): Uint8Array {
  abytes(entropy, 'entropy', ENTROPY_LENGTHS, 'INVALID_ENTROPY')
  return hkdf(sha256, entropy, utf8ToBytes('stratos-vault'), utf8ToBytes('guardian-key/v1'), 32)
}

/** The guardian public key (base64url, 32 bytes) of the wallet with this entropy. */
export function guardianPublicKeyOf(entropy: Uint8Array): string {
  const secret = deriveGuardianSecretKey(entropy)
  try {
    return base64urlnopad.encode(x25519.getPublicKey(secret))
  } finally {
    secret.fill(0)
  }
}

/**
 * The code a recovering device shows and each guardian's browser computes from the key it seals
 * to, for them to compare out of band: 8 digits of SHA-256("stratos-vault/recovery-code/v1" ||
 * public key), as `1234-5678`. A server that swapped in its own key would show a different code.
 */
export function recoveryCode(publicKey: string): string {
  const key = decodePublicKey(publicKey, 'publicKey')
  const digest = sha256(concatBytes(utf8ToBytes('stratos-vault/recovery-code/v1'), key))
  const n = new DataView(digest.buffer, digest.byteOffset, 4).getUint32(0) % 100_000_000
  const digits = n.toString().padStart(8, '0')
  return `${digits.slice(0, 4)}-${digits.slice(4)}`
}

/** Checks a threshold M of N guardians; throws `INVALID_ARGUMENT` saying what is wrong. */
export function assertGuardianSetup(userId: string, threshold: number, guardianIds: readonly string[]): void {
  astring(userId, 'userId')
  const n = guardianIds.length
  if (n < MIN_THRESHOLD || n > MAX_GUARDIANS)
    throw new KeysError(
      'INVALID_ARGUMENT',
      `guardians: expected ${MIN_THRESHOLD} to ${MAX_GUARDIANS}, got ${n}`,
    )
  if (!Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold > n)
    throw new KeysError(
      'INVALID_ARGUMENT',
      `threshold: expected an integer from ${MIN_THRESHOLD} to ${n} (the number of guardians), got ${String(threshold)}`,
    )
  if (new Set(guardianIds).size !== n)
    throw new KeysError('INVALID_ARGUMENT', 'guardians: each may appear once')
  if (guardianIds.includes(userId))
    throw new KeysError('INVALID_ARGUMENT', 'guardians: you cannot be your own guardian')
}

/**
 * Splits `entropy` with Shamir's secret sharing over GF(2^8) (`shamir-secret-sharing`, audited by
 * Cure53 and Zellic) into one share per guardian, any `threshold` of which rebuild it, and seals
 * share i (1-based) to guardian i under `guardianShareContext(userId, guardian, i)`. Every plain
 * share is zeroed before this returns; the caller keeps (and zeroes) `entropy`.
 */
export async function splitEntropyForGuardians(
  entropy: Uint8Array,
  {
    userId,
    threshold,
    guardians,
  }: { userId: string; threshold: number; guardians: readonly GuardianRecipient[] },
): Promise<GuardianShare[]> {
  abytes(entropy, 'entropy', ENTROPY_LENGTHS, 'INVALID_ENTROPY')
  assertGuardianSetup(
    userId,
    threshold,
    guardians.map((g) => g.userId),
  )
  const keys = guardians.map((g, i) => decodePublicKey(g.publicKey, `guardians[${i}].publicKey`))
  // Loaded on use: only setting up guardians and recovering need it, not every wallet page.
  const { split } = await import('shamir-secret-sharing')
  const shares = await split(new Uint8Array(entropy), guardians.length, threshold)
  try {
    return await Promise.all(
      guardians.map(async (guardian, i) => ({
        guardianId: guardian.userId,
        shareIndex: i + 1,
        sealedShare: await sealBox(
          shares[i]!,
          keys[i]!,
          guardianShareContext(userId, guardian.userId, i + 1),
        ),
      })),
    )
  } finally {
    for (const share of shares) share.fill(0)
  }
}

/**
 * A guardian's step: opens the share sealed to them with their guardian secret key and seals it
 * again to the recovering device's public key under `recoveryShareContext`. The plain share exists
 * only inside this call. Throws `UNSEAL_FAILED` when the share was not sealed to this guardian for
 * this owner and index.
 */
export async function resealShare(
  guardianSecretKey: Uint8Array,
  input: {
    userId: string
    guardianId: string
    shareIndex: number
    sealedShare: SealedBox
    recoveryId: string
    recipientPublicKey: string
  },
): Promise<SealedBox> {
  astring(input.recoveryId, 'recoveryId')
  const recipient = decodePublicKey(input.recipientPublicKey, 'recipientPublicKey')
  const share = await openBox(
    input.sealedShare,
    guardianSecretKey,
    guardianShareContext(input.userId, input.guardianId, input.shareIndex),
  )
  try {
    return await sealBox(
      share,
      recipient,
      recoveryShareContext(input.recoveryId, input.userId, input.guardianId, input.shareIndex),
    )
  } finally {
    share.fill(0)
  }
}

/**
 * The recovering device's step: opens each re-sealed share with its ephemeral secret key and
 * combines them. Returns the entropy (the caller zeroes it). Shamir cannot tell a wrong result
 * from a right one: fewer shares than the threshold give some other 32 bytes, so the caller must
 * compare the addresses they derive with the account's. Throws `UNSEAL_FAILED` for a share that
 * does not open, `INVALID_SHARES` for fewer than two or ones that do not fit together.
 */
export async function combineRecoveredShares(
  ephemeralSecretKey: Uint8Array,
  { recoveryId, userId, shares }: { recoveryId: string; userId: string; shares: readonly RecoveredShare[] },
): Promise<Uint8Array> {
  if (!Array.isArray(shares) || shares.length < MIN_THRESHOLD)
    throw new KeysError('INVALID_SHARES', `shares: expected at least ${MIN_THRESHOLD}`)
  const { combine } = await import('shamir-secret-sharing')
  const plain: Uint8Array[] = []
  try {
    for (const s of shares)
      plain.push(
        await openBox(
          s.sealedShare,
          ephemeralSecretKey,
          recoveryShareContext(recoveryId, userId, s.guardianId, s.shareIndex),
        ),
      )
    let entropy: Uint8Array
    try {
      entropy = await combine(plain)
    } catch (cause) {
      throw new KeysError('INVALID_SHARES', 'The shares do not fit together', { cause })
    }
    if (!(ENTROPY_LENGTHS as readonly number[]).includes(entropy.length)) {
      entropy.fill(0)
      throw new KeysError('INVALID_SHARES', 'The combined shares are not BIP-39 entropy')
    }
    return entropy
  } finally {
    for (const p of plain) p.fill(0)
  }
}
