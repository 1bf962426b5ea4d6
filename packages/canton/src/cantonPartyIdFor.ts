import { CantonError } from './CantonError.js'

/**
 * Canton builds a party id as `<hint>::<namespace>` (UniqueIdentifier): the hint must be a Daml-LF
 * `PartyIdString` (letters, digits, `:`, `-`, `_`, space) without the `::` delimiter, at most 185
 * characters (String185). We accept a stricter subset, `[A-Za-z0-9_-]`: `:` invites ambiguous
 * delimiters (`a:` + `::`), spaces need escaping in URLs and logs, and canton-devnet refuses both.
 */
export const PARTY_HINT_PATTERN = /^[A-Za-z0-9_-]{1,185}$/

/** Upper bound of `sanitizePartyHint` output by default: readable ids, well under Canton's 185. */
const DEFAULT_HINT_LENGTH = 64

/** True when `hint` can be used as-is as a party hint (see `PARTY_HINT_PATTERN`). */
export function isValidPartyHint(hint: unknown): hint is string {
  return typeof hint === 'string' && PARTY_HINT_PATTERN.test(hint)
}

/**
 * Turns free text (a user's name, an email local part) into a valid party hint: accents are
 * stripped (NFKD), every run of other characters becomes one `-`, dashes are trimmed at both
 * ends, the result is cut to `maxLength`. Empty results become `fallback` (default `party`).
 */
export function sanitizePartyHint(
  text: string,
  options: { maxLength?: number; fallback?: string } = {},
): string {
  const maxLength = options.maxLength ?? DEFAULT_HINT_LENGTH
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 185)
    throw new CantonError('INVALID_ARGUMENT', 'maxLength: expected an integer from 1 to 185')
  const fallback = options.fallback ?? 'party'
  if (!isValidPartyHint(fallback))
    throw new CantonError('INVALID_ARGUMENT', 'fallback: expected a valid party hint')
  const hint = String(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '')
  return hint.length > 0 ? hint : fallback.slice(0, maxLength)
}

/**
 * Party id `<hint>::<fingerprint>` of an external party whose namespace is its own key (what
 * `generate-topology` returns as `partyId`). Throws INVALID_ARGUMENT for a hint outside
 * `PARTY_HINT_PATTERN` (run it through `sanitizePartyHint` first) or a fingerprint that is not
 * `1220` + 64 lowercase hex (a SHA-256 multihash).
 */
export function cantonPartyIdFor(hint: string, fingerprint: string): string {
  if (!isValidPartyHint(hint))
    throw new CantonError(
      'INVALID_ARGUMENT',
      'hint: expected 1-185 of the characters A-Z a-z 0-9 _ - (use sanitizePartyHint)',
    )
  if (typeof fingerprint !== 'string' || !/^1220[0-9a-f]{64}$/.test(fingerprint))
    throw new CantonError(
      'INVALID_ARGUMENT',
      'fingerprint: expected "1220" followed by 64 lowercase hex characters',
    )
  return `${hint}::${fingerprint}`
}
