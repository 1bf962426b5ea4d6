import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import type { TonAddressParts } from './tonCell.js'
import { TonBuilder, type TonCell, type TonSlice } from './tonCell.js'

/** TEP-74 opcodes (https://github.com/ton-blockchain/TEPs/blob/master/text/0074-jettons-standard.md). */
export const JETTON_OP = {
  transfer: 0x0f8a7ea5,
  internalTransfer: 0x178d4519,
  transferNotification: 0x7362d09c,
  excesses: 0xd53276db,
} as const

/**
 * TEP-74 `transfer#0f8a7ea5 query_id:uint64 amount:(VarUInteger 16) destination:MsgAddress
 * response_destination:MsgAddress custom_payload:(Maybe ^Cell) forward_ton_amount:(VarUInteger 16)
 * forward_payload:(Either Cell ^Cell)`, with no custom payload and an empty forward payload.
 */
export function jettonTransferBody(args: {
  queryId: bigint
  amount: bigint
  destination: TonAddressParts
  responseDestination: TonAddressParts
  forwardTonAmount: bigint
}): TonCell {
  return new TonBuilder()
    .uint(JETTON_OP.transfer, 32)
    .uint(args.queryId, 64)
    .coins(args.amount)
    .address(args.destination)
    .address(args.responseDestination)
    .bit(0)
    .coins(args.forwardTonAmount)
    .bit(0)
    .cell()
}

/** The first 32 bits of a message body, when it has them. */
export function bodyOp(body: TonCell | undefined): number | undefined {
  if (!body || body.bitLength < 32) return undefined
  return Number(body.beginParse().uint(32))
}

/** Reads `transfer` (destination) or `internal_transfer` (from): op, query_id, amount, address. */
export function readJettonMove(body: TonCell): { op: number; amount: bigint; party: TonAddressParts | null } {
  const s = body.beginParse()
  const op = Number(s.uint(32))
  s.uint(64)
  const amount = s.coins()
  return { op, amount, party: s.address() }
}

/** `hml_short$0 | hml_long$10 | hml_same$11` (block.tlb HmLabel) for a key of `m` bits left. */
function readLabel(s: TonSlice, m: number): string {
  const lenBits = Math.ceil(Math.log2(m + 1))
  if (!s.bit()) {
    let n = 0
    while (s.bit()) n++
    let out = ''
    for (let i = 0; i < n; i++) out += s.bit() ? '1' : '0'
    return out
  }
  if (!s.bit()) {
    const n = Number(s.uint(lenBits))
    let out = ''
    for (let i = 0; i < n; i++) out += s.bit() ? '1' : '0'
    return out
  }
  const v = s.bit() ? '1' : '0'
  return v.repeat(Number(s.uint(lenBits)))
}

/** Walks a `Hashmap n ^Cell` (each leaf a ref), keyed by the bit string of the key. */
function readRefDict(
  root: TonCell,
  n: number,
  out = new Map<string, TonCell>(),
  prefix = '',
): Map<string, TonCell> {
  const s = root.beginParse()
  const label = readLabel(s, n)
  const key = prefix + label
  const left = n - label.length
  if (left === 0) {
    out.set(key, s.ref())
    return out
  }
  readRefDict(s.ref(), left - 1, out, `${key}0`)
  readRefDict(s.ref(), left - 1, out, `${key}1`)
  return out
}

/** Snake text (TEP-64): bytes after a 0x00 prefix, continued in the first ref. */
function snakeText(cell: TonCell): string {
  const chunks: Uint8Array[] = []
  let current: TonCell | undefined = cell
  let first = true
  while (current) {
    const s = current.beginParse()
    if (first && s.remainingBits >= 8 && s.uint(8) !== 0n) return ''
    first = false
    chunks.push(s.bytes(Math.floor(s.remainingBits / 8)))
    current = current.refs[0]
  }
  return new TextDecoder().decode(Uint8Array.from(chunks.flatMap((c) => [...c])))
}

function keyBits(name: string): string {
  return [...sha256(utf8ToBytes(name))].map((b) => b.toString(2).padStart(8, '0')).join('')
}

/**
 * TEP-64 token metadata read from a jetton master's `get_jetton_data` content cell: on-chain
 * (`0x00` + dict of sha256(key) → snake text) gives symbol and decimals; off-chain (`0x01` + URI)
 * names no decimals on chain. Decimals default to 9 when absent (TEP-64 "decimals").
 */
export function readJettonContent(content: TonCell): { symbol?: string; decimals?: number; uri?: string } {
  const s = content.beginParse()
  const layout = Number(s.uint(8))
  if (layout === 0x01) return { uri: new TextDecoder().decode(s.bytes(Math.floor(s.remainingBits / 8))) }
  if (layout !== 0x00 || !s.bit()) return {}
  const dict = readRefDict(s.ref(), 256)
  const get = (name: string) => {
    const cell = dict.get(keyBits(name))
    return cell ? snakeText(cell) : undefined
  }
  const decimals = get('decimals')
  const symbol = get('symbol')
  const uri = get('uri')
  return {
    ...(symbol !== undefined && { symbol }),
    ...(decimals !== undefined && /^\d{1,3}$/.test(decimals) && { decimals: Number(decimals) }),
    ...(uri !== undefined && { uri }),
  }
}
