import { bytesToHex } from '@noble/hashes/utils.js'
import { aindex } from './assert.js'
import { bitcoinAddressFromPublicKey } from './chains/bitcoin.js'
import { cantonFingerprint } from './chains/canton.js'
import { evmAddressFromPublicKey } from './chains/evm.js'
import { solanaAddressFromPublicKey } from './chains/solana.js'
import { type TonNetwork, tonAddressesFromPublicKey } from './chains/ton.js'
import { tronAddressFromPublicKey } from './chains/tron.js'
import { type BitcoinNetwork, derivationPath } from './derivationPath.js'
import { withEd25519Key, withSecp256k1Key } from './hdKey.js'
import { KeysError } from './KeysError.js'

/** Public addresses of one account index on every chain. Contains no secret. */
export interface DerivedAddresses {
  /** EIP-55 checksummed. */
  evm: string
  /** base58 ed25519 public key. */
  solana: string
  /** P2WPKH bech32 (bc1… / tb1… / bcrt1…). */
  bitcoin: string
  /** base58check, starts with T. */
  tron: string
  /** Wallet v5r1, non-bounceable user-friendly form (UQ… mainnet, 0Q… testnet). */
  ton: string
  /** Canton external party namespace fingerprint, `1220` + 64 hex. */
  canton: string
  /** Wallet v4r2 of the same key, same form as `ton`. */
  tonV4: string
  /** Raw 32-byte Ed25519 public key of the Canton party, hex (for topology generation). */
  cantonPublicKey: string
  index: number
}

export interface DeriveOptions {
  /** Account index, default 0. */
  index?: number
  /** Default 'mainnet'. Test networks use coin type 1' and the tb / bcrt prefixes. */
  bitcoinNetwork?: BitcoinNetwork
  /** Default 'mainnet'. The v5r1 address depends on it. */
  tonNetwork?: TonNetwork
}

/** Checks `DeriveOptions` and fills in the defaults. */
export function resolveDeriveOptions(options: DeriveOptions = {}): Required<DeriveOptions> {
  if (typeof options !== 'object' || options === null)
    throw new KeysError('INVALID_ARGUMENT', 'options: expected an object')
  const { index = 0, bitcoinNetwork = 'mainnet', tonNetwork = 'mainnet' } = options
  aindex(index)
  if (!['mainnet', 'testnet', 'regtest'].includes(bitcoinNetwork))
    throw new KeysError(
      'INVALID_ARGUMENT',
      `bitcoinNetwork: expected mainnet, testnet or regtest, got '${bitcoinNetwork}'`,
    )
  if (!['mainnet', 'testnet'].includes(tonNetwork))
    throw new KeysError('INVALID_ARGUMENT', `tonNetwork: expected mainnet or testnet, got '${tonNetwork}'`)
  return { index, bitcoinNetwork, tonNetwork }
}

/** Derives the public addresses of account `index` on every chain from a BIP-39 seed. Internal. */
export function deriveAddresses(seed: Uint8Array, options: DeriveOptions = {}): DerivedAddresses {
  const { index, bitcoinNetwork, tonNetwork } = resolveDeriveOptions(options)
  const publicKey = (kind: 'secp256k1' | 'ed25519', path: string) =>
    (kind === 'secp256k1' ? withSecp256k1Key : withEd25519Key)(seed, path, (key) => key.publicKey.slice())
  const cantonKey = publicKey('ed25519', derivationPath('canton', index))
  const ton = tonAddressesFromPublicKey(publicKey('ed25519', derivationPath('ton', index)), tonNetwork)
  return {
    evm: evmAddressFromPublicKey(publicKey('secp256k1', derivationPath('evm', index))),
    solana: solanaAddressFromPublicKey(publicKey('ed25519', derivationPath('solana', index))),
    bitcoin: bitcoinAddressFromPublicKey(
      publicKey('secp256k1', derivationPath('bitcoin', index, bitcoinNetwork)),
      bitcoinNetwork,
    ),
    tron: tronAddressFromPublicKey(publicKey('secp256k1', derivationPath('tron', index))),
    ton: ton.v5r1,
    canton: cantonFingerprint(cantonKey),
    tonV4: ton.v4r2,
    cantonPublicKey: bytesToHex(cantonKey),
    index,
  }
}
