import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { createBase58check } from '@scure/base'
import { ChainsError } from '../ChainsError.js'

const base58check = createBase58check(sha256)

/** Every TRON account and contract address is 0x41 followed by the 20 bytes an EVM address has. */
export const TRON_ADDRESS_PREFIX = 0x41

/**
 * The 21 bytes of a TRON address given as base58check (`T…`) or hex (`41…`, the form java-tron
 * prints with `visible: false` and TronGrid prints in `raw_data`). Throws `INVALID_ADDRESS`.
 */
export function tronAddressBytes(address: string, what = 'address'): Uint8Array {
  let bytes: Uint8Array | undefined
  if (/^41[0-9a-fA-F]{40}$/.test(address)) bytes = hexToBytes(address)
  else if (/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(address)) {
    try {
      bytes = base58check.decode(address)
    } catch {
      bytes = undefined
    }
  }
  if (bytes?.length !== 21 || bytes[0] !== TRON_ADDRESS_PREFIX)
    throw new ChainsError('INVALID_ADDRESS', `The ${what} is not a TRON address: ${address}`, {
      details: 'expected base58check starting with T (or 41-prefixed hex), 21 bytes with the 0x41 prefix',
    })
  return bytes
}

/** Whether `address` is a well-formed TRON address (checksum included). */
export function isTronAddress(address: string): boolean {
  try {
    tronAddressBytes(address)
    return true
  } catch {
    return false
  }
}

/** Base58check text of 21 address bytes (`T…`). */
export function tronAddressFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 21 || bytes[0] !== TRON_ADDRESS_PREFIX)
    throw new ChainsError('INVALID_ADDRESS', 'Not a TRON address: expected 21 bytes starting with 0x41')
  return base58check.encode(bytes)
}

/** Base58check form of an address in either text form; throws `INVALID_ADDRESS`. */
export function normalizeTronAddress(address: string, what?: string): string {
  return tronAddressFromBytes(tronAddressBytes(address, what))
}

/** The EVM view of a TRON address (the TVM's 20-byte address): `0x` + the bytes after 0x41. */
export function tronToEvmAddress(address: string): `0x${string}` {
  return `0x${bytesToHex(tronAddressBytes(address).subarray(1))}`
}

/** The TRON address of a 20-byte EVM address (a log topic, an ABI-decoded address). */
export function evmToTronAddress(evm: string): string {
  const hex = evm.replace(/^0x/, '').toLowerCase()
  if (!/^[0-9a-f]{40}$/.test(hex)) throw new ChainsError('INVALID_ADDRESS', `Not a 20-byte address: ${evm}`)
  return tronAddressFromBytes(hexToBytes(`41${hex}`))
}
