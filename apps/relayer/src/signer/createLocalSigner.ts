import { secp256k1 } from '@noble/curves/secp256k1.js'
import { type Hex, isHex } from 'viem'
import { SignerError } from '../errors.js'
import type { DigestSigner } from '../types.js'
import { addressOfPublicKey, digestBytes, toWord } from './secp256k1.js'

/**
 * A signer over a private key held in memory (development, tests, small deployments). The key
 * lives only in this closure: it is not a property of the signer, so logging or serialising the
 * signer cannot reveal it. Signatures are RFC 6979 deterministic and low-s.
 */
export function createLocalSigner(privateKey: Hex): DigestSigner {
  if (typeof privateKey !== 'string' || !isHex(privateKey, { strict: true }) || privateKey.length !== 66) {
    throw new SignerError('INVALID_PRIVATE_KEY', 'A private key must be 32 bytes of 0x-prefixed hex')
  }
  const secret = Uint8Array.from(Buffer.from(privateKey.slice(2), 'hex'))
  if (!secp256k1.utils.isValidSecretKey(secret)) {
    secret.fill(0)
    throw new SignerError(
      'INVALID_PRIVATE_KEY',
      'The private key is not a valid secp256k1 scalar (0 < k < n)',
    )
  }
  const address = addressOfPublicKey(secp256k1.getPublicKey(secret, false))
  return {
    kind: 'local',
    async address() {
      return address
    },
    async signDigest(digest) {
      const message = digestBytes(digest)
      const signature = secp256k1.Signature.fromBytes(
        secp256k1.sign(message, secret, { prehash: false, lowS: true, format: 'recovered' }),
        'recovered',
      )
      return { r: toWord(signature.r), s: toWord(signature.s), yParity: signature.recovery === 1 ? 1 : 0 }
    },
  }
}
