/** Base64url (no padding) and hashing on Web APIs only, so the app runs on Node and Workers alike. */
import { base64urlnopad } from '@scure/base'

/** Bytes as base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  return base64urlnopad.encode(bytes)
}

/** Base64url without padding (as this app writes it) to bytes; throws on anything else. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  return base64urlnopad.decode(text) as Uint8Array<ArrayBuffer>
}

/** `n` random bytes as base64url: ids, tokens, secrets. */
export function randomId(n = 16): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(n)))
}

/** SHA-256 of a UTF-8 string, base64url. */
export async function sha256Base64Url(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return toBase64Url(new Uint8Array(digest))
}
