import type { Vault } from '@stratos/keys'
import type { RecoveryOverview } from '@stratos/schemas'
import { AppError } from '../../lib/AppError'
import { api } from '../../lib/api'

export interface SetUpGuardiansParameters {
  vault: Vault
  userId: string
  /** Exact display names of the guardians. */
  names: string[]
  threshold: number
}

/**
 * Names the guardians: finds each by exact display name (one user with a guardian key), splits the
 * unlocked wallet's entropy with Shamir's secret sharing and seals each share to its guardian's key
 * in this browser (`Vault.splitForGuardians`), then stores the sealed shares. The server receives
 * ciphertext only.
 */
export async function setUpGuardians({
  vault,
  userId,
  names,
  threshold,
}: SetUpGuardiansParameters): Promise<RecoveryOverview> {
  const guardians = []
  for (const name of names) {
    const { guardians: found } = await api.recovery.lookupGuardians(name)
    if (found.length === 0)
      throw new AppError(
        'GUARDIAN_NOT_FOUND',
        `No other user named “${name}” can be a guardian yet: they must sign in and unlock their wallet once.`,
      )
    if (found.length > 1)
      throw new AppError(
        'GUARDIAN_AMBIGUOUS',
        `More than one user is named “${name}”: ask them to tell you apart.`,
      )
    guardians.push({ userId: found[0]!.userId, publicKey: found[0]!.publicKey })
  }
  const shares = await vault.splitForGuardians({ userId, threshold, guardians })
  return api.recovery.putSetup({
    threshold,
    guardians: shares.map((s) => ({
      userId: s.guardianId,
      shareIndex: s.shareIndex,
      sealedShare: s.sealedShare,
    })),
  })
}
