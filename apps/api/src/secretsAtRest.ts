/**
 * Secrets the instance stores in its database (the admin-set Canton token or JWT secret, a
 * persisted session secret) are sealed with AES-256-GCM under a key derived from the instance key
 * (INSTANCE_KEY, which never enters the database). Whoever reads the database — a backup, a
 * replica, a support dump — gets ciphertext. Web Crypto only, so it runs on Node and Workers alike.
 *
 * A sealed value is the JSON text `{"sealed":"v1","iv":…,"data":…}` (base64url). The setting's
 * name is the additional authenticated data: a sealed value moved to another setting does not open.
 */
import { fromBase64Url, toBase64Url } from './encoding.js'

interface SealedV1 {
  sealed: 'v1'
  iv: string
  data: string
}

const encoder = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()

/** HKDF-SHA256 of the instance key to an AES-256-GCM key; one derivation per instance key. */
function sealingKey(instanceKey: string): Promise<CryptoKey> {
  let key = keys.get(instanceKey)
  if (!key) {
    key = crypto.subtle
      .importKey('raw', encoder.encode(instanceKey), 'HKDF', false, ['deriveKey'])
      .then((material) =>
        crypto.subtle.deriveKey(
          {
            name: 'HKDF',
            hash: 'SHA-256',
            salt: encoder.encode('stratos-vault/instance-settings'),
            info: encoder.encode('aes-256-gcm/v1'),
          },
          material,
          { name: 'AES-GCM', length: 256 },
          false,
          ['encrypt', 'decrypt'],
        ),
      )
    keys.set(instanceKey, key)
  }
  return key
}

/** Whether a stored setting value is sealed (as opposed to plain JSON written by an older version). */
export function isSealed(text: string): boolean {
  try {
    const value = JSON.parse(text) as Partial<SealedV1> | null
    return value !== null && typeof value === 'object' && value.sealed === 'v1'
  } catch {
    return false
  }
}

/** Seals `value` (any JSON) for the setting `name`: the text to store. */
export async function seal(instanceKey: string, name: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(name) },
    await sealingKey(instanceKey),
    encoder.encode(JSON.stringify(value)),
  )
  const sealed: SealedV1 = { sealed: 'v1', iv: toBase64Url(iv), data: toBase64Url(new Uint8Array(data)) }
  return JSON.stringify(sealed)
}

/** The instance key does not open a sealed setting: it is not the key the value was sealed with. */
export class UnsealError extends Error {
  override name = 'UnsealError'
  constructor(readonly setting: string) {
    super(
      `INSTANCE_KEY does not open the stored setting '${setting}': it is not the key the value was sealed with`,
    )
  }
}

/** Opens a value {@link seal} wrote for the setting `name`; throws {@link UnsealError} otherwise. */
export async function unseal(instanceKey: string, name: string, text: string): Promise<unknown> {
  if (!isSealed(text)) throw new UnsealError(name)
  const { iv, data } = JSON.parse(text) as SealedV1
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: encoder.encode(name) },
      await sealingKey(instanceKey),
      fromBase64Url(data),
    )
    return JSON.parse(new TextDecoder().decode(plain))
  } catch {
    throw new UnsealError(name)
  }
}
