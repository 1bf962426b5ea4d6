import { aindex } from './assert.js'
import { KeysError } from './KeysError.js'

/** The chains every Stratos account has an address on (same order as `@stratos/schemas` CHAINS). */
export type ChainName = 'evm' | 'solana' | 'bitcoin' | 'tron' | 'ton' | 'canton'

/** Bitcoin networks: mainnet uses coin type 0', the test networks 1' (SLIP-44). */
export type BitcoinNetwork = 'mainnet' | 'testnet' | 'regtest'

/**
 * The derivation path of account `index` on `chain` (docs/key-derivation.md "Per-chain keys", fixed).
 * secp256k1 chains follow BIP-44/BIP-84 with non-hardened change/index levels; ed25519 chains use
 * SLIP-10, where every level is hardened.
 */
export function derivationPath(
  chain: ChainName,
  index = 0,
  bitcoinNetwork: BitcoinNetwork = 'mainnet',
): string {
  aindex(index)
  switch (chain) {
    case 'evm':
      return `m/44'/60'/0'/0/${index}`
    case 'solana':
      return `m/44'/501'/${index}'/0'`
    case 'bitcoin':
      return `m/84'/${bitcoinNetwork === 'mainnet' ? 0 : 1}'/0'/0/${index}`
    case 'tron':
      return `m/44'/195'/0'/0/${index}`
    case 'ton':
      return `m/44'/607'/${index}'`
    case 'canton':
      return `m/44'/6767'/${index}'/0'/0'`
    default:
      throw new KeysError('INVALID_ARGUMENT', `chain: unknown chain '${String(chain)}'`)
  }
}
