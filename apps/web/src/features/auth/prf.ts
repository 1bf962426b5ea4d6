import type {
  AuthenticationExtensionsClientInputs,
  AuthenticationExtensionsClientOutputs,
} from '@simplewebauthn/browser'
import { PRF_SALT } from '@stratos/keys'

/**
 * Adds the PRF extension with the wallet's salt to ceremony options. The salt must be a
 * BufferSource: a JSON-serialised Uint8Array would arrive at the authenticator as an object.
 */
export function withPrf<T extends { extensions?: AuthenticationExtensionsClientInputs }>(options: T): T {
  return {
    ...options,
    extensions: { ...options.extensions, prf: { eval: { first: new Uint8Array(PRF_SALT) } } },
  }
}

/** A view over the same memory as `source` (an ArrayBuffer or a typed-array view at run time). */
function bytesOf(source: unknown): Uint8Array | null {
  if (source instanceof ArrayBuffer) return new Uint8Array(source)
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength)
  return null
}

/**
 * Takes the PRF output (`results.first`) out of a ceremony response, so it can never be posted,
 * and returns it as a view over the same memory: zeroing the view zeroes the browser's buffer too.
 * Returns null when the authenticator gave no PRF value. Any `results.second` is zeroed and dropped.
 */
export function takePrfOutput(response: {
  clientExtensionResults: AuthenticationExtensionsClientOutputs
}): Uint8Array | null {
  const prf = response.clientExtensionResults.prf
  const results = prf?.results
  if (!prf || !results) return null
  delete prf.results
  bytesOf(results.second)?.fill(0)
  const first = bytesOf(results.first)
  return first && first.byteLength > 0 ? first : null
}
