import {
  type Address,
  getAddress,
  type Hash,
  type Hex,
  hexToBigInt,
  numberToHex,
  pad,
  toEventSelector,
} from 'viem'
import type { HistoryItem, HistoryPage, TokenRef } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { type EvmRpc, rpcRefusal } from './createEvmRpc.js'
import type { NativeHistorySource, NativeTransaction } from './nativeHistorySource.js'

/**
 * How providers say an `eth_getLogs` range is too large: Alchemy ("up to a 10 block range"),
 * Infura ("query returned more than 10000 results"), QuickNode ("limited to a 10,000 range"),
 * geth-style nodes ("exceed maximum block range").
 */
const RANGE_TOO_LARGE = /block range|range (is )?too (large|wide)|limited to|more than \d+ results|exceed/i

/** `Transfer(address indexed from, address indexed to, uint256 value)`, ERC-20. */
const TRANSFER_TOPIC = toEventSelector('Transfer(address,address,uint256)')

export interface GetEvmHistoryParameters {
  rpc: EvmRpc
  address: Address
  tokens: readonly TokenRef[]
  cursor?: string | undefined
  limit: number
  /** Where native transfers come from. */
  native: NativeHistorySource
  /**
   * Blocks per `eth_getLogs` call. Providers cap the range (often 1 000 to 10 000 blocks, some
   * free plans 10): when the node refuses a range as too large, it is halved, here and for later
   * pages (the object is the adapter's).
   */
  logRange: { blocks: bigint }
  /** Most `eth_getLogs` ranges scanned for one page. */
  maxLogRanges: number
}

interface Sortable {
  item: HistoryItem
  block: bigint
  index: number
  logIndex: number
}

interface RpcLog {
  address: Address
  topics: Hex[]
  data: Hex
  blockNumber: Hex
  transactionHash: Hash
  transactionIndex: Hex
  logIndex: Hex
  blockTimestamp?: Hex
}

/**
 * One page of history, newest first: native transfers from `native`, ERC-20 transfers of
 * `tokens` from `Transfer` logs with the address as sender or recipient.
 *
 * The cursor is the highest block the next page covers. A page covers a block window
 * `[floor, cursor]`: the native source's page bounds it from below (its oldest block, unless that
 * block may be cut off), and so does the log scan (`maxLogRanges` ranges of `logRange`
 * blocks, or fewer once `limit` token transfers are found). The page holds everything in the
 * window, cut after `limit` items at a block boundary; so a block is never split across pages,
 * and a page may be empty while older blocks remain (`nextCursor` says so).
 */
export async function getEvmHistory(parameters: GetEvmHistoryParameters): Promise<HistoryPage> {
  const { rpc, address, tokens, limit, native } = parameters
  const head =
    parameters.cursor === undefined
      ? hexToBigInt(await rpc.request<Hex>('eth_blockNumber', [], 'read the latest block'))
      : parseCursor(parameters.cursor)

  let floor = 0n
  let nativeTransactions: NativeTransaction[] = []
  const page = await native(address, head, limit)
  const unavailable = page ? {} : ({ nativeHistoryUnavailable: true } as const)
  if (!page && tokens.length === 0) return { items: [], ...unavailable }
  if (page) {
    nativeTransactions = page.transactions.filter((tx) => tx.block <= head)
    const oldest = nativeTransactions.at(-1)?.block
    if (!page.complete && oldest !== undefined) {
      // The source may have stopped in the middle of its oldest block: leave that block to the
      // next page, unless it is the only one (then the page could never move past it).
      floor = nativeTransactions.some((tx) => tx.block > oldest) ? oldest + 1n : oldest
    }
  }

  const logs: RpcLog[] = []
  if (tokens.length > 0) {
    let to = head
    let ranges = 0
    for (;;) {
      const from = max(floor, to - parameters.logRange.blocks + 1n)
      const found = await transferLogs(rpc, address, tokens, from, to).catch((error: unknown) => {
        const refusal = rpcRefusal(error)
        if (!refusal || to === from || !RANGE_TOO_LARGE.test(refusal.message)) throw error
        parameters.logRange.blocks = (to - from + 1n) / 2n
        return undefined
      })
      // Refused as too large: the same blocks again, in the halved range.
      if (!found) continue
      logs.push(...found)
      ranges++
      if (from <= floor) break
      if (ranges >= parameters.maxLogRanges || logs.length >= limit) {
        floor = from
        break
      }
      to = from - 1n
    }
  }

  const rows: Sortable[] = []
  const tokenTxs = new Set<Hash>()
  for (const log of dedupe(logs)) {
    const row = tokenRow(log, address, tokens)
    if (row) {
      rows.push(row)
      tokenTxs.add(log.transactionHash)
    }
  }
  const feeOf = new Map<Hash, bigint>()
  for (const tx of nativeTransactions) {
    if (tx.block < floor) continue
    if (tx.fee !== undefined && tx.from === address) feeOf.set(tx.hash, tx.fee)
    // A contract call that moved no coin is shown through what it moved (a token transfer) when
    // that is listed; otherwise as what it cost: an outgoing zero with its fee.
    if (tx.value === 0n && (tx.from !== address || tokenTxs.has(tx.hash))) continue
    rows.push(nativeRow(tx, address))
  }
  rows.sort((a, b) =>
    a.block === b.block ? b.index - a.index || b.logIndex - a.logIndex : a.block > b.block ? -1 : 1,
  )

  let kept = rows
  let nextFloor = floor
  const last = rows[limit - 1]
  if (rows.length > limit && last) {
    kept = rows.filter((row) => row.block >= last.block)
    nextFloor = last.block
  }
  await completeRows(rpc, address, kept, feeOf)
  return {
    items: kept.map((row) => row.item),
    ...(nextFloor > 0n ? { nextCursor: (nextFloor - 1n).toString() } : {}),
    ...unavailable,
  }
}

function parseCursor(cursor: string): bigint {
  if (!/^\d{1,20}$/.test(cursor)) {
    throw new ChainsError('INVALID_CURSOR', 'The history cursor is not one this adapter returned.', {
      details: cursor.slice(0, 40),
    })
  }
  return BigInt(cursor)
}

const max = (a: bigint, b: bigint) => (a > b ? a : b)

/** `Transfer` logs of `tokens` sent from and to `address` in `[from, to]`: two filters, one batch. */
async function transferLogs(
  rpc: EvmRpc,
  address: Address,
  tokens: readonly TokenRef[],
  from: bigint,
  to: bigint,
): Promise<RpcLog[]> {
  const topic = pad(address.toLowerCase() as Hex)
  const filter = (topics: (Hex | null)[]) => ({
    address: tokens.map((t) => t.address),
    fromBlock: numberToHex(from),
    toBlock: numberToHex(to),
    topics,
  })
  const [sent, received] = await Promise.all([
    rpc.request<RpcLog[]>('eth_getLogs', [filter([TRANSFER_TOPIC, topic])], 'read token transfers'),
    rpc.request<RpcLog[]>('eth_getLogs', [filter([TRANSFER_TOPIC, null, topic])], 'read token transfers'),
  ])
  return [...sent, ...received]
}

/** A transfer to oneself matches both filters. */
function dedupe(logs: RpcLog[]): RpcLog[] {
  const seen = new Set<string>()
  return logs.filter((log) => {
    const key = `${log.transactionHash}:${log.logIndex}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function tokenRow(log: RpcLog, address: Address, tokens: readonly TokenRef[]): Sortable | undefined {
  const [, fromTopic, toTopic] = log.topics
  // ERC-721 shares the event signature with a fourth (indexed token id) topic.
  if (log.topics.length !== 3 || !fromTopic || !toTopic) return undefined
  const token = tokens.find((t) => t.address.toLowerCase() === log.address.toLowerCase())
  if (!token) return undefined
  const from = getAddress(`0x${fromTopic.slice(26)}`)
  const to = getAddress(`0x${toTopic.slice(26)}`)
  const direction = from === address ? (to === address ? 'self' : 'out') : 'in'
  return {
    item: {
      txId: log.transactionHash,
      direction,
      token: token.address,
      amount: hexToBigInt(log.data),
      counterparty: direction === 'in' ? from : to,
      ...(log.blockTimestamp ? { time: Number(log.blockTimestamp) } : {}),
      state: 'confirmed',
    },
    block: hexToBigInt(log.blockNumber),
    index: Number(log.transactionIndex),
    logIndex: Number(log.logIndex),
  }
}

function nativeRow(tx: NativeTransaction, address: Address): Sortable {
  const direction = tx.from === address ? (tx.to === address ? 'self' : 'out') : 'in'
  const counterparty = direction === 'in' ? tx.from : tx.to
  return {
    item: {
      txId: tx.hash,
      direction,
      amount: tx.value,
      ...(counterparty ? { counterparty } : {}),
      ...(tx.fee !== undefined && direction !== 'in' ? { fee: tx.fee } : {}),
      ...(tx.time !== undefined ? { time: tx.time } : {}),
      state: tx.failed ? 'failed' : 'confirmed',
    },
    block: tx.block,
    index: tx.index,
    logIndex: -1,
  }
}

/**
 * Fills in what logs do not carry: the fee of transfers this account sent (from the native
 * source when it listed the transaction, else its receipt) and the block time (when the node
 * gives no `blockTimestamp` in logs). One batch.
 */
async function completeRows(
  rpc: EvmRpc,
  address: Address,
  rows: Sortable[],
  feeOf: Map<Hash, bigint>,
): Promise<void> {
  const needFee = [
    ...new Set(
      rows
        .filter((r) => r.item.token && r.item.direction !== 'in' && !feeOf.has(r.item.txId as Hash))
        .map((r) => r.item.txId as Hash),
    ),
  ]
  const needTime = [...new Set(rows.filter((r) => r.item.time === undefined).map((r) => r.block))]
  const [receipts, blocks] = await Promise.all([
    Promise.all(
      needFee.map((hash) =>
        rpc.request<{ gasUsed: Hex; effectiveGasPrice: Hex; from: Hex } | null>(
          'eth_getTransactionReceipt',
          [hash],
          'read a transaction receipt',
        ),
      ),
    ),
    Promise.all(
      needTime.map((block) =>
        rpc.request<{ timestamp: Hex } | null>(
          'eth_getBlockByNumber',
          [numberToHex(block), false],
          'read a block',
        ),
      ),
    ),
  ])
  needFee.forEach((hash, i) => {
    const receipt = receipts[i]
    // A token transfer out of this account in a transaction someone else sent (a `transferFrom`
    // by a spender): that sender paid the fee.
    if (receipt && getAddress(receipt.from) === address) {
      feeOf.set(hash, hexToBigInt(receipt.gasUsed) * hexToBigInt(receipt.effectiveGasPrice))
    }
  })
  const timeOf = new Map(needTime.map((block, i) => [block, blocks[i]?.timestamp]))
  for (const row of rows) {
    const fee = feeOf.get(row.item.txId as Hash)
    if (row.item.token && row.item.direction !== 'in' && fee !== undefined) row.item.fee = fee
    const time = timeOf.get(row.block)
    if (row.item.time === undefined && time) row.item.time = Number(time)
  }
}
