import { sha256 } from '@noble/hashes/sha2.js'
import { KeysError } from '../KeysError.js'

/**
 * A minimal TON cell: ordinary (non-exotic, level 0) cells, their representation hash, and bag-of-
 * cells (BOC) serialization — enough to compute wallet addresses and build a signed transfer without
 * pulling @ton/core (which needs Node's Buffer in the browser). Spec: TON Whitepaper §3.1 (cells,
 * hashes) and `crypto/tl/boc.tlb` (`serialized_boc#b5ee9c72`). Cross-checked against @ton/core in tests.
 */
export class TonCell {
  /** Data bits, packed big-endian; bits past `bitLength` are zero. */
  readonly data: Uint8Array
  readonly bitLength: number
  readonly refs: readonly TonCell[]
  #hash: Uint8Array | undefined
  #depth: number | undefined

  constructor(data: Uint8Array, bitLength: number, refs: readonly TonCell[] = []) {
    if (bitLength > 1023 || refs.length > 4) throw new KeysError('INVALID_ARGUMENT', 'TON cell overflow')
    this.data = data.slice(0, Math.ceil(bitLength / 8))
    this.bitLength = bitLength
    this.refs = refs
  }

  /** d1 = refs count (ordinary cell, level 0); d2 = ceil(bits/8) + floor(bits/8) (Whitepaper §3.1.4). */
  descriptors(): [number, number] {
    return [this.refs.length, Math.ceil(this.bitLength / 8) + Math.floor(this.bitLength / 8)]
  }

  /** Data completed with the `1` tag bit then zeros when the bit length is not a multiple of 8. */
  paddedData(): Uint8Array {
    const out = this.data.slice()
    if (this.bitLength % 8) out[out.length - 1]! |= 0x80 >> (this.bitLength % 8)
    return out
  }

  depth(): number {
    this.#depth ??= this.refs.length === 0 ? 0 : 1 + Math.max(...this.refs.map((r) => r.depth()))
    return this.#depth
  }

  /** Representation hash: sha256(d1 d2 data depth(ref_i)… hash(ref_i)…) (Whitepaper §3.1.5). */
  hash(): Uint8Array {
    if (this.#hash) return this.#hash
    const data = this.paddedData()
    const repr = new Uint8Array(2 + data.length + this.refs.length * 34)
    repr.set(this.descriptors(), 0)
    repr.set(data, 2)
    let offset = 2 + data.length
    for (const ref of this.refs) {
      repr[offset++] = ref.depth() >> 8
      repr[offset++] = ref.depth() & 0xff
    }
    for (const ref of this.refs) {
      repr.set(ref.hash(), offset)
      offset += 32
    }
    this.#hash = sha256(repr)
    return this.#hash
  }
}

/** Appends bits and references, then `.cell()`; the TL-B field helpers used by the wallet code. */
export class TonBuilder {
  #data = new Uint8Array(128)
  #length = 0
  #refs: TonCell[] = []

  bit(value: boolean | 0 | 1): this {
    if (this.#length >= 1023)
      throw new KeysError('INVALID_ARGUMENT', 'TON cell overflow: more than 1023 bits')
    if (value) this.#data[this.#length >> 3]! |= 0x80 >> (this.#length & 7)
    this.#length++
    return this
  }

  /** Unsigned big-endian integer of `bits` bits. */
  uint(value: number | bigint, bits: number): this {
    const v = BigInt(value)
    if (v < 0n || v >= 1n << BigInt(bits))
      throw new KeysError('INVALID_ARGUMENT', `value ${v} does not fit in ${bits} bits`)
    for (let i = bits - 1; i >= 0; i--) this.bit(((v >> BigInt(i)) & 1n) === 1n)
    return this
  }

  /** Two's complement signed integer of `bits` bits. */
  int(value: number | bigint, bits: number): this {
    const v = BigInt(value)
    const half = 1n << BigInt(bits - 1)
    if (v < -half || v >= half)
      throw new KeysError('INVALID_ARGUMENT', `value ${v} does not fit in int${bits}`)
    return this.uint(v < 0n ? v + (half << 1n) : v, bits)
  }

  bytes(value: Uint8Array): this {
    for (const byte of value) this.uint(byte, 8)
    return this
  }

  /** `Grams` / `VarUInteger 16`: 4-bit byte length, then that many bytes (block.tlb). */
  coins(value: bigint): this {
    if (value < 0n || value >= 1n << 120n) throw new KeysError('INVALID_ARGUMENT', 'coins: out of range')
    let length = 0
    while (value >> BigInt(length * 8) > 0n) length++
    return this.uint(length, 4).uint(value, length * 8)
  }

  /** `addr_std$10 anycast:(Maybe Anycast) workchain_id:int8 address:bits256` (block.tlb). */
  address(workchain: number, hash: Uint8Array): this {
    return this.uint(0b10, 2).bit(0).int(workchain, 8).bytes(hash)
  }

  ref(cell: TonCell): this {
    if (this.#refs.length >= 4)
      throw new KeysError('INVALID_ARGUMENT', 'TON cell overflow: more than 4 references')
    this.#refs.push(cell)
    return this
  }

  /** Copies the bits and references of `cell` into this builder. */
  append(cell: TonCell): this {
    for (let i = 0; i < cell.bitLength; i++) this.bit(((cell.data[i >> 3]! >> (7 - (i & 7))) & 1) as 0 | 1)
    for (const ref of cell.refs) this.ref(ref)
    return this
  }

  cell(): TonCell {
    return new TonCell(this.#data, this.#length, [...this.#refs])
  }
}

/** CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the BOC checksum. */
function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

function byteWidth(n: number): number {
  let width = 1
  while (n >= 2 ** (8 * width)) width++
  return width
}

function writeUint(out: number[], value: number, width: number): void {
  for (let i = width - 1; i >= 0; i--) out.push(Math.floor(value / 2 ** (8 * i)) & 0xff)
}

/**
 * Serializes `root` as a BOC with one root, no index, and a CRC-32C (`serialized_boc#b5ee9c72`,
 * flags has_crc32c). Identical cells are stored once; every cell precedes the cells it references.
 */
export function serializeBoc(root: TonCell): Uint8Array {
  const order: TonCell[] = []
  const seen = new Map<string, number>()
  const visit = (cell: TonCell) => {
    const key = cell.hash().join()
    if (seen.has(key)) return
    seen.set(key, -1)
    for (const ref of cell.refs) visit(ref)
    order.push(cell)
  }
  visit(root)
  order.reverse()
  for (const [i, cell] of order.entries()) seen.set(cell.hash().join(), i)
  const size = byteWidth(order.length)
  const cells: number[] = []
  for (const cell of order) {
    cells.push(...cell.descriptors(), ...cell.paddedData())
    for (const ref of cell.refs) writeUint(cells, seen.get(ref.hash().join())!, size)
  }
  const offBytes = byteWidth(cells.length)
  const out: number[] = [0xb5, 0xee, 0x9c, 0x72, 0x40 | size, offBytes]
  writeUint(out, order.length, size)
  writeUint(out, 1, size)
  writeUint(out, 0, size)
  writeUint(out, cells.length, offBytes)
  writeUint(out, 0, size)
  out.push(...cells)
  const crc = crc32c(Uint8Array.from(out))
  out.push(crc & 0xff, (crc >>> 8) & 0xff, (crc >>> 16) & 0xff, crc >>> 24)
  return Uint8Array.from(out)
}

/** Parses a single-root BOC of ordinary cells (used for the wallet contract code constants). */
export function parseBoc(boc: Uint8Array): TonCell {
  const fail = (why: string): never => {
    throw new KeysError('INVALID_ARGUMENT', `BOC: ${why}`)
  }
  let pos = 0
  const read = (width: number) => {
    if (pos + width > boc.length) fail('truncated')
    let v = 0
    for (let i = 0; i < width; i++) v = v * 256 + boc[pos++]!
    return v
  }
  if (read(4) !== 0xb5ee9c72) fail('bad magic')
  const flags = read(1)
  const size = flags & 7
  const offBytes = read(1)
  const count = read(size)
  const roots = read(size)
  read(size)
  read(offBytes)
  if (roots !== 1) fail('expected exactly one root')
  const rootIndex = read(size)
  if (flags & 0x80) pos += count * offBytes
  const raw: { data: Uint8Array; bits: number; refs: number[] }[] = []
  for (let i = 0; i < count; i++) {
    const [d1, d2] = [read(1), read(1)]
    if (d1 & 8 || d1 >> 5) fail('exotic and higher-level cells are not supported')
    const length = Math.ceil(d2 / 2)
    const data = boc.slice(pos, pos + length)
    pos += length
    let bits = length * 8
    if (d2 % 2) {
      // Strip the completion tag: the last 1 bit and the zeros after it.
      const last = data[length - 1]!
      if (last === 0) fail('bad cell padding')
      const trailing = 31 - Math.clz32(last & -last)
      bits -= trailing + 1
      data[length - 1] = last & (0xff << (trailing + 1))
    }
    raw.push({ data, bits, refs: Array.from({ length: d1 & 7 }, () => read(size)) })
  }
  const built: TonCell[] = new Array(count)
  for (let i = count - 1; i >= 0; i--) {
    const { data, bits, refs } = raw[i]!
    built[i] = new TonCell(
      data,
      bits,
      refs.map((r) => (r > i && built[r] ? built[r] : fail('references must point forward'))),
    )
  }
  return built[rootIndex] ?? fail('bad root index')
}
