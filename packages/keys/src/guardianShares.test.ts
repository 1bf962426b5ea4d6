import { x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { base64urlnopad } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { entropyFromPrf } from './entropyFromPrf.js'
import {
  assertGuardianSetup,
  combineRecoveredShares,
  deriveGuardianSecretKey,
  guardianPublicKeyOf,
  guardianShareContext,
  type RecoveredShare,
  recoveryCode,
  resealShare,
  splitEntropyForGuardians,
} from './guardianShares.js'
import { openBox } from './sealedBox.js'

const entropy = entropyFromPrf(Uint8Array.from({ length: 32 }, (_, i) => i))
/** Three guardians' wallets, each with its own entropy. */
const guardianEntropies = [1, 2, 3].map((seed) => entropyFromPrf(new Uint8Array(32).fill(seed)))
const guardians = guardianEntropies.map((e, i) => ({
  userId: `guardian-${i + 1}`,
  publicKey: guardianPublicKeyOf(e),
}))
const owner = 'owner-1'
const recoveryId = 'recovery-1'

/** The device: an ephemeral key pair. */
const device = x25519.keygen()
const devicePublicKey = base64urlnopad.encode(device.publicKey)

/** Guardians `which` (0-based) re-seal their shares to the device. */
async function approvals(which: number[], threshold = 2): Promise<RecoveredShare[]> {
  const shares = await splitEntropyForGuardians(entropy, { userId: owner, threshold, guardians })
  return Promise.all(
    which.map(async (i) => {
      const share = shares[i]!
      const secret = deriveGuardianSecretKey(guardianEntropies[i]!)
      return {
        guardianId: share.guardianId,
        shareIndex: share.shareIndex,
        sealedShare: await resealShare(secret, {
          userId: owner,
          guardianId: share.guardianId,
          shareIndex: share.shareIndex,
          sealedShare: share.sealedShare,
          recoveryId,
          recipientPublicKey: devicePublicKey,
        }),
      }
    }),
  )
}

describe('deriveGuardianSecretKey', () => {
  test('behavior: HKDF-SHA256(entropy, "stratos-vault", "guardian-key/v1", 32); public key is its X25519 base point multiple', () => {
    const expected = hkdf(
      sha256,
      entropy,
      new TextEncoder().encode('stratos-vault'),
      new TextEncoder().encode('guardian-key/v1'),
      32,
    )
    expect(deriveGuardianSecretKey(entropy)).toEqual(expected)
    expect(guardianPublicKeyOf(entropy)).toBe(base64urlnopad.encode(x25519.getPublicKey(expected)))
  })

  test('error: entropy of a wrong length is INVALID_ENTROPY', () => {
    expect(() => deriveGuardianSecretKey(new Uint8Array(15))).toThrow(
      expect.objectContaining({ code: 'INVALID_ENTROPY' }),
    )
  })
})

describe('recoveryCode', () => {
  test('behavior: 8 digits of SHA-256("stratos-vault/recovery-code/v1" || key), grouped 4-4', () => {
    const key = new Uint8Array(32).fill(9)
    const digest = sha256(
      new Uint8Array([...new TextEncoder().encode('stratos-vault/recovery-code/v1'), ...key]),
    )
    const n = ((digest[0]! << 24) >>> 0) + (digest[1]! << 16) + (digest[2]! << 8) + digest[3]!
    const digits = String(n % 100_000_000).padStart(8, '0')
    expect(recoveryCode(base64urlnopad.encode(key))).toBe(`${digits.slice(0, 4)}-${digits.slice(4)}`)
    expect(recoveryCode(devicePublicKey)).toMatch(/^\d{4}-\d{4}$/)
    expect(recoveryCode(devicePublicKey)).not.toBe(recoveryCode(base64urlnopad.encode(key)))
  })
})

describe('assertGuardianSetup', () => {
  test('error: threshold outside 2..N, too few or many guardians, duplicates, or yourself', () => {
    const cases: [number, string[], RegExp][] = [
      [1, ['a', 'b'], /threshold: expected an integer from 2 to 2/],
      [3, ['a', 'b'], /threshold/],
      [2.5, ['a', 'b', 'c'], /threshold/],
      [2, ['a'], /guardians: expected 2 to 10, got 1/],
      [2, Array.from({ length: 11 }, (_, i) => `g${i}`), /got 11/],
      [2, ['a', 'a'], /each may appear once/],
      [2, ['a', owner], /your own guardian/],
    ]
    for (const [threshold, ids, message] of cases)
      expect(() => assertGuardianSetup(owner, threshold, ids)).toThrow(message)
    expect(() => assertGuardianSetup(owner, 2, ['a', 'b', 'c'])).not.toThrow()
  })
})

describe('splitEntropyForGuardians', () => {
  test('behavior: one share per guardian, sealed to them under (owner, guardian, index); 33-byte shares', async () => {
    const shares = await splitEntropyForGuardians(entropy, { userId: owner, threshold: 2, guardians })
    expect(shares.map((s) => [s.guardianId, s.shareIndex])).toEqual([
      ['guardian-1', 1],
      ['guardian-2', 2],
      ['guardian-3', 3],
    ])
    for (const [i, share] of shares.entries()) {
      const plain = await openBox(
        share.sealedShare,
        deriveGuardianSecretKey(guardianEntropies[i]!),
        guardianShareContext(owner, share.guardianId, share.shareIndex),
      )
      // Shamir share: 32 bytes of y values and the x coordinate.
      expect(plain).toHaveLength(33)
      expect(plain).not.toEqual(entropy)
    }
  })

  test('error: a guardian cannot open another guardian’s share, nor the same share under another index or owner', async () => {
    const [first] = await splitEntropyForGuardians(entropy, { userId: owner, threshold: 2, guardians })
    const other = deriveGuardianSecretKey(guardianEntropies[1]!)
    const own = deriveGuardianSecretKey(guardianEntropies[0]!)
    await expect(
      openBox(first!.sealedShare, other, guardianShareContext(owner, 'guardian-1', 1)),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
    await expect(
      openBox(first!.sealedShare, own, guardianShareContext(owner, 'guardian-1', 2)),
    ).rejects.toMatchObject({
      code: 'UNSEAL_FAILED',
    })
    await expect(
      openBox(first!.sealedShare, own, guardianShareContext('someone-else', 'guardian-1', 1)),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
  })

  test('error: a malformed guardian key is INVALID_ARGUMENT naming it', async () => {
    await expect(
      splitEntropyForGuardians(entropy, {
        userId: owner,
        threshold: 2,
        guardians: [guardians[0]!, { userId: 'x', publicKey: 'AAAA' }],
      }),
    ).rejects.toThrow(/guardians\[1\]\.publicKey: expected 32 bytes/)
  })
})

describe('combineRecoveredShares', () => {
  test('behavior: any 2 of 3 re-sealed shares give the entropy back', async () => {
    for (const pair of [
      [0, 1],
      [0, 2],
      [1, 2],
      [2, 0],
    ]) {
      const shares = await approvals(pair)
      expect(await combineRecoveredShares(device.secretKey, { recoveryId, userId: owner, shares })).toEqual(
        entropy,
      )
    }
    const all = await approvals([0, 1, 2])
    expect(
      await combineRecoveredShares(device.secretKey, { recoveryId, userId: owner, shares: all }),
    ).toEqual(entropy)
  })

  test('behavior: with threshold 3, two shares combine to other bytes (the caller’s address check refuses them)', async () => {
    const shares = await approvals([0, 1], 3)
    const wrong = await combineRecoveredShares(device.secretKey, { recoveryId, userId: owner, shares })
    expect(wrong).toHaveLength(32)
    expect(wrong).not.toEqual(entropy)
    expect(
      await combineRecoveredShares(device.secretKey, {
        recoveryId,
        userId: owner,
        shares: await approvals([0, 1, 2], 3),
      }),
    ).toEqual(entropy)
  })

  test('error: one share is INVALID_SHARES; another device key, recovery or owner is UNSEAL_FAILED', async () => {
    const one = await approvals([0])
    await expect(
      combineRecoveredShares(device.secretKey, { recoveryId, userId: owner, shares: one }),
    ).rejects.toMatchObject({ code: 'INVALID_SHARES' })
    const two = await approvals([0, 1])
    await expect(
      combineRecoveredShares(x25519.utils.randomSecretKey(), { recoveryId, userId: owner, shares: two }),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
    await expect(
      combineRecoveredShares(device.secretKey, { recoveryId: 'recovery-2', userId: owner, shares: two }),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
    // The server cannot relabel a share as another guardian's.
    const relabelled = two.map((s, i) => ({ ...s, guardianId: two[1 - i]!.guardianId }))
    await expect(
      combineRecoveredShares(device.secretKey, { recoveryId, userId: owner, shares: relabelled }),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
  })

  test('error: a guardian who is not the share’s cannot re-seal it', async () => {
    const [first] = await splitEntropyForGuardians(entropy, { userId: owner, threshold: 2, guardians })
    await expect(
      resealShare(deriveGuardianSecretKey(guardianEntropies[2]!), {
        userId: owner,
        guardianId: 'guardian-1',
        shareIndex: 1,
        sealedShare: first!.sealedShare,
        recoveryId,
        recipientPublicKey: devicePublicKey,
      }),
    ).rejects.toMatchObject({ code: 'UNSEAL_FAILED' })
  })
})
