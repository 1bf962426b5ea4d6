import { CantonError } from '../CantonError.js'

/**
 * Daml-LF `Party` strings (value.proto `PartyIdString`): non-empty US-ASCII letters, digits,
 * space, colon, minus and underscore, at most 255 characters.
 */
const PARTY_STRING = /^[a-zA-Z0-9: _-]{1,255}$/

/** Ledger API user ids: alphanumeric ASCII or one of `@^$.!`-#+'~_|:()`, 1 to 128 characters. */
const USER_ID = /^[a-zA-Z0-9@^$.!`\-#+'~_|:()]{1,128}$/

export const isPartyString = (value: string): boolean => PARTY_STRING.test(value)
export const isUserId = (value: string): boolean => USER_ID.test(value)

/** Canton's `InvalidArgument` rejection (`The submitted request has invalid arguments: …`). */
export function invalidArgument(reason: string): CantonError {
  return new CantonError('INVALID_ARGUMENT', `The submitted request has invalid arguments: ${reason}`)
}

/** Canton's `InvalidField` rejection (`The submitted request has invalid field …`). */
export function invalidField(field: string, reason: string): CantonError {
  return new CantonError('INVALID_FIELD', `The submitted request has invalid field ${field}: ${reason}`)
}

/**
 * A `pageSize` query parameter as Canton's list services read it: an int32, 0 or absent for the
 * server's maximum; negative is INVALID_ARGUMENT. Above the maximum, parties refuse it and users
 * cap it (`ApiPartyManagementService` / `ApiUserManagementService`).
 */
export function pageSizeOf(
  raw: string | undefined,
  { max, aboveMax, negative }: { max: number; aboveMax: 'refuse' | 'cap'; negative: string },
): number {
  if (raw === undefined || raw === '') return max
  if (!/^-?\d{1,10}$/.test(raw) || Math.abs(Number(raw)) > 2 ** 31 - 1)
    throw new CantonError('INVALID_ARGUMENT', 'Invalid value for: query parameter pageSize')
  const n = Number(raw)
  if (n < 0) throw invalidArgument(negative)
  if (n === 0) return max
  if (n > max) {
    if (aboveMax === 'cap') return max
    throw invalidArgument(`Page size must not exceed the server's maximum of ${max}`)
  }
  return n
}

/** Annotation keys: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
const KEY_NAME = /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/
const MAX_ANNOTATIONS_BYTES = 256 * 1024

/**
 * `ObjectMeta.annotations` as Canton checks them (ResourceAnnotationValidation): keys an optional
 * DNS subdomain (at most 253 characters) and `/`, then a name; values non-empty unless
 * `allowEmptyValues`; at most 256 KiB of keys and values together.
 */
export function checkAnnotations(
  value: unknown,
  field: string,
  allowEmptyValues = false,
): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidField(field, 'expected a map of strings to strings')
  let size = 0
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw invalidField(field, `the value of ${JSON.stringify(key)} is not a string`)
    const slash = key.indexOf('/')
    const prefix = slash === -1 ? undefined : key.slice(0, slash)
    const name = slash === -1 ? key : key.slice(slash + 1)
    if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))
      throw invalidField(field, `Key prefix segment '${prefix}' has invalid syntax`)
    if (!KEY_NAME.test(name)) throw invalidField(field, `Key name segment '${name}' has invalid syntax`)
    if (v === '' && !allowEmptyValues)
      throw invalidField(field, `The value of key '${key}' must be a non-empty string`)
    size += Buffer.byteLength(key) + Buffer.byteLength(v)
  }
  if (size > MAX_ANNOTATIONS_BYTES)
    throw invalidField(field, `annotations exceed the maximum size of ${MAX_ANNOTATIONS_BYTES} bytes`)
  return value as Record<string, string>
}
