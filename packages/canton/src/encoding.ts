import { base64 } from '@scure/base'
import { CantonError, type CantonErrorCode } from './CantonError.js'

/**
 * Small input checks in the noble style and the package's base64 (@scure/base: no Buffer, so the
 * browser half bundles as is). Internal to the package.
 */

/** True for a Uint8Array, including ones from another realm (jsdom, iframes, Node Buffers). */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array || (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array')
  )
}

/** Asserts `value` is a Uint8Array, of one of `lengths` when given. */
export function abytes(
  value: unknown,
  name: string,
  lengths: readonly number[] = [],
  code: CantonErrorCode = 'INVALID_ARGUMENT',
): asserts value is Uint8Array {
  if (!isBytes(value)) throw new CantonError(code, `${name}: expected a Uint8Array, got ${typeOf(value)}`)
  if (lengths.length > 0 && !lengths.includes(value.length))
    throw new CantonError(code, `${name}: expected ${lengths.join(' or ')} bytes, got ${value.length}`)
}

/** Asserts `value` is a non-empty string. */
export function astring(
  value: unknown,
  name: string,
  code: CantonErrorCode = 'INVALID_ARGUMENT',
): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new CantonError(code, `${name}: expected a non-empty string, got ${typeOf(value)}`)
}

/**
 * Throws CRYPTO_UNAVAILABLE when `crypto.subtle` is missing. core-tx-visualizer (topology hashes)
 * hashes with Web Crypto, which browsers expose only in secure contexts (https, localhost).
 */
export function requireWebCrypto(): void {
  if (typeof globalThis.crypto?.subtle?.digest !== 'function')
    throw new CantonError(
      'CRYPTO_UNAVAILABLE',
      'This page cannot check what it signs: Web Crypto needs https (or localhost); nothing was signed',
    )
}

/**
 * Decodes standard base64 (RFC 4648 §4, padded), as the JSON Ledger API encodes every `bytes`
 * field; anything else (whitespace, base64url, missing or extra padding, non-zero padding bits)
 * throws with `name`.
 */
export function base64ToBytes(
  value: unknown,
  name: string,
  code: CantonErrorCode = 'INVALID_ARGUMENT',
): Uint8Array {
  if (typeof value !== 'string')
    throw new CantonError(code, `${name}: expected standard base64, got ${typeOf(value)}`)
  try {
    return base64.decode(value)
  } catch (cause) {
    throw new CantonError(code, `${name}: expected standard base64, got ${describe(value)}`, { cause })
  }
}

/** Encodes bytes as standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes)
}

/** Byte-wise equality (the values compared here are public: hashes, keys). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `a string of ${value.length} characters` : typeOf(value)
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}
