import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms'
import type { Address } from 'viem'
import { SignerError } from '../errors.js'
import type { DigestSigner } from '../types.js'
import { parseDerSignature } from './parseDerSignature.js'
import { parseSpkiPublicKey } from './parseSpkiPublicKey.js'
import { addressOfPublicKey, digestBytes, recoveryBit, toLowS, toWord } from './secp256k1.js'

export type CreateKmsSignerParameters = {
  /** KMS key id, ARN or alias of an asymmetric `ECC_SECG_P256K1` / `SIGN_VERIFY` key. */
  keyId: string
  /** The AWS SDK client (region, credentials, endpoint are its configuration). */
  client: KMSClient
}

/**
 * A signer whose secp256k1 key never leaves AWS KMS.
 *
 * - The address comes from `GetPublicKey` (SubjectPublicKeyInfo DER -> uncompressed point ->
 *   keccak), fetched once.
 * - `Sign` runs with `MessageType: DIGEST` (the 32 bytes are signed as given, not hashed again)
 *   and `ECDSA_SHA_256`; KMS returns DER (r, s) with no recovery bit and with s in either half,
 *   so s is normalised to the lower half (EIP-2) and the y parity is found by recovering both
 *   candidates against the public key.
 */
export function createKmsSigner({ keyId, client }: CreateKmsSignerParameters): DigestSigner {
  let publicKey: Promise<{ point: Uint8Array; address: Address }> | undefined

  function loadPublicKey() {
    publicKey ??= (async () => {
      let spki: Uint8Array | undefined
      try {
        const response = await client.send(new GetPublicKeyCommand({ KeyId: keyId }))
        if (response.KeySpec && response.KeySpec !== 'ECC_SECG_P256K1') {
          throw new SignerError(
            'INVALID_PUBLIC_KEY',
            `KMS key ${keyId} is ${response.KeySpec}, not ECC_SECG_P256K1`,
          )
        }
        if (response.KeyUsage && response.KeyUsage !== 'SIGN_VERIFY') {
          throw new SignerError(
            'INVALID_PUBLIC_KEY',
            `KMS key ${keyId} is for ${response.KeyUsage}, not SIGN_VERIFY`,
          )
        }
        spki = response.PublicKey
      } catch (cause) {
        if (cause instanceof SignerError) throw cause
        throw new SignerError('KMS_REQUEST_FAILED', `KMS GetPublicKey failed for key ${keyId}`, { cause })
      }
      if (!spki) throw new SignerError('INVALID_PUBLIC_KEY', `KMS returned no public key for key ${keyId}`)
      const point = parseSpkiPublicKey(spki)
      return { point, address: addressOfPublicKey(point) }
    })()
    // A failed fetch (network, permissions) is retried on the next call, not cached.
    publicKey.catch(() => {
      publicKey = undefined
    })
    return publicKey
  }

  return {
    kind: 'kms',
    async address() {
      return (await loadPublicKey()).address
    },
    async signDigest(digest) {
      const message = digestBytes(digest)
      const { point } = await loadPublicKey()
      let der: Uint8Array | undefined
      try {
        const response = await client.send(
          new SignCommand({
            KeyId: keyId,
            Message: message,
            MessageType: 'DIGEST',
            SigningAlgorithm: 'ECDSA_SHA_256',
          }),
        )
        der = response.Signature
      } catch (cause) {
        throw new SignerError('KMS_REQUEST_FAILED', `KMS Sign failed for key ${keyId}`, { cause })
      }
      if (!der) throw new SignerError('INVALID_DER_SIGNATURE', `KMS returned no signature for key ${keyId}`)
      const { r, s: rawS } = parseDerSignature(der)
      const s = toLowS(rawS)
      return { r: toWord(r), s: toWord(s), yParity: recoveryBit(r, s, message, point) }
    },
  }
}
