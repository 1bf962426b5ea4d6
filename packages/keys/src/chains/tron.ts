import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { createBase58check } from '@scure/base'
import { abytes, astring } from '../assert.js'
import { KeysError } from '../KeysError.js'

const base58check = createBase58check(sha256)

/** TRON mainnet address prefix byte (addresses start with 'T'). */
const TRON_PREFIX = 0x41

/**
 * TRON address of a secp256k1 public key: base58check(0x41 || last 20 bytes of
 * keccak256(uncompressed point without its 0x04)) — the EVM hash with TRON's prefix.
 */
export function tronAddressFromPublicKey(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', [33, 65])
  const point = secp256k1.Point.fromBytes(publicKey).toBytes(false)
  const payload = new Uint8Array(21)
  payload[0] = TRON_PREFIX
  payload.set(keccak_256(point.subarray(1)).subarray(-20), 1)
  return base58check.encode(payload)
}

/**
 * Signs a TRON transaction: the transaction id is sha256(raw_data bytes), and the signature is
 * `r || s || v` (65 bytes, hex without 0x) with v = 27 + recovery id, as TronWeb's ECKeySign
 * produces it (java-tron accepts v in {0,1,27,28}).
 */
export function signTronTransactionWithKey(rawDataHex: string, privateKey: Uint8Array): string {
  astring(rawDataHex, 'rawDataHex', 'INVALID_TRANSACTION')
  const hex = rawDataHex.startsWith('0x') ? rawDataHex.slice(2) : rawDataHex
  if (hex.length === 0 || !/^([0-9a-fA-F]{2})+$/.test(hex))
    throw new KeysError(
      'INVALID_TRANSACTION',
      'rawDataHex: expected the raw_data protobuf as even-length hex',
    )
  const txId = sha256(hexToBytes(hex))
  const sig = secp256k1.sign(txId, privateKey, { prehash: false, format: 'recovered' })
  return bytesToHex(sig.subarray(1)) + (27 + sig[0]!).toString(16)
}
