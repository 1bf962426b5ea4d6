import { createHash } from 'node:crypto'
import { BinaryReader, WireType } from '@protobuf-ts/runtime'
import yauzl from 'yauzl'
import { CantonError } from '../CantonError.js'

export interface DarPackage {
  packageId: string
  name: string
  version: string
  dalf: Uint8Array
}

export interface ReadDarReturnType {
  /** sha256 (hex) of the DAR bytes. */
  hash: string
  mainPackageId: string
  packages: DarPackage[]
}

const MAX_ENTRY_BYTES = 256 * 1024 * 1024

function invalid(message: string, cause?: unknown): never {
  throw new CantonError('INVALID_DAR', `Dar file is corrupt: ${message}`, { cause })
}

function readEntries(bytes: Uint8Array): Promise<Map<string, Uint8Array>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'))
      const entries = new Map<string, Uint8Array>()
      zip.on('error', reject)
      zip.on('end', () => resolve(entries))
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry()
        if (entry.uncompressedSize > MAX_ENTRY_BYTES)
          return reject(new Error(`${entry.fileName} is too large`))
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('no stream'))
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('error', reject)
          stream.on('end', () => {
            entries.set(entry.fileName, new Uint8Array(Buffer.concat(chunks)))
            zip.readEntry()
          })
        })
      })
      zip.readEntry()
    })
  })
}

/** Parses a JAR manifest (`Key: value` lines, continuation lines start with a space). */
export function parseManifest(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  let last: string | undefined
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ') && last) out[last] += line.slice(1)
    else {
      const i = line.indexOf(':')
      if (i > 0) {
        last = line.slice(0, i).trim()
        out[last] = line.slice(i + 1).trim()
      }
    }
  }
  return out
}

/**
 * The package id of a .dalf: the `hash` of its Daml-LF `Archive` message (field 4) when it parses
 * as one, else the hash suffix of the file name (`name-version-<64 hex>.dalf`), else sha256 of
 * the bytes.
 */
function packageIdOf(fileName: string, dalf: Uint8Array): string {
  try {
    const reader = new BinaryReader(dalf)
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag()
      if (no === 4 && wireType === WireType.LengthDelimited) {
        const hash = reader.string()
        if (/^[0-9a-f]{64}$/.test(hash)) return hash
      } else reader.skip(wireType)
    }
  } catch {
    // not an Archive message: fall through
  }
  const suffix = /-([0-9a-f]{64})\.dalf$/.exec(fileName)?.[1]
  return suffix ?? createHash('sha256').update(dalf).digest('hex')
}

function nameAndVersion(fileName: string): { name: string; version: string } {
  const base = fileName
    .split('/')
    .pop()!
    .replace(/\.dalf$/, '')
    .replace(/-[0-9a-f]{64}$/, '')
  const m = /^(.*)-(\d[\w.]*)$/.exec(base)
  return m ? { name: m[1]!, version: m[2]! } : { name: base, version: '0.0.0' }
}

/**
 * Reads a DAR (a zip with META-INF/MANIFEST.MF naming the Main-Dalf, plus .dalf packages) and
 * returns its packages with ids, names and versions. Anything that is not such a zip is
 * INVALID_DAR (HTTP 400).
 */
export async function readDar(bytes: Uint8Array): Promise<ReadDarReturnType> {
  if (bytes.length === 0) invalid('the request body is empty')
  let entries: Map<string, Uint8Array>
  try {
    entries = await readEntries(bytes)
  } catch (cause) {
    invalid('not a zip archive', cause)
  }
  const manifestBytes = entries.get('META-INF/MANIFEST.MF')
  if (!manifestBytes) invalid('META-INF/MANIFEST.MF is missing')
  const manifest = parseManifest(Buffer.from(manifestBytes).toString('utf8'))
  const mainDalf = manifest['Main-Dalf']
  if (!mainDalf) invalid('the manifest has no Main-Dalf')
  const main = entries.get(mainDalf)
  if (!main) invalid(`the Main-Dalf ${mainDalf} is not in the archive`)
  const packages: DarPackage[] = []
  let mainPackageId = ''
  for (const [fileName, dalf] of entries) {
    if (!fileName.endsWith('.dalf')) continue
    const packageId = packageIdOf(fileName, dalf)
    const nv = nameAndVersion(fileName)
    const isMain = fileName === mainDalf
    if (isMain) mainPackageId = packageId
    packages.push({
      packageId,
      name: isMain && manifest.Name ? manifest.Name : nv.name,
      version: nv.version,
      dalf,
    })
  }
  return { hash: createHash('sha256').update(bytes).digest('hex'), mainPackageId, packages }
}
