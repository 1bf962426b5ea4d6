import { createCipheriv, createDecipheriv, createHash, type DecipherGCM } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { pipeline } from 'node:stream/promises'
import { BackupError } from './BackupError.js'
import { type BackupHeader, type BackupManifest, encodeBackupHeader, GCM_TAG_BYTES } from './backupFormat.js'

/** SHA-256 (hex) and length of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; length: number }> {
  const hash = createHash('sha256')
  let length = 0
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    hash.update(chunk)
    length += chunk.length
  }
  return { sha256: hash.digest('hex'), length }
}

/**
 * Writes a backup file: header, manifest, then the image streamed (through AES-256-GCM with the
 * manifest as additional data when `key` is given, the tag last). Creates `file` (mode 0600); fails
 * if it exists. Returns the SHA-256 of the whole file.
 */
export async function writeBackupFile(
  file: string,
  manifest: BackupManifest,
  image: string,
  key: Buffer | undefined,
): Promise<{ sha256: string; size: number }> {
  const { header, manifestBytes } = encodeBackupHeader(manifest)
  const fileHash = createHash('sha256')
  let size = 0
  const cipher =
    key && manifest.encryption
      ? createCipheriv('aes-256-gcm', key, Buffer.from(manifest.encryption.iv, 'base64')).setAAD(
          manifestBytes,
        )
      : undefined
  async function* contents(source: AsyncIterable<Buffer>) {
    const out = (chunk: Buffer) => {
      fileHash.update(chunk)
      size += chunk.length
      return chunk
    }
    yield out(header)
    for await (const chunk of source) yield out(cipher ? cipher.update(chunk) : chunk)
    if (cipher) {
      yield out(cipher.final())
      yield out(cipher.getAuthTag())
    }
  }
  await pipeline(createReadStream(image), contents, createWriteStream(file, { flags: 'wx', mode: 0o600 }))
  await syncFile(file)
  return { sha256: fileHash.digest('hex'), size }
}

/**
 * Writes the payload of a backup file to `dest` (created, mode 0600) as the database image it
 * holds, and proves it is the image the backup was made of: the GCM tag when encrypted (which also
 * covers the manifest), then the image's length and SHA-256 against the manifest.
 */
export async function extractPayload(
  file: string,
  header: BackupHeader,
  key: Buffer | undefined,
  dest: string,
): Promise<void> {
  const { manifest, manifestBytes, payloadOffset } = header
  const { length } = manifest.payload
  let decipher: DecipherGCM | undefined
  if (manifest.encryption) {
    if (!key) throw new Error('extractPayload: an encrypted payload needs its key')
    const tag = Buffer.alloc(GCM_TAG_BYTES)
    const source = await open(file, 'r')
    try {
      await source.read(tag, 0, GCM_TAG_BYTES, payloadOffset + length)
    } finally {
      await source.close()
    }
    decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(manifest.encryption.iv, 'base64'))
    decipher.setAAD(manifestBytes).setAuthTag(tag)
  }
  const imageHash = createHash('sha256')
  let written = 0
  async function* image(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      const plain = decipher ? decipher.update(chunk) : chunk
      imageHash.update(plain)
      written += plain.length
      yield plain
    }
    if (decipher) {
      let last: Buffer
      try {
        last = decipher.final()
      } catch (cause) {
        throw new BackupError(
          'BACKUP_INVALID',
          `${file} is damaged or was altered: its encrypted payload or its manifest does not authenticate (AES-GCM)`,
          { cause },
        )
      }
      imageHash.update(last)
      written += last.length
      yield last
    }
  }
  await pipeline(
    createReadStream(file, { start: payloadOffset, end: payloadOffset + length - 1 }),
    image,
    createWriteStream(dest, { flags: 'wx', mode: 0o600 }),
  )
  await syncFile(dest)
  if (written !== length || imageHash.digest('hex') !== manifest.payload.sha256) {
    throw new BackupError(
      'BACKUP_INVALID',
      `${file} is damaged: the database it holds does not match the checksum in its manifest (SHA-256)`,
    )
  }
}

/** Flushes a written file to disk before it is renamed into place. */
async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Makes a rename or link in a folder durable. */
export async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
