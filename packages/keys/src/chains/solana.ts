import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'
import { abytes } from '../assert.js'

/** A Solana address is the base58 encoding of the 32-byte ed25519 public key. */
export function solanaAddressFromPublicKey(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', [32])
  return base58.encode(publicKey)
}

/** Ed25519 signature over the serialized transaction message bytes (what a Solana signature covers). */
export function signSolanaMessageWithKey(messageBytes: Uint8Array, privateKey: Uint8Array): Uint8Array {
  abytes(messageBytes, 'messageBytes', [], 'INVALID_TRANSACTION')
  return ed25519.sign(messageBytes, privateKey)
}
