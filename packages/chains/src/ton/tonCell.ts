import { sha256 } from '@noble/hashes/sha2.js'
import { ChainsError } from '../ChainsError.js'

/**
 * Just enough of TON cells for the adapter, on Web APIs only (@ton/core needs Node's Buffer):
 * ordinary cells and their representation hash (TON Whitepaper §3.1), a builder and a reader for
 * the TL-B fields of wallet, message and jetton layouts, and single-root bags of cells
 * (`serialized_boc#b5ee9c72`, crypto/tl/boc.tlb). Exotic cells (a library cell holding a jetton
 * wallet's code, say) are read as opaque: their bits and refs are kept, their hash is not needed.
 */
export class TonCell {
  readonly data: Uint8Array
  readonly bitLength: number
  readonly refs: readonly TonCell[]
  readonly exotic: boolean
  #hash: Uint8Array | undefined
  #depth: number | undefined

  constructor(data: Uint8Array, bitLength: number, refs: readonly TonCell[] = [], exotic = false) {
    if (bitLength > 1023 || refs.length > 4) throw cellError('a cell holds at most 1023 bits and 4 refs')
    this.data = data.slice(0, Math.ceil(bitLength / 8))
    this.bitLength = bitLength
    this.refs = refs
    this.exotic = exotic
  }

  /** d1 = refs + 8·exotic (level 0); d2 = ceil(bits/8) + floor(bits/8) (Whitepaper §3.1.4). */
  descriptors(): [number, number] {
    return [
      this.refs.length + (this.exotic ? 8 : 0),
      Math.ceil(this.bitLength / 8) + Math.floor(this.bitLength / 8),
    ]
  }

  /** Data completed with a `1` bit then zeros when the bit length is not a multiple of 8. */
  paddedData(): Uint8Array {
    const out = this.data.slice()
    if (this.bitLength % 8) out[out.length - 1]! |= 0x80 >> (this.bitLength % 8)
    return out
  }

  depth(): number {
    this.#depth ??= this.refs.length === 0 ? 0 : 1 + Math.max(...this.refs.map((r) => r.depth()))
    return this.#depth
  }

  /** Representation hash of an ordinary cell: sha256(d1 d2 data depth(ref)… hash(ref)…). */
  hash(): Uint8Array {
    if (this.#hash) return this.#hash
    if (this.exotic) throw cellError('the hash of an exotic cell is not computed here')
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

  beginParse(): TonSlice {
    return new TonSlice(this)
  }
}

function cellError(why: string): ChainsError {
  return new ChainsError('RPC_ERROR', `TON cell: ${why}`)
}

/** A TON address in its parts: workchain and 32-byte account id. */
export interface TonAddressParts {
  workchain: number
  hash: Uint8Array
}

/** Appends bits and refs, then `.cell()`. */
export class TonBuilder {
  #data = new Uint8Array(128)
  #length = 0
  #refs: TonCell[] = []

  bit(value: boolean | 0 | 1): this {
    if (this.#length >= 1023) throw cellError('more than 1023 bits')
    if (value) this.#data[this.#length >> 3]! |= 0x80 >> (this.#length & 7)
    this.#length++
    return this
  }

  uint(value: number | bigint, bits: number): this {
    const v = BigInt(value)
    if (v < 0n || v >= 1n << BigInt(bits)) throw cellError(`${v} does not fit in ${bits} bits`)
    for (let i = bits - 1; i >= 0; i--) this.bit(((v >> BigInt(i)) & 1n) === 1n)
    return this
  }

  int(value: number | bigint, bits: number): this {
    const v = BigInt(value)
    const half = 1n << BigInt(bits - 1)
    if (v < -half || v >= half) throw cellError(`${v} does not fit in int${bits}`)
    return this.uint(v < 0n ? v + (half << 1n) : v, bits)
  }

  bytes(value: Uint8Array): this {
    for (const byte of value) this.uint(byte, 8)
    return this
  }

  /** `Grams` / `VarUInteger 16`: 4-bit byte length, then the bytes (block.tlb). */
  coins(value: bigint): this {
    if (value < 0n || value >= 1n << 120n) throw cellError('coins out of range')
    let length = 0
    while (value >> BigInt(length * 8) > 0n) length++
    return this.uint(length, 4).uint(value, length * 8)
  }

  /** `addr_std$10 anycast:nothing workchain_id:int8 address:bits256`, or `addr_none$00`. */
  address(address: TonAddressParts | null): this {
    if (!address) return this.uint(0, 2)
    return this.uint(0b10, 2).bit(0).int(address.workchain, 8).bytes(address.hash)
  }

  ref(cell: TonCell): this {
    if (this.#refs.length >= 4) throw cellError('more than 4 refs')
    this.#refs.push(cell)
    return this
  }

  cell(): TonCell {
    return new TonCell(this.#data, this.#length, [...this.#refs])
  }
}

/** Reads a cell's bits and refs in order; reading past the end throws. */
export class TonSlice {
  #cell: TonCell
  #bit = 0
  #ref = 0

  constructor(cell: TonCell) {
    this.#cell = cell
  }

  get remainingBits(): number {
    return this.#cell.bitLength - this.#bit
  }

  get remainingRefs(): number {
    return this.#cell.refs.length - this.#ref
  }

  bit(): boolean {
    if (this.#bit >= this.#cell.bitLength) throw cellError('read past the end of the cell')
    const i = this.#bit++
    return ((this.#cell.data[i >> 3]! >> (7 - (i & 7))) & 1) === 1
  }

  uint(bits: number): bigint {
    let v = 0n
    for (let i = 0; i < bits; i++) v = (v << 1n) | (this.bit() ? 1n : 0n)
    return v
  }

  int(bits: number): bigint {
    const v = this.uint(bits)
    return v >= 1n << BigInt(bits - 1) ? v - (1n << BigInt(bits)) : v
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) out[i] = Number(this.uint(8))
    return out
  }

  coins(): bigint {
    return this.uint(Number(this.uint(4)) * 8)
  }

  /** `MsgAddress`: addr_none gives null; addr_std gives its parts; others are refused. */
  address(): TonAddressParts | null {
    const tag = Number(this.uint(2))
    if (tag === 0) return null
    if (tag !== 0b10 || this.bit()) throw cellError('only addr_std without anycast is read here')
    return { workchain: Number(this.int(8)), hash: this.bytes(32) }
  }

  ref(): TonCell {
    const ref = this.#cell.refs[this.#ref++]
    if (!ref) throw cellError('read past the last ref')
    return ref
  }
}

/** CRC-32C (Castagnoli, reflected 0x82F63B78), the BOC checksum. */
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

/** One root, no index, CRC-32C; each cell once, before the cells it references. */
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

/** Parses a single-root BOC (with or without index and CRC). */
export function parseBoc(boc: Uint8Array): TonCell {
  const fail = (why: string): never => {
    throw new ChainsError('RPC_ERROR', `BOC: ${why}`)
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
  const raw: { data: Uint8Array; bits: number; refs: number[]; exotic: boolean }[] = []
  for (let i = 0; i < count; i++) {
    const [d1, d2] = [read(1), read(1)]
    if (d1 >> 5) fail('cells of a higher level are not supported')
    const length = Math.ceil(d2 / 2)
    if (pos + length > boc.length) fail('truncated')
    const data = boc.slice(pos, pos + length)
    pos += length
    let bits = length * 8
    if (d2 % 2) {
      const last = data[length - 1]!
      if (last === 0) fail('bad cell padding')
      const trailing = 31 - Math.clz32(last & -last)
      bits -= trailing + 1
      data[length - 1] = last & (0xff << (trailing + 1))
    }
    raw.push({ data, bits, refs: Array.from({ length: d1 & 7 }, () => read(size)), exotic: (d1 & 8) !== 0 })
  }
  const built: TonCell[] = new Array(count)
  for (let i = count - 1; i >= 0; i--) {
    const { data, bits, refs, exotic } = raw[i]!
    built[i] = new TonCell(
      data,
      bits,
      refs.map((r) => (r > i && built[r] ? built[r] : fail('references must point forward'))),
      exotic,
    )
  }
  return built[rootIndex] ?? fail('bad root index')
}
