import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { abytes } from '../assert.js'
import { KeysError } from '../KeysError.js'

/** Canton hash purpose `PublicKeyFingerprint` (com.digitalasset.canton.crypto.HashPurpose, id 12). */
const FINGERPRINT_PURPOSE = 12
/** Multihash prefix of a SHA-256 digest: code 0x12, length 0x20. */
const SHA256_MULTIHASH_PREFIX = '1220'

/**
 * Canton fingerprint of a raw 32-byte Ed25519 public key: the SHA-256 multihash
 * `1220 || sha256(u32be(12) || publicKey)` in hex (68 characters). It is the namespace of an
 * external party: party id = `<hint>::<fingerprint>` (`cantonPartyId`).
 */
export function cantonFingerprint(publicKey: Uint8Array): string {
  abytes(publicKey, 'publicKey', [32])
  const input = new Uint8Array(4 + publicKey.length)
  new DataView(input.buffer).setUint32(0, FINGERPRINT_PURPOSE)
  input.set(publicKey, 4)
  return SHA256_MULTIHASH_PREFIX + bytesToHex(sha256(input))
}

/**
 * The party hints the wallet accepts: 1 to 185 of `A-Z a-z 0-9 _ -`.
 *
 * Canton builds a party id as a UniqueIdentifier `<identifier>::<namespace>` (the one `::` is the
 * delimiter): the identifier must be a Daml-LF `PartyIdString` (letters, digits, `:`, `-`, `_` and
 * space; `value.proto` of the Ledger API), must not contain `::`, and is at most 185 characters
 * (String185: 255 for the party id, less 68 for the fingerprint and 2 for the delimiter). We accept
 * a stricter subset, so that a party id reads and travels unambiguously: no `:` (a hint ending in
 * `:` gives `a:::1220…`, which Canton splits at the first `::`), no space (percent-encoded in the
 * URLs a party id ends up in, such as `GET /v2/parties/{party}`, and invisible at its ends).
 */
export const PARTY_HINT_PATTERN = /^[A-Za-z0-9_-]{1,185}$/

/** Length of `sanitizePartyHint` output by default: readable ids, well under Canton's 185. */
const DEFAULT_HINT_LENGTH = 64

/** A Canton fingerprint: SHA-256 multihash `1220` + 64 lowercase hex (what `cantonFingerprint` returns). */
const FINGERPRINT_PATTERN = new RegExp(`^${SHA256_MULTIHASH_PREFIX}[0-9a-f]{64}$`)

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
  options: { maxLength?: number | undefined; fallback?: string | undefined } = {},
): string {
  const maxLength = options.maxLength ?? DEFAULT_HINT_LENGTH
  if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > 185)
    throw new KeysError(
      'INVALID_ARGUMENT',
      `maxLength: expected an integer from 1 to 185, got ${String(maxLength)}`,
    )
  const fallback = options.fallback ?? 'party'
  if (!isValidPartyHint(fallback))
    throw new KeysError('INVALID_ARGUMENT', `fallback: ${shown(fallback)} is not a valid party hint`)
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
 * Party id `<hint>::<fingerprint>` of an external party whose namespace is its own key: what the
 * participant's `generate-topology` returns as `partyId`. Throws INVALID_ARGUMENT for a hint
 * outside `PARTY_HINT_PATTERN` (run free text through `sanitizePartyHint` first) or a fingerprint
 * that is not `1220` + 64 lowercase hex.
 */
export function cantonPartyId(hint: string, fingerprint: string): string {
  if (!isValidPartyHint(hint))
    throw new KeysError(
      'INVALID_ARGUMENT',
      `hint: expected 1-185 of the characters A-Z a-z 0-9 _ - (sanitizePartyHint makes one), got ${shown(hint)}`,
    )
  if (typeof fingerprint !== 'string' || !FINGERPRINT_PATTERN.test(fingerprint))
    throw new KeysError(
      'INVALID_ARGUMENT',
      `fingerprint: expected "1220" followed by 64 lowercase hex characters, got ${shown(fingerprint)}`,
    )
  return `${hint}::${fingerprint}`
}

/** A value for an error message: a string quoted and cut to 80 characters, else its type. */
function shown(value: unknown): string {
  if (typeof value !== 'string') return value === null ? 'null' : typeof value
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
}

/**
 * Ed25519 signature over a hash Canton asks an external party to sign: a 32-byte prepared
 * transaction hash (`execute`) or the 34-byte topology `multiHash` (`allocate`), as raw bytes.
 */
export function signCantonHashWithKey(hash: Uint8Array, privateKey: Uint8Array): Uint8Array {
  abytes(hash, 'hash', [32, 34])
  return ed25519.sign(hash, privateKey)
}

/**
 * Byte lengths a Canton party key signs as a hash: a prepared-transaction hash (32) and a Canton
 * multihash (34, the topology `multiHash` and every other Canton hash). A message of such a length
 * could be one of them, so it is not signed as a message.
 */
const CANTON_HASH_LENGTHS = [32, 34]

/**
 * Ed25519 signature over the UTF-8 bytes of `message`, as CIP-0103 `signMessage` wallets sign
 * (the Splice wallet kernel's `signMessage`: no prefix, no hashing). A message whose UTF-8 bytes
 * are 32 or 34 long is refused (`INVALID_ARGUMENT`): those bytes could be a transaction hash or a
 * topology multiHash, which the key must sign only after the wallet checked them.
 */
export function signCantonMessageWithKey(message: string, privateKey: Uint8Array): Uint8Array {
  if (typeof message !== 'string') throw new KeysError('INVALID_ARGUMENT', 'message: expected a string')
  const bytes = new TextEncoder().encode(message)
  if (CANTON_HASH_LENGTHS.includes(bytes.length))
    throw new KeysError(
      'INVALID_ARGUMENT',
      `message: ${bytes.length} bytes could be a Canton transaction or topology hash, which this key signs only after checking it; add or remove a character`,
    )
  return ed25519.sign(bytes, privateKey)
}
