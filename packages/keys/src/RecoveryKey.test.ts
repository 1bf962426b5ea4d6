import { describe, expect, test } from 'vitest'
import { recoveryCode } from './guardianShares.js'
import { RecoveryKey } from './RecoveryKey.js'
import { Vault } from './Vault.js'

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const owner = Vault.fromPrf(Uint8Array.from({ length: 32 }, (_, i) => i))
const guardianVaults = [7, 8, 9].map((seed) => Vault.fromPrf(new Uint8Array(32).fill(seed)))
const guardians = guardianVaults.map((v, i) => ({ userId: `g${i}`, publicKey: v.guardianPublicKey() }))

async function recover(key: RecoveryKey, which: number[], threshold = 2) {
  const shares = await owner.splitForGuardians({ userId: 'owner', threshold, guardians })
  const resealed = await Promise.all(
    which.map(async (i) => ({
      guardianId: shares[i]!.guardianId,
      shareIndex: shares[i]!.shareIndex,
      sealedShare: await guardianVaults[i]!.resealGuardianShare({
        userId: 'owner',
        guardianId: shares[i]!.guardianId,
        shareIndex: shares[i]!.shareIndex,
        sealedShare: shares[i]!.sealedShare,
        recoveryId: 'r1',
        recipientPublicKey: key.publicKey,
      }),
    })),
  )
  return key.openVault({ recoveryId: 'r1', userId: 'owner', shares: resealed })
}

describe('RecoveryKey', () => {
  test('behavior: 2 of 3 guardians give a vault with the same six addresses; its code matches recoveryCode', async () => {
    const key = RecoveryKey.generate()
    expect(key.code).toBe(recoveryCode(key.publicKey))
    const vault = await recover(key, [2, 0])
    expect(vault.addresses()).toEqual(owner.addresses())
    // The recovered vault is a guardian with the same key as before.
    expect(vault.guardianPublicKey()).toBe(owner.guardianPublicKey())
  })

  test('behavior: below the threshold the vault has other addresses', async () => {
    const vault = await recover(RecoveryKey.generate(), [0, 1], 3)
    expect(vault.addresses().evm).not.toBe(owner.addresses().evm)
  })

  test('error: after destroy() it refuses to open anything', async () => {
    const key = RecoveryKey.generate()
    key.destroy()
    expect(key.destroyed).toBe(true)
    await expect(recover(key, [0, 1])).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
  })
})

describe('Vault guardian methods', () => {
  test('behavior: the guardian key is the same for every passkey of a wallet (derived from its entropy)', async () => {
    const again = Vault.fromMnemonic(ABANDON)
    expect(again.guardianPublicKey()).toBe(Vault.fromEntropy(new Uint8Array(16)).guardianPublicKey())
    expect(again.guardianPublicKey()).not.toBe(owner.guardianPublicKey())
  })

  test('error: a locked vault or one with a BIP-39 passphrase refuses', async () => {
    const withPassphrase = Vault.fromMnemonic(ABANDON, 'TREZOR')
    expect(() => withPassphrase.guardianPublicKey()).toThrow(/passphrase/)
    const locked = Vault.fromMnemonic(ABANDON)
    locked.lock()
    expect(() => locked.guardianPublicKey()).toThrow(expect.objectContaining({ code: 'VAULT_LOCKED' }))
    await expect(locked.splitForGuardians({ userId: 'o', threshold: 2, guardians })).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    })
  })
})
