import { z } from 'zod'

/**
 * The wallet entropy wrapped (AES-256-GCM) under a backup passkey's wrap key, as the browser
 * sends and receives it: the server stores it and cannot open it. A 12-byte IV and 16..32 bytes of
 * BIP-39 entropy plus the 16-byte tag, base64url without padding.
 */
export const WrappedEntropy = z.object({
  iv: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16}$/, 'iv: expected 12 bytes, base64url without padding (16 characters)'),
  ciphertext: z
    .string()
    .regex(
      /^[A-Za-z0-9_-]{43,64}$/,
      'ciphertext: expected 32 to 48 bytes (entropy and tag), base64url without padding',
    ),
})
export type WrappedEntropy = z.infer<typeof WrappedEntropy>
