import { Address, OutScript } from '@scure/btc-signer'
import { ChainsError } from '../ChainsError.js'
import { BITCOIN_NETWORKS, type BitcoinNetworkName } from './bitcoinNetwork.js'

/** The output types the adapter pays to. Bare scripts, P2PK and bare multisig are not addresses. */
export type BitcoinOutputType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr'

export interface ParsedBitcoinAddress {
  type: BitcoinOutputType
  /** scriptPubKey the address stands for. */
  script: Uint8Array
  /**
   * Smallest value Bitcoin Core relays for this output type: `GetDustThreshold` at the default
   * `-dustrelayfee` of 3 sat/vB (policy/policy.cpp): (output size + size of the input that spends
   * it) x 3.
   */
  dustLimit: bigint
  /** Serialized output size in vbytes: 8 value + script length + script. */
  outputVsize: number
}

const TYPES: Record<string, { type: BitcoinOutputType; dustLimit: bigint; outputVsize: number }> = {
  pkh: { type: 'p2pkh', dustLimit: 546n, outputVsize: 34 },
  sh: { type: 'p2sh', dustLimit: 540n, outputVsize: 32 },
  wpkh: { type: 'p2wpkh', dustLimit: 294n, outputVsize: 31 },
  wsh: { type: 'p2wsh', dustLimit: 330n, outputVsize: 43 },
  tr: { type: 'p2tr', dustLimit: 330n, outputVsize: 43 },
}

const NETWORK_NAMES: readonly BitcoinNetworkName[] = ['mainnet', 'testnet', 'regtest']

function decode(address: string, network: BitcoinNetworkName) {
  try {
    return Address(BITCOIN_NETWORKS[network]).decode(address)
  } catch {
    return undefined
  }
}

/**
 * Reads a Bitcoin address of `network` (P2PKH, P2SH, P2WPKH, P2WSH or P2TR). A valid address of
 * another network is named as such ("a testnet address on mainnet"); anything else is
 * `INVALID_ADDRESS` with what was wrong.
 */
export function parseBitcoinAddress(
  address: string,
  network: BitcoinNetworkName,
  role = 'Recipient',
): ParsedBitcoinAddress {
  const decoded = decode(address, network)
  if (!decoded) {
    const other = NETWORK_NAMES.find((n) => n !== network && decode(address, n))
    if (other)
      throw new ChainsError(
        'INVALID_ADDRESS',
        `${role} ${address} is a ${other} address on ${network}: use a ${network} address.`,
      )
    throw new ChainsError('INVALID_ADDRESS', `${role} ${address} is not a Bitcoin address.`)
  }
  const known = TYPES[decoded.type]
  if (!known)
    throw new ChainsError('INVALID_ADDRESS', `${role} ${address} is not an address type this wallet pays to.`)
  return { ...known, script: OutScript.encode(decoded) }
}
