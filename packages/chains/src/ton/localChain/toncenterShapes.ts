import {
  type Address,
  beginCell,
  type Cell,
  type Message,
  storeMessage,
  storeStateInit,
  type TupleItem,
} from '@ton/core'
import type { BlockchainTransaction } from '@ton/sandbox'

/**
 * toncenter v2 JSON shapes built from sandbox objects, as toncenter renders them: addresses in
 * user-friendly bounceable url-safe form without the test-only flag, amounts as decimal strings,
 * hashes as standard base64, cells as BOCs with CRC-32C (`te6cck…`). Checked against recorded real
 * responses in `fixtures/` by `toncenterShapes.test.ts`.
 */

export const friendly = (a: Address) => a.toString({ bounceable: true, urlSafe: true, testOnly: false })

const b64 = (buffer: Buffer) => buffer.toString('base64')
const boc = (cell: Cell) => b64(cell.toBoc({ idx: false, crc32: true }))

export const ZERO_HASH = b64(Buffer.alloc(32))

/** Maps the hash of a message cell as the emulator holds it to the hash the network reports. */
export type MessageHash = (cell: Cell) => Buffer

/** `raw.message`; `cell` is the message as it travelled, for its hash. */
export function rawMessage(message: Message, cell: Cell, hashOf: MessageHash = (c) => c.hash()) {
  const info = message.info
  const source = info.type === 'external-in' ? '' : friendly(info.src)
  const destination = info.type === 'external-out' ? '' : friendly(info.dest)
  return {
    '@type': 'raw.message',
    hash: b64(hashOf(cell)),
    source,
    destination,
    value: info.type === 'internal' ? info.value.coins.toString() : '0',
    extra_currencies: [],
    fwd_fee: info.type === 'internal' ? info.forwardFee.toString() : '0',
    ihr_fee: info.type === 'internal' ? info.ihrFee.toString() : '0',
    created_lt: info.type === 'external-in' ? '0' : info.createdLt.toString(),
    body_hash: b64(message.body.hash()),
    ...messageData(message),
  }
}

/**
 * A text comment (op 0 then UTF-8, no refs) is rendered as toncenter does, `msg.dataText` with the
 * text in base64 and `message` the text; any other body as `msg.dataRaw` with its BOC.
 */
function messageData(message: Message) {
  const body = message.body
  if (!message.init && body.refs.length === 0 && body.bits.length >= 32 && body.bits.length % 8 === 0) {
    const s = body.beginParse()
    if (s.loadUint(32) === 0) {
      const bytes = s.loadBuffer(s.remainingBits / 8)
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
        return { msg_data: { '@type': 'msg.dataText', text: b64(bytes) }, message: text }
      } catch {
        // Not UTF-8: falls through to the raw form.
      }
    }
  }
  return {
    msg_data: {
      '@type': 'msg.dataRaw',
      body: boc(body),
      init_state: message.init ? boc(beginCell().store(storeStateInit(message.init)).endCell()) : '',
    },
    message: b64(cellBytes(body)),
  }
}

/** The in-message cell exactly as it sits in the transaction (`^[ in_msg:(Maybe ^Message) … ]`). */
function inMessageCell(tx: BlockchainTransaction): Cell | undefined {
  const messages = tx.raw.refs[0]
  if (!messages) return undefined
  return messages.beginParse().loadBit() ? messages.refs[0] : undefined
}

export type ToncenterTransactionJson = ReturnType<typeof rawTransaction>

/** `raw.transaction`. */
export function rawTransaction(tx: BlockchainTransaction, account: Address, hashOf?: MessageHash) {
  const fee = tx.totalFees.coins
  const storage =
    tx.description.type === 'generic' ? (tx.description.storagePhase?.storageFeesCollected ?? 0n) : 0n
  const inCell = inMessageCell(tx)
  return {
    '@type': 'raw.transaction',
    address: { '@type': 'accountAddress', account_address: friendly(account) },
    utime: tx.now,
    data: boc(tx.raw),
    transaction_id: { '@type': 'internal.transactionId', lt: tx.lt.toString(), hash: b64(tx.hash()) },
    fee: fee.toString(),
    storage_fee: storage.toString(),
    other_fee: (fee - storage).toString(),
    ...(tx.inMessage && inCell && { in_msg: rawMessage(tx.inMessage, inCell, hashOf) }),
    out_msgs: tx.outMessages.values().map((m) => rawMessage(m, beginCell().store(storeMessage(m)).endCell())),
  }
}

/** toncenter's legacy stack rendering: numbers as `["num", "0x…"]`, cells and slices as `["cell", {…}]`. */
export function renderStack(items: TupleItem[]): [string, unknown][] {
  return items.map((item): [string, unknown] => {
    switch (item.type) {
      case 'int':
        return ['num', item.value < 0n ? `-0x${(-item.value).toString(16)}` : `0x${item.value.toString(16)}`]
      case 'cell':
      case 'slice':
      case 'builder':
        return ['cell', { bytes: boc(item.cell), object: cellObject(item.cell) }]
      case 'null':
        return ['null', null]
      case 'tuple':
        return ['tuple', { '@type': 'tvm.tuple', elements: renderStack(item.items) }]
      default:
        return ['unsupported', null]
    }
  })
}

interface CellObject {
  data: { b64: string; len: number }
  refs: CellObject[]
  special: boolean
}

/** A cell's data bits as bytes, the last one zero-padded. */
function cellBytes(cell: Cell): Buffer {
  const bytes = Buffer.alloc(Math.ceil(cell.bits.length / 8))
  const s = cell.beginParse(true)
  for (let i = 0; i < cell.bits.length; i++) if (s.loadBit()) bytes[i >> 3]! |= 0x80 >> (i & 7)
  return bytes
}

function cellObject(cell: Cell): CellObject {
  return {
    data: { b64: b64(cellBytes(cell)), len: cell.bits.length },
    refs: cell.refs.map(cellObject),
    special: cell.isExotic,
  }
}
