import type { HistoryItem, HistoryOptions, HistoryPage } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { normalizeTronAddress } from './tronAddress.js'
import type { TronHttp } from './tronHttp.js'

/** TronGrid's largest page. */
const MAX_PAGE = 200

interface RawEntry {
  /** Block time, ms. */
  ts: number
  /** Unique within the account's history. */
  key: string
  /** Absent when the entry is not a movement this history shows (another contract type, another token). */
  item?: HistoryItem
  /** Native entries: the fee the transaction burned, by id (to give TRC-20 sends their fee). */
  txId?: string
  fee?: bigint
}

interface Cursor {
  /** Entries at or before this block time (ms) are still to come… */
  before: number
  /** …except these keys at exactly `before`, already returned. */
  skip: string[]
}

function encodeCursor(cursor: Cursor): string {
  return `${cursor.before}${cursor.skip.map((k) => `~${k}`).join('')}`
}

function decodeCursor(text: string | undefined): Cursor | undefined {
  if (text === undefined) return undefined
  const [before, ...skip] = text.split('~')
  if (!before || !/^\d+$/.test(before))
    throw new ChainsError('RPC_ERROR', 'The history cursor is not one this wallet made.')
  return { before: Number(before), skip }
}

interface TronGridPage<T> {
  data?: T[]
  success?: boolean
  error?: string
}

interface TronGridTransaction {
  txID?: string
  block_timestamp?: number
  ret?: { contractRet?: string; fee?: number }[]
  raw_data?: {
    contract?: { type?: string; parameter?: { value?: Record<string, unknown> } }[]
  }
}

interface TronGridTrc20Transfer {
  transaction_id?: string
  block_timestamp?: number
  from?: string
  to?: string
  type?: string
  value?: string
  token_info?: { address?: string }
}

function direction(me: string, from: string, to: string): HistoryItem['direction'] {
  if (from === me) return to === me ? 'self' : 'out'
  return 'in'
}

async function page<T>(
  http: TronHttp,
  path: string,
  query: Record<string, string | undefined>,
): Promise<T[]> {
  const body = await http.get<TronGridPage<T>>(path, query)
  if (body.success === false || !Array.isArray(body.data))
    throw new ChainsError('RPC_ERROR', 'The TRON history service did not answer with a list.', {
      details: `${path}: ${body.error ?? JSON.stringify(body).slice(0, 200)}`,
    })
  return body.data
}

function nativeEntry(me: string, tx: TronGridTransaction): RawEntry | undefined {
  if (typeof tx.txID !== 'string' || typeof tx.block_timestamp !== 'number') return undefined
  const fee = BigInt(tx.ret?.[0]?.fee ?? 0)
  const entry: RawEntry = { ts: tx.block_timestamp, key: `n.${tx.txID}`, txId: tx.txID, fee }
  const contract = tx.raw_data?.contract?.[0]
  const value = contract?.parameter?.value
  if (contract?.type !== 'TransferContract' || !value) return entry
  const from = normalizeTronAddress(String(value.owner_address))
  const to = normalizeTronAddress(String(value.to_address))
  const dir = direction(me, from, to)
  entry.item = {
    txId: tx.txID,
    direction: dir,
    amount: BigInt(String(value.amount ?? 0)),
    counterparty: dir === 'in' ? from : to,
    ...(dir !== 'in' && fee > 0n ? { fee } : {}),
    time: Math.floor(tx.block_timestamp / 1000),
    state: tx.ret?.[0]?.contractRet === 'SUCCESS' ? 'confirmed' : 'failed',
  }
  return entry
}

function trc20Entry(me: string, t: TronGridTrc20Transfer, tokens: Set<string>): RawEntry | undefined {
  if (typeof t.transaction_id !== 'string' || typeof t.block_timestamp !== 'number') return undefined
  const key = `t.${t.transaction_id}.${t.from}.${t.to}.${t.value}`
  const entry: RawEntry = { ts: t.block_timestamp, key }
  const token = t.token_info?.address ? normalizeTronAddress(t.token_info.address) : undefined
  if (t.type !== 'Transfer' || !token || !tokens.has(token) || !t.from || !t.to) return entry
  const from = normalizeTronAddress(t.from)
  const to = normalizeTronAddress(t.to)
  const dir = direction(me, from, to)
  entry.item = {
    txId: t.transaction_id,
    direction: dir,
    token,
    amount: BigInt(t.value ?? '0'),
    counterparty: dir === 'in' ? from : to,
    time: Math.floor(t.block_timestamp / 1000),
    state: 'confirmed',
  }
  return entry
}

/**
 * The account's TRX transfers and TRC-20 transfers of `options.tokens`, newest first, from two
 * TronGrid lists merged by block time. Paging is by block time (`max_timestamp`, inclusive) rather
 * than each list's own `fingerprint`, so one cursor pages both lists together; entries at the
 * boundary time already returned travel in the cursor and are skipped.
 */
export async function getTronHistory(
  http: TronHttp,
  address: string,
  options: HistoryOptions = {},
): Promise<HistoryPage> {
  const me = normalizeTronAddress(address)
  const limit = Math.max(1, Math.min(MAX_PAGE, Math.floor(options.limit ?? 20)))
  const cursor = decodeCursor(options.cursor)
  const skip = new Set(cursor?.skip ?? [])
  const fetchLimit = Math.min(MAX_PAGE, limit + skip.size)
  const tokens = new Set((options.tokens ?? []).map((t) => normalizeTronAddress(t.address, 'token address')))
  const common = { limit: String(fetchLimit), max_timestamp: cursor ? String(cursor.before) : undefined }

  // Each list's entries, and whether TronGrid returned a full page (counting entries this history
  // cannot place, such as a pending transaction without a block time).
  const streams: Promise<{ entries: RawEntry[]; full: boolean }>[] = [
    page<TronGridTransaction>(http, `/v1/accounts/${me}/transactions`, common).then((list) => ({
      entries: list.flatMap((tx) => nativeEntry(me, tx) ?? []),
      full: list.length >= fetchLimit,
    })),
  ]
  if (tokens.size > 0) {
    const only = tokens.size === 1 ? [...tokens][0] : undefined
    streams.push(
      page<TronGridTrc20Transfer>(http, `/v1/accounts/${me}/transactions/trc20`, {
        ...common,
        contract_address: only,
      }).then((list) => ({
        entries: list.flatMap((t) => trc20Entry(me, t, tokens) ?? []),
        full: list.length >= fetchLimit,
      })),
    )
  }
  const fetched = await Promise.all(streams)

  // A list that returned a full page may hold more entries at or before its oldest one: only what
  // is newer than the newest such boundary is certain to be complete and in order.
  let boundary = Number.NEGATIVE_INFINITY
  let exhausted = true
  const lists = fetched.map(({ entries, full }) => {
    if (full) {
      exhausted = false
      boundary = Math.max(boundary, entries[entries.length - 1]?.ts ?? boundary)
    }
    return entries.filter((e) => !(cursor && e.ts === cursor.before && skip.has(e.key)))
  })
  const fees = new Map<string, bigint>()
  for (const e of lists[0] ?? []) if (e.txId && e.fee) fees.set(e.txId, e.fee)
  const eligible = lists
    .flat()
    .filter((e) => e.ts >= boundary)
    .sort((a, b) => b.ts - a.ts)

  const items: HistoryItem[] = []
  const consumed: RawEntry[] = []
  for (const entry of eligible) {
    if (items.length === limit) break
    consumed.push(entry)
    if (!entry.item) continue
    const fee = entry.item.token && entry.item.direction !== 'in' ? fees.get(entry.item.txId) : undefined
    items.push(fee ? { ...entry.item, fee } : entry.item)
  }
  if (exhausted && consumed.length === eligible.length) return { items }
  const last = consumed[consumed.length - 1]
  if (!last) throw new ChainsError('RPC_ERROR', 'The TRON history service returned a page out of order.')
  const nextSkip = consumed.filter((e) => e.ts === last.ts).map((e) => e.key)
  if (cursor && cursor.before === last.ts) nextSkip.push(...skip)
  return { items, nextCursor: encodeCursor({ before: last.ts, skip: [...new Set(nextSkip)] }) }
}
