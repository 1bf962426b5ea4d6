import type { ApiConfig } from '../config.js'

/**
 * The HMAC-SHA-256 key of the instance's session tokens (wallet and operator alike), imported once
 * on first use: jose would otherwise import the raw secret on every call.
 */
export function sessionKey(config: Pick<ApiConfig, 'sessionSecret'>): () => Promise<CryptoKey> {
  let keyPromise: Promise<CryptoKey> | undefined
  return () => {
    keyPromise ??= crypto.subtle.importKey(
      'raw',
      typeof config.sessionSecret === 'string'
        ? new TextEncoder().encode(config.sessionSecret)
        : new Uint8Array(config.sessionSecret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    return keyPromise
  }
}
