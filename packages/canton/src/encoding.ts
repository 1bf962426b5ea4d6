import { CantonError, type CantonErrorCode } from './CantonError.js'

/**
 * Small input checks and encodings in the noble style, on Web APIs only (`atob`/`btoa`, no
 * Buffer) so the browser half bundles as is. Internal to the package.
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
 * Throws CRYPTO_UNAVAILABLE when `crypto.subtle` is missing. core-tx-visualizer hashes with Web
 * Crypto, which browsers expose only in secure contexts (https, localhost).
 */
export function requireWebCrypto(): void {
  if (typeof globalThis.crypto?.subtle?.digest !== 'function')
    throw new CantonError(
      'CRYPTO_UNAVAILABLE',
      'This page cannot check what it signs: Web Crypto needs https (or localhost); nothing was signed',
    )
}

/** Standard base64 (RFC 4648 §4) with padding; the JSON Ledger API encodes every `bytes` field so. */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Decodes standard base64; anything else (whitespace, base64url, bad padding) throws with `name`. */
export function base64ToBytes(
  value: unknown,
  name: string,
  code: CantonErrorCode = 'INVALID_ARGUMENT',
): Uint8Array {
  if (typeof value !== 'string' || !BASE64.test(value))
    throw new CantonError(code, `${name}: expected standard base64, got ${describe(value)}`)
  const binary = atob(value)
  const out = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
  return out
}

/** Encodes bytes as standard base64 with padding. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  // Chunked: String.fromCharCode(...big) overflows the call stack on large inputs.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
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
