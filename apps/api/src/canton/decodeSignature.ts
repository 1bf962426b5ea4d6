import { base64 } from '@scure/base'
import { ApiError } from '../errors.js'

/** A browser's Ed25519 signature (standard base64 of 64 bytes), or 400 INVALID_BODY saying what is wrong. */
export function decodeSignature(text: string): Uint8Array {
  let bytes: Uint8Array
  try {
    bytes = base64.decode(text)
  } catch {
    throw new ApiError(400, 'INVALID_BODY', 'signature: not valid base64')
  }
  if (bytes.length !== 64) throw new ApiError(400, 'INVALID_BODY', 'signature: expected 64 bytes (Ed25519)')
  return bytes
}
