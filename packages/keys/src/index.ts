/**
 * `@stratos/keys`: passkey PRF -> BIP-39 seed -> per-chain accounts and signers. The only package
 * that touches private key bytes. Isomorphic (browser + Node): @noble/@scure for key material,
 * Web Crypto for AES-GCM.
 */
export { bitcoinAddressFromPublicKey } from './chains/bitcoin.js'
export {
  cantonFingerprint,
  cantonPartyId,
  isValidPartyHint,
  PARTY_HINT_PATTERN,
  sanitizePartyHint,
} from './chains/canton.js'
export { type EvmTransaction, evmAddressFromPublicKey } from './chains/evm.js'
export { solanaAddressFromPublicKey } from './chains/solana.js'
export {
  type ParsedTonAddress,
  parseTonAddress,
  type SignedTonTransfer,
  type TonNetwork,
  type TonTransfer,
  type TonWalletAddresses,
  tonAddressesFromPublicKey,
  tonWalletV5R1Id,
} from './chains/ton.js'
export { tronAddressFromPublicKey } from './chains/tron.js'
export { type BitcoinNetwork, type ChainName, derivationPath } from './derivationPath.js'
export type { DerivedAddresses, DeriveOptions } from './deriveAddresses.js'
export { deriveLocalKey, deriveWrapKey, entropyFromPrf, PRF_SALT } from './entropyFromPrf.js'
export {
  type GuardianRecipient,
  type GuardianShare,
  MAX_GUARDIANS,
  MIN_THRESHOLD,
  type RecoveredShare,
  recoveryCode,
} from './guardianShares.js'
export { KeysError, type KeysErrorCode, type KeysErrorOptions } from './KeysError.js'
export { RecoveryKey } from './RecoveryKey.js'
export type { SealedBox } from './sealedBox.js'
export { type SignBitcoinPsbtOptions, Vault } from './Vault.js'
export { unwrapEntropy, type WrappedEntropy, wrapEntropy } from './wrapEntropy.js'
