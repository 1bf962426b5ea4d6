import type { WrappedEntropy } from '@stratos/schemas'
import { fromBase64Url, toBase64Url } from '../encoding.js'

/**
 * What the web app computes from a PRF output (docs/key-derivation.md), redone on Web
 * Crypto so API tests can send and check real wrapped entropy without the server ever deriving
 * anything. `@stratos/keys` does the same in the browser (its tests pin the format).
 */

/** The PRF input the web app evaluates. */
export const PRF_INPUT = new TextEncoder().encode('stratos-vault/prf/v1')

/** Additional authenticated data of the wrapped entropy (packages/keys wrapEntropy). */
const WRAP_AAD = new TextEncoder().encode('stratos-vault/wrapped-entropy/v1')

/** HKDF-SHA256(P, salt="stratos-vault", info): 'master-seed/v1', 'local-key/v1', 'wrap-key/v1'. */
export async function hkdfFromPrf(prf: Uint8Array, info: string): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(prf), 'HKDF', false, ['deriveBits'])
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: new TextEncoder().encode('stratos-vault'),
      info: new TextEncoder().encode(info),
    },
    key,
    256,
  )
  return new Uint8Array(bits)
}

/** AES-256-GCM of the entropy under a backup passkey's wrap key, fresh 12-byte IV. */
export async function wrapEntropy(entropy: Uint8Array, wrapKey: Uint8Array): Promise<WrappedEntropy> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const key = await crypto.subtle.importKey('raw', new Uint8Array(wrapKey), 'AES-GCM', false, ['encrypt'])
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: WRAP_AAD },
    key,
    new Uint8Array(entropy),
  )
  return { iv: toBase64Url(iv), ciphertext: toBase64Url(new Uint8Array(sealed)) }
}

/** The inverse of {@link wrapEntropy}; rejects when the key is wrong. */
export async function unwrapEntropy(wrapped: WrappedEntropy, wrapKey: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', new Uint8Array(wrapKey), 'AES-GCM', false, ['decrypt'])
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: new Uint8Array(fromBase64Url(wrapped.iv)), additionalData: WRAP_AAD },
    key,
    new Uint8Array(fromBase64Url(wrapped.ciphertext)),
  )
  return new Uint8Array(plain)
}
