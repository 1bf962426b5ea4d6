import { bufferToBase64URLString } from '@simplewebauthn/browser'

/**
 * A fresh 32-byte base64url challenge for the local PRF-confirmation get(). Its assertion is
 * never sent to the server, so the server does not need to know the challenge.
 */
export function randomChallenge(): string {
  return bufferToBase64URLString(crypto.getRandomValues(new Uint8Array(32)).buffer)
}
