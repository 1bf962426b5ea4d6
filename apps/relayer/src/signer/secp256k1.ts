import { secp256k1 } from '@noble/curves/secp256k1.js'
import { type Address, getAddress, type Hex, isHex, keccak256, numberToHex, toHex } from 'viem'
import { SignerError } from '../errors.js'

/** The curve order n. */
export const SECP256K1_N = secp256k1.Point.Fn.ORDER
const HALF_N = SECP256K1_N >> 1n

/** A 32-byte digest as bytes; throws `SignerError` (`INVALID_DIGEST`) on anything else. */
export function digestBytes(digest: Hex): Uint8Array {
  if (typeof digest !== 'string' || !isHex(digest, { strict: true }) || digest.length !== 66) {
    throw new SignerError('INVALID_DIGEST', 'A digest to sign must be 32 bytes of 0x-prefixed hex', {
      details: `got ${typeof digest === 'string' ? `${digest.length} characters` : typeof digest}`,
    })
  }
  return Uint8Array.from(Buffer.from(digest.slice(2), 'hex'))
}

/** Ethereum address of an uncompressed public key (`0x04 || x || y`). */
export function addressOfPublicKey(uncompressed: Uint8Array): Address {
  return getAddress(`0x${keccak256(uncompressed.subarray(1)).slice(-40)}`)
}

/** `s > n/2` becomes `n - s` (EIP-2: Ethereum accepts only the lower half). */
export function toLowS(s: bigint): bigint {
  return s > HALF_N ? SECP256K1_N - s : s
}

/**
 * The recovery bit of (r, s) over `digest` for `publicKey`: the y parity of R, found by trying
 * both and recovering. Throws `SIGNATURE_NOT_RECOVERABLE` when neither gives the key (the
 * signature is not by this key, or not over this digest).
 */
export function recoveryBit(r: bigint, s: bigint, digest: Uint8Array, publicKey: Uint8Array): 0 | 1 {
  const expected = toHex(publicKey)
  for (const bit of [0, 1] as const) {
    try {
      const point = new secp256k1.Signature(r, s).addRecoveryBit(bit).recoverPublicKey(digest)
      if (toHex(point.toBytes(false)) === expected) return bit
    } catch {
      // This bit gives no point on the curve: try the other.
    }
  }
  throw new SignerError(
    'SIGNATURE_NOT_RECOVERABLE',
    'The signature does not recover to the signer public key (wrong key or wrong digest)',
  )
}

/** (r, s) as the 32-byte hex words of an Ethereum signature. */
export function toWord(value: bigint): Hex {
  return numberToHex(value, { size: 32 })
}
