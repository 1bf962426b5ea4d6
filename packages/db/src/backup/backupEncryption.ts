import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { BackupError } from './BackupError.js'
import type { BackupEncryption } from './backupFormat.js'

/**
 * scrypt parameters of new backups: N = 2^17, r = 8, p = 1 (128 MiB of memory, about half a second
 * of one core), the "interactive login" strength RFC 7914 §2 and OWASP recommend as a floor.
 */
export const BACKUP_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const
/** The most memory a backup's scrypt parameters may ask for when it is opened (1 GiB). */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024
/** Passphrases shorter than this are refused when a backup is written. */
export const MIN_PASSPHRASE_LENGTH = 12

/** A new random salt and nonce, and the key for them. */
export async function newBackupEncryption(
  passphrase: string,
): Promise<{ encryption: BackupEncryption; key: Buffer }> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new BackupError(
      'BACKUP_PASSPHRASE',
      `the backup passphrase is shorter than ${MIN_PASSPHRASE_LENGTH} characters; use a long random one (e.g. openssl rand -base64 32)`,
    )
  }
  const salt = randomBytes(16)
  const { key, keyCheck } = await deriveKeys(passphrase, salt, BACKUP_SCRYPT)
  return {
    encryption: {
      cipher: 'aes-256-gcm',
      kdf: { name: 'scrypt', ...BACKUP_SCRYPT, salt: salt.toString('base64') },
      iv: randomBytes(12).toString('base64'),
      keyCheck,
    },
    key,
  }
}

/** The key of an encrypted backup; refuses a wrong passphrase before any decryption. */
export async function openBackupEncryption(
  passphrase: string,
  encryption: BackupEncryption,
): Promise<Buffer> {
  const { N, r, p, salt } = encryption.kdf
  if (!isPowerOfTwo(N) || 128 * N * r * p > MAX_SCRYPT_MEMORY) {
    throw new BackupError(
      'BACKUP_INVALID',
      `the backup's scrypt parameters (N=${N} r=${r} p=${p}) are outside what this Stratos accepts (the file is damaged or not ours)`,
    )
  }
  const { key, keyCheck } = await deriveKeys(passphrase, Buffer.from(salt, 'base64'), { N, r, p })
  if (!timingSafeEqual(Buffer.from(keyCheck, 'hex'), Buffer.from(encryption.keyCheck, 'hex'))) {
    key.fill(0)
    throw new BackupError('BACKUP_PASSPHRASE', 'the passphrase does not open this backup (wrong passphrase)')
  }
  return key
}

/** scrypt gives 64 bytes: the AES-256 key, then a key whose SHA-256 is stored to recognise the passphrase. */
async function deriveKeys(
  passphrase: string,
  salt: Buffer,
  { N, r, p }: { N: number; r: number; p: number },
): Promise<{ key: Buffer; keyCheck: string }> {
  const derived = await new Promise<Buffer>((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), salt, 64, { N, r, p, maxmem: 2 * 128 * N * r * p }, (error, out) =>
      error ? reject(error) : resolve(out),
    ),
  )
  const key = Buffer.from(derived.subarray(0, 32))
  const keyCheck = createHash('sha256').update(derived.subarray(32)).digest('hex')
  derived.fill(0)
  return { key, keyCheck }
}

function isPowerOfTwo(n: number): boolean {
  return n > 1 && (n & (n - 1)) === 0
}
