import { x25519 } from '@noble/curves/ed25519.js'
import { base64urlnopad } from '@scure/base'
import { combineRecoveredShares, type RecoveredShare, recoveryCode } from './guardianShares.js'
import { KeysError } from './KeysError.js'
import { Vault } from './Vault.js'

/**
 * The one-time X25519 key pair of a device recovering a wallet through its guardians. Guardians seal
 * their shares to `publicKey`; `openVault` opens and combines them. The secret key lives only in
 * this object, for the length of one recovery: `destroy()` zeroes it.
 */
export class RecoveryKey {
  #secret: Uint8Array | undefined
  /** The public key to send with the recovery request, base64url (32 bytes). */
  readonly publicKey: string
  /** What the guardians compare with the code their browser computes (`recoveryCode`). */
  readonly code: string

  private constructor(secret: Uint8Array) {
    this.#secret = secret
    this.publicKey = base64urlnopad.encode(x25519.getPublicKey(secret))
    this.code = recoveryCode(this.publicKey)
  }

  /** A fresh key pair from the platform's CSPRNG. */
  static generate(): RecoveryKey {
    return new RecoveryKey(x25519.utils.randomSecretKey())
  }

  /** True once `destroy()` was called. */
  get destroyed(): boolean {
    return this.#secret === undefined
  }

  /** Zeroes the secret key. Idempotent. */
  destroy(): void {
    this.#secret?.fill(0)
    this.#secret = undefined
  }

  /**
   * Opens the re-sealed shares of recovery `recoveryId` of `userId`, combines them and returns the
   * vault of the result; the entropy never leaves this package. The vault may be the wrong one
   * (too few shares combine to other bytes): compare its addresses with the account's before use.
   */
  async openVault(input: {
    recoveryId: string
    userId: string
    shares: readonly RecoveredShare[]
  }): Promise<Vault> {
    if (!this.#secret) throw new KeysError('VAULT_LOCKED', 'This recovery key was destroyed: start again')
    const entropy = await combineRecoveredShares(this.#secret, input)
    try {
      return Vault.fromEntropy(entropy)
    } finally {
      entropy.fill(0)
    }
  }
}
