import { mnemonicToEntropy, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import type { TypedData, TypedDataDefinition } from 'viem'
import { abytes, aindex } from './assert.js'
import { signBitcoinPsbtWithKey } from './chains/bitcoin.js'
import { signCantonHashWithKey, signCantonMessageWithKey } from './chains/canton.js'
import {
  type EvmTransaction,
  signEvmMessageWithKey,
  signEvmTransactionWithKey,
  signEvmTypedDataWithKey,
} from './chains/evm.js'
import { signSolanaMessageWithKey } from './chains/solana.js'
import { type SignedTonTransfer, signTonTransferWithKey, type TonTransfer } from './chains/ton.js'
import { signTronTransactionWithKey } from './chains/tron.js'
import { type BitcoinNetwork, derivationPath } from './derivationPath.js'
import { type DerivedAddresses, type DeriveOptions, deriveAddresses } from './deriveAddresses.js'
import { entropyFromPrf } from './entropyFromPrf.js'
import {
  deriveGuardianSecretKey,
  type GuardianRecipient,
  type GuardianShare,
  guardianPublicKeyOf,
  resealShare,
  splitEntropyForGuardians,
} from './guardianShares.js'
import { withEd25519Key, withSecp256k1Key } from './hdKey.js'
import { KeysError } from './KeysError.js'
import type { SealedBox } from './sealedBox.js'
import { seedFromEntropy } from './seedFromEntropy.js'
import { unwrapEntropy, type WrappedEntropy, wrapEntropy } from './wrapEntropy.js'

export interface SignBitcoinPsbtOptions {
  /** Account index, default 0. */
  index?: number
  /** Selects the coin type of the path (0' mainnet, 1' test networks); default 'mainnet'. */
  network?: BitcoinNetwork
}

/**
 * An unlocked wallet: holds the 64-byte BIP-39 seed and the entropy it came from, and derives a
 * chain key per call, which is zeroed as soon as the signature exists. The entropy never leaves the
 * vault in the clear: `wrapEntropy` hands out only ciphertext, for a backup passkey. `lock()` zeroes
 * the seed and the entropy; every later call throws `KeysError` `VAULT_LOCKED`. Create it with
 * `fromPrf` (first passkey), `fromWrappedEntropy` (backup passkey), `fromEntropy` or `fromMnemonic`
 * (tests, CLI, recovery).
 */
export class Vault {
  #seed: Uint8Array | undefined
  /** BIP-39 entropy of the seed; undefined when the seed has none (a mnemonic with a passphrase). */
  #entropy: Uint8Array | undefined

  private constructor(seed: Uint8Array, entropy: Uint8Array | undefined) {
    this.#seed = seed
    this.#entropy = entropy
  }

  /** Vault of a passkey's PRF output: PRF -> entropy -> BIP-39 seed. */
  static fromPrf(prf: Uint8Array): Vault {
    const entropy = entropyFromPrf(prf)
    try {
      return new Vault(seedFromEntropy(entropy), entropy)
    } catch (error) {
      entropy.fill(0)
      throw error
    }
  }

  /**
   * Vault of BIP-39 entropy (16-32 bytes; Stratos uses 32) with no passphrase. The vault keeps its
   * own copy: the caller's array is left as is, zero it when done.
   */
  static fromEntropy(entropy: Uint8Array): Vault {
    const seed = seedFromEntropy(entropy)
    return new Vault(seed, new Uint8Array(entropy))
  }

  /**
   * Vault of a backup passkey: unwraps the entropy under `wrapKey` (`deriveWrapKey` of that
   * passkey's PRF output) without the entropy ever leaving this package. Throws `UNWRAP_FAILED`
   * when the key is not the one the entropy was wrapped under, or the blob was altered.
   */
  static async fromWrappedEntropy(wrapped: WrappedEntropy, wrapKey: Uint8Array): Promise<Vault> {
    const entropy = await unwrapEntropy(wrapped, wrapKey)
    try {
      return new Vault(seedFromEntropy(entropy), entropy)
    } catch (error) {
      entropy.fill(0)
      throw error
    }
  }

  /**
   * Vault of an English BIP-39 mnemonic (whitespace and case are normalized). `passphrase` is
   * the optional BIP-39 passphrase; Stratos itself never sets one (with one, the seed is not a
   * function of the entropy alone, so `wrapEntropy` refuses). Throws `INVALID_MNEMONIC`.
   */
  static fromMnemonic(mnemonic: string, passphrase = ''): Vault {
    if (typeof mnemonic !== 'string') throw new KeysError('INVALID_MNEMONIC', 'mnemonic: expected a string')
    if (typeof passphrase !== 'string')
      throw new KeysError('INVALID_ARGUMENT', 'passphrase: expected a string')
    const normalized = mnemonic.normalize('NFKD').trim().toLowerCase().split(/\s+/).join(' ')
    if (!validateMnemonic(normalized, wordlist))
      throw new KeysError(
        'INVALID_MNEMONIC',
        'mnemonic: not a valid English BIP-39 phrase (words or checksum)',
      )
    return new Vault(
      mnemonicToSeedSync(normalized, passphrase),
      passphrase === '' ? mnemonicToEntropy(normalized, wordlist) : undefined,
    )
  }

  /** True once `lock()` was called. */
  get locked(): boolean {
    return this.#seed === undefined
  }

  /** Zeroes the seed and the entropy. Idempotent. */
  lock(): void {
    this.#seed?.fill(0)
    this.#seed = undefined
    this.#entropy?.fill(0)
    this.#entropy = undefined
  }

  /**
   * The vault's entropy encrypted (AES-256-GCM, fresh IV) under `wrapKey`, the `deriveWrapKey` of
   * a backup passkey's PRF output: what the server stores for that passkey. The entropy itself is
   * never returned. Throws `VAULT_LOCKED` once locked.
   */
  async wrapEntropy(wrapKey: Uint8Array): Promise<WrappedEntropy> {
    this.#unlocked()
    if (!this.#entropy) {
      throw new KeysError(
        'INVALID_ARGUMENT',
        'This vault was opened from a mnemonic with a BIP-39 passphrase: its seed cannot be rebuilt from the entropy alone',
      )
    }
    // Copied before the first await: a lock() while Web Crypto works must not make it wrap zeros.
    const entropy = new Uint8Array(this.#entropy)
    try {
      return await wrapEntropy(entropy, wrapKey)
    } finally {
      entropy.fill(0)
    }
  }

  /** A copy of the entropy for one operation (the caller zeroes it); refuses a passphrase vault. */
  #entropyCopy(purpose: string): Uint8Array {
    this.#unlocked()
    if (!this.#entropy) {
      throw new KeysError(
        'INVALID_ARGUMENT',
        `This vault was opened from a mnemonic with a BIP-39 passphrase: ${purpose} needs a vault rebuilt from its entropy alone`,
      )
    }
    return new Uint8Array(this.#entropy)
  }

  /**
   * This wallet's guardian public key (X25519, base64url): others seal recovery shares to it. It is
   * derived from the entropy, so every passkey that opens the wallet gives the same key.
   */
  guardianPublicKey(): string {
    const entropy = this.#entropyCopy('a guardian key')
    try {
      return guardianPublicKeyOf(entropy)
    } finally {
      entropy.fill(0)
    }
  }

  /**
   * Splits this wallet's entropy among `guardians` (Shamir, any `threshold` of them rebuild it) and
   * seals each share to its guardian's public key. Only ciphertext leaves the vault.
   */
  async splitForGuardians(input: {
    userId: string
    threshold: number
    guardians: readonly GuardianRecipient[]
  }): Promise<GuardianShare[]> {
    const entropy = this.#entropyCopy('splitting for guardians')
    try {
      return await splitEntropyForGuardians(entropy, input)
    } finally {
      entropy.fill(0)
    }
  }

  /**
   * As a guardian: opens the share `userId` sealed to this wallet's guardian key and seals it again
   * to a recovering device's `recipientPublicKey`, bound to `recoveryId`. The plain share and the
   * guardian secret key are zeroed before this returns. Throws `UNSEAL_FAILED` when the share is
   * not this guardian's.
   */
  async resealGuardianShare(input: {
    userId: string
    guardianId: string
    shareIndex: number
    sealedShare: SealedBox
    recoveryId: string
    recipientPublicKey: string
  }): Promise<SealedBox> {
    const entropy = this.#entropyCopy('a guardian key')
    let secret: Uint8Array | undefined
    try {
      secret = deriveGuardianSecretKey(entropy)
      entropy.fill(0)
      return await resealShare(secret, input)
    } finally {
      entropy.fill(0)
      secret?.fill(0)
    }
  }

  #unlocked(): Uint8Array {
    if (!this.#seed) throw new KeysError('VAULT_LOCKED', 'The vault is locked: unlock with the passkey again')
    return this.#seed
  }

  /** Public addresses of account `options.index` (default 0) on every chain. */
  addresses(options?: DeriveOptions): DerivedAddresses {
    return deriveAddresses(this.#unlocked(), options)
  }

  /** Signs an EIP-1559 transaction; returns the signed serialization for `eth_sendRawTransaction`. */
  signEvmTransaction(tx: EvmTransaction, index = 0): `0x${string}` {
    aindex(index)
    return withSecp256k1Key(this.#unlocked(), derivationPath('evm', index), (k) =>
      signEvmTransactionWithKey(tx, k.privateKey),
    )
  }

  /** EIP-191 `personal_sign`; returns the 65-byte `r || s || v` signature hex (v = 27/28). */
  signEvmMessage(message: string | Uint8Array, index = 0): `0x${string}` {
    aindex(index)
    return withSecp256k1Key(this.#unlocked(), derivationPath('evm', index), (k) =>
      signEvmMessageWithKey(message, k.privateKey),
    )
  }

  /** EIP-712 `eth_signTypedData_v4`; returns the 65-byte `r || s || v` signature hex. */
  signEvmTypedData<
    const typedData extends TypedData | Record<string, unknown>,
    primaryType extends keyof typedData | 'EIP712Domain',
  >(typedData: TypedDataDefinition<typedData, primaryType>, index = 0): `0x${string}` {
    aindex(index)
    return withSecp256k1Key(this.#unlocked(), derivationPath('evm', index), (k) =>
      signEvmTypedDataWithKey(typedData, k.privateKey),
    )
  }

  /** 64-byte Ed25519 signature over a serialized Solana transaction message. */
  signSolanaMessage(messageBytes: Uint8Array, index = 0): Uint8Array {
    aindex(index)
    return withEd25519Key(this.#unlocked(), derivationPath('solana', index), (k) =>
      signSolanaMessageWithKey(messageBytes, k.privateKey),
    )
  }

  /**
   * Signs the PSBT inputs that spend this account's P2WPKH receive address (m/84'/c'/0'/0/index)
   * and returns the PSBT bytes (not finalized). Throws `NOTHING_TO_SIGN` if none match.
   */
  signBitcoinPsbt(psbt: Uint8Array, options: SignBitcoinPsbtOptions = {}): Uint8Array {
    const { index = 0, network = 'mainnet' } = options
    aindex(index)
    abytes(psbt, 'psbt', [], 'INVALID_PSBT')
    return withSecp256k1Key(this.#unlocked(), derivationPath('bitcoin', index, network), (k) =>
      signBitcoinPsbtWithKey(psbt, k.privateKey, k.publicKey),
    )
  }

  /** 65-byte TRON signature hex (`r || s || v`, v = 27/28) over sha256(raw_data). */
  signTronTransaction(rawDataHex: string, index = 0): string {
    aindex(index)
    return withSecp256k1Key(this.#unlocked(), derivationPath('tron', index), (k) =>
      signTronTransactionWithKey(rawDataHex, k.privateKey),
    )
  }

  /** Builds and signs a wallet v5r1 external message for one transfer; see `TonTransfer`. */
  signTonTransfer(transfer: TonTransfer, index = 0): SignedTonTransfer {
    aindex(index)
    return withEd25519Key(this.#unlocked(), derivationPath('ton', index), (k) =>
      signTonTransferWithKey(transfer, k.privateKey, k.publicKey),
    )
  }

  /** 64-byte Ed25519 signature of the Canton party key over a prepared-transaction hash or multiHash. */
  signCantonHash(hash: Uint8Array, index = 0): Uint8Array {
    aindex(index)
    return withEd25519Key(this.#unlocked(), derivationPath('canton', index), (k) =>
      signCantonHashWithKey(hash, k.privateKey),
    )
  }

  /**
   * 64-byte Ed25519 signature of the Canton party key over the UTF-8 bytes of `message` (CIP-0103
   * `signMessage`); a message of 32 or 34 bytes is refused (it could be a hash Canton accepts).
   */
  signCantonMessage(message: string, index = 0): Uint8Array {
    aindex(index)
    return withEd25519Key(this.#unlocked(), derivationPath('canton', index), (k) =>
      signCantonMessageWithKey(message, k.privateKey),
    )
  }
}
