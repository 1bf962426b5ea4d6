import { open } from 'node:fs/promises'
import { BackupError } from './BackupError.js'

/**
 * A backup file is:
 *
 * | bytes | content |
 * |---|---|
 * | 21 | magic `STRATOS-VAULT-BACKUP\n` |
 * | 4 | format version, big-endian (1) |
 * | 4 | manifest length M, big-endian (at most 64 KiB) |
 * | M | the manifest, UTF-8 JSON ({@link BackupManifest}) |
 * | rest | the payload: the database image; when encrypted, its AES-256-GCM ciphertext followed by the 16-byte tag |
 *
 * The manifest is readable without the passphrase; when the payload is encrypted the manifest's
 * exact bytes are its additional authenticated data, so an altered manifest fails decryption.
 */
export const BACKUP_MAGIC = Buffer.from('STRATOS-VAULT-BACKUP\n', 'ascii')
export const BACKUP_FORMAT_VERSION = 1
const MAX_MANIFEST_BYTES = 64 * 1024
/** Bytes before the manifest. */
const PREFIX_BYTES = BACKUP_MAGIC.length + 8
/** AES-GCM authentication tag, appended to the ciphertext. */
export const GCM_TAG_BYTES = 16

/** scrypt parameters and the values needed to open an encrypted payload. */
export interface BackupEncryption {
  cipher: 'aes-256-gcm'
  /** scrypt(passphrase, salt, N, r, p) gives 64 bytes: the AES key, then a key-check key. */
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  /** GCM nonce, base64 (12 bytes). */
  iv: string
  /** SHA-256 (hex) of the key-check key: tells a wrong passphrase from a damaged file. */
  keyCheck: string
}

/** The self-description of a backup: what it holds, from which schema, and how to check it. */
export interface BackupManifest {
  product: 'stratos-vault'
  /** Version of the Stratos Vault that wrote the backup. */
  productVersion: string
  engine: 'sqlite' | 'postgres'
  /** `sqlite-database`: a SQLite database file; `pg_dump-custom`: a `pg_dump --format=custom` archive. */
  payloadFormat: 'sqlite-database' | 'pg_dump-custom'
  /** For PostgreSQL, `pg_dump --version` of the tool that wrote the archive. */
  tool?: string
  /** The migrations applied in the backed-up database, in order; `version` is the last one. */
  schema: { version: string | null; migrations: string[] }
  /** When the backup was taken, ISO-8601 UTC. */
  createdAt: string
  /** The database image before encryption: its length in bytes and SHA-256 (hex). */
  payload: { length: number; sha256: string }
  /** Null when the payload is stored as is. */
  encryption: BackupEncryption | null
}

/** The header and manifest of a backup file, and where its payload lies. */
export interface BackupHeader {
  manifest: BackupManifest
  /** The manifest exactly as stored (the additional authenticated data of an encrypted payload). */
  manifestBytes: Buffer
  /** Offset of the payload in the file. */
  payloadOffset: number
  /** Bytes the payload takes in the file (ciphertext and tag when encrypted). */
  storedLength: number
}

/** The bytes that come before the payload. */
export function encodeBackupHeader(manifest: BackupManifest): { header: Buffer; manifestBytes: Buffer } {
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8')
  const numbers = Buffer.alloc(8)
  numbers.writeUInt32BE(BACKUP_FORMAT_VERSION, 0)
  numbers.writeUInt32BE(manifestBytes.length, 4)
  return { header: Buffer.concat([BACKUP_MAGIC, numbers, manifestBytes]), manifestBytes }
}

/**
 * Reads and checks the header of a backup file: the magic, the format version, the manifest's
 * shape, and that the file is exactly as long as the manifest says (not truncated, nothing
 * appended). Reads no payload.
 */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const handle = await open(file, 'r').catch((cause: NodeJS.ErrnoException) => {
    throw new BackupError(
      'BACKUP_INVALID',
      `cannot read the backup file ${file}: ${cause.code ?? cause.message}`,
      {
        cause,
      },
    )
  })
  try {
    const { size } = await handle.stat()
    const prefix = Buffer.alloc(PREFIX_BYTES)
    const { bytesRead } = await handle.read(prefix, 0, PREFIX_BYTES, 0)
    if (bytesRead < BACKUP_MAGIC.length || !prefix.subarray(0, BACKUP_MAGIC.length).equals(BACKUP_MAGIC)) {
      throw invalid(file, 'it does not start with the Stratos Vault backup header (bad magic)')
    }
    if (bytesRead < PREFIX_BYTES) throw invalid(file, 'it is truncated (the header is cut short)')
    const version = prefix.readUInt32BE(BACKUP_MAGIC.length)
    if (version !== BACKUP_FORMAT_VERSION) {
      throw invalid(
        file,
        `it has backup format version ${version}; this Stratos reads version ${BACKUP_FORMAT_VERSION} (a newer Stratos wrote it?)`,
      )
    }
    const manifestLength = prefix.readUInt32BE(BACKUP_MAGIC.length + 4)
    if (manifestLength === 0 || manifestLength > MAX_MANIFEST_BYTES) {
      throw invalid(file, `its manifest length (${manifestLength} bytes) is out of range`)
    }
    if (size < PREFIX_BYTES + manifestLength)
      throw invalid(file, 'it is truncated (the manifest is cut short)')
    const manifestBytes = Buffer.alloc(manifestLength)
    await handle.read(manifestBytes, 0, manifestLength, PREFIX_BYTES)
    const manifest = parseManifest(file, manifestBytes)
    const payloadOffset = PREFIX_BYTES + manifestLength
    const storedLength = manifest.payload.length + (manifest.encryption ? GCM_TAG_BYTES : 0)
    const found = size - payloadOffset
    if (found < storedLength) {
      throw invalid(
        file,
        `it is truncated: the payload should be ${storedLength} bytes, the file holds ${found}`,
      )
    }
    if (found > storedLength) {
      throw invalid(file, `${found - storedLength} bytes follow the payload; the file is not a whole backup`)
    }
    return { manifest, manifestBytes, payloadOffset, storedLength }
  } finally {
    await handle.close()
  }
}

function invalid(file: string, why: string): BackupError {
  return new BackupError('BACKUP_INVALID', `${file} is not a usable Stratos Vault backup: ${why}`)
}

/** Checks every field of the manifest; a damaged or foreign manifest is refused with the field named. */
function parseManifest(file: string, bytes: Buffer): BackupManifest {
  let value: unknown
  try {
    value = JSON.parse(bytes.toString('utf8'))
  } catch {
    throw invalid(file, 'its manifest is not valid JSON (the file is damaged)')
  }
  const bad = (field: string) => invalid(file, `its manifest has no valid ${field} (the file is damaged)`)
  if (!isObject(value)) throw bad('object')
  const m = value
  if (m.product !== 'stratos-vault') throw bad('product')
  if (typeof m.productVersion !== 'string') throw bad('productVersion')
  if (m.engine !== 'sqlite' && m.engine !== 'postgres') throw bad('engine')
  const expectedFormat = m.engine === 'sqlite' ? 'sqlite-database' : 'pg_dump-custom'
  if (m.payloadFormat !== expectedFormat) throw bad('payloadFormat')
  if (m.tool !== undefined && typeof m.tool !== 'string') throw bad('tool')
  if (typeof m.createdAt !== 'string' || Number.isNaN(Date.parse(m.createdAt))) throw bad('createdAt')
  const schema = m.schema
  if (
    !isObject(schema) ||
    !Array.isArray(schema.migrations) ||
    !schema.migrations.every((name) => typeof name === 'string') ||
    schema.version !== (schema.migrations.at(-1) ?? null)
  ) {
    throw bad('schema')
  }
  const payload = m.payload
  if (
    !isObject(payload) ||
    !Number.isSafeInteger(payload.length) ||
    (payload.length as number) < 0 ||
    typeof payload.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(payload.sha256)
  ) {
    throw bad('payload')
  }
  if (m.encryption !== null && !isEncryption(m.encryption)) throw bad('encryption')
  return m as unknown as BackupManifest
}

function isEncryption(value: unknown): value is BackupEncryption {
  if (!isObject(value) || value.cipher !== 'aes-256-gcm' || !isObject(value.kdf)) return false
  const { kdf } = value
  return (
    kdf.name === 'scrypt' &&
    [kdf.N, kdf.r, kdf.p].every((n) => Number.isSafeInteger(n) && (n as number) > 0) &&
    typeof kdf.salt === 'string' &&
    typeof value.iv === 'string' &&
    Buffer.from(value.iv, 'base64').length === 12 &&
    typeof value.keyCheck === 'string' &&
    /^[0-9a-f]{64}$/.test(value.keyCheck)
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
