import { KeysError, type KeysErrorCode } from './KeysError.js'

/**
 * Small input checks in the noble style: a wrong argument type or length throws a `KeysError`
 * naming the argument. Internal to the package.
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
  code: KeysErrorCode = 'INVALID_ARGUMENT',
): asserts value is Uint8Array {
  if (!isBytes(value)) throw new KeysError(code, `${name}: expected a Uint8Array, got ${typeOf(value)}`)
  if (lengths.length > 0 && !lengths.includes(value.length))
    throw new KeysError(code, `${name}: expected ${lengths.join(' or ')} bytes, got ${value.length}`)
}

/** Asserts `value` is a non-empty string. */
export function astring(
  value: unknown,
  name: string,
  code: KeysErrorCode = 'INVALID_ARGUMENT',
): asserts value is string {
  if (typeof value !== 'string' || value.length === 0)
    throw new KeysError(code, `${name}: expected a non-empty string, got ${typeOf(value)}`)
}

/** Largest index below the BIP-32 hardened offset: every path level must stay under 2^31. */
export const MAX_INDEX = 0x7fffffff

/** Asserts an account index: an integer in 0..2^31-1 (it is used as a hardened level on some chains). */
export function aindex(value: unknown, name = 'index'): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_INDEX)
    throw new KeysError(
      'INVALID_INDEX',
      `${name}: expected an integer from 0 to ${MAX_INDEX}, got ${String(value)}`,
    )
}

/** Asserts an unsigned integer that fits in `bits` bits (numbers up to 32 bits, else bigint). */
export function auint(value: unknown, name: string, bits: number): void {
  const ok =
    (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 2 ** bits) ||
    (typeof value === 'bigint' && value >= 0n && value < 1n << BigInt(bits))
  if (!ok)
    throw new KeysError(
      'INVALID_ARGUMENT',
      `${name}: expected an unsigned ${bits}-bit integer, got ${String(value)}`,
    )
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}
