import { base64, hex } from '@scure/base'

/** Standard base64 of bytes with padding (what the JSON Ledger API carries). */
export function bytesToBase64(bytes: Uint8Array): string {
  return base64.encode(bytes)
}

/** Lowercase hex of bytes, for display. */
export function bytesToHex(bytes: Uint8Array): string {
  return hex.encode(bytes)
}
