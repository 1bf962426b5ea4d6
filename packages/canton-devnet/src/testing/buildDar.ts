import { deflateRawSync } from 'node:zlib'

/** CRC-32 (IEEE) for zip entries. */
function crc32(bytes: Uint8Array): number {
  let c = ~0
  for (const b of bytes) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

/** Builds a zip (deflate) with the given files: enough of a DAR for upload tests. */
export function buildZip(files: Record<string, Uint8Array | string>): Uint8Array {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const [name, content] of Object.entries(files)) {
    const data = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content)
    const compressed = deflateRawSync(data)
    const nameBytes = Buffer.from(name)
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, compressed)
    centrals.push(central, nameBytes)
    offset += 30 + nameBytes.length + compressed.length
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(centrals.length / 2, 8)
  end.writeUInt16LE(centrals.length / 2, 10)
  end.writeUInt32LE(centralSize, 12)
  end.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]))
}

/** A small DAR: META-INF/MANIFEST.MF naming a main .dalf whose file name carries its package id. */
export function buildTestDar(name: string, version: string, packageId: string): Uint8Array {
  const dalf = `${name}-${version}-${packageId}/${name}-${version}-${packageId}.dalf`
  return buildZip({
    'META-INF/MANIFEST.MF': `Manifest-Version: 1.0\r\nCreated-By: damlc\r\nName: ${name}\r\nSdk-Version: 3.3.0\r\nMain-Dalf: ${dalf.slice(0, 40)}\r\n ${dalf.slice(40)}\r\nDalfs: ${dalf}\r\nFormat: daml-lf\r\nEncryption: non-encrypted\r\n`,
    [dalf]: new Uint8Array([1, 2, 3, 4, 5]),
  })
}
