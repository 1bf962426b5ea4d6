import { type Address, isAddress, type Rpc, type Signature, type SolanaRpcApi } from '@solana/kit'
import { findAssociatedTokenPda, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token'
import type { HistoryItem, HistoryOptions, HistoryPage } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'

export interface GetSolanaHistoryParameters {
  rpc: Rpc<SolanaRpcApi>
  /** Sends one request, turning a failure into a `ChainsError`. */
  send: <T>(method: string, request: { send(): Promise<T> }) => Promise<T>
  owner: Address
  options: HistoryOptions
}

/** What the history reads of a `getTransaction` answer (`encoding: "json"`). */
interface TransactionRecord {
  blockTime: bigint | null
  meta: {
    err: unknown
    fee: bigint
    preBalances: readonly bigint[]
    postBalances: readonly bigint[]
    preTokenBalances?: readonly TokenBalance[] | null
    postTokenBalances?: readonly TokenBalance[] | null
    loadedAddresses?: { writable: readonly string[]; readonly: readonly string[] }
  } | null
  transaction: { message: { accountKeys: readonly string[] } }
}

interface TokenBalance {
  accountIndex: number
  mint: string
  owner?: string
  uiTokenAmount: { amount: string }
}

const DEFAULT_LIMIT = 20
const MAX_LIMIT = 100

/**
 * One page of an account's history, newest first. Solana lists transactions by the accounts they
 * touch, and an incoming token transfer touches the recipient's token account, not the wallet: so
 * the page merges `getSignaturesForAddress` of the wallet and of its associated token account for
 * each token asked, and reads each transaction's balance changes (`getTransaction` meta: lamports
 * and token balances before and after) to learn direction, amount and counterparty. The cursor is
 * the last signature of the page, passed back as `before`.
 */
export async function getSolanaHistory({
  rpc,
  send,
  owner,
  options,
}: GetSolanaHistoryParameters): Promise<HistoryPage> {
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT)
  const mints = (options.tokens ?? []).map((token) => {
    if (!isAddress(token.address))
      throw new ChainsError('INVALID_ADDRESS', `The token mint "${token.address}" is not a Solana address.`)
    return token.address
  })
  const tokenAccounts = await Promise.all(
    mints.map(
      async (mint) => (await findAssociatedTokenPda({ owner, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }))[0],
    ),
  )
  const config = {
    limit,
    commitment: 'confirmed' as const,
    ...(options.cursor ? { before: options.cursor as Signature } : {}),
  }
  const lists = await Promise.all(
    [owner, ...tokenAccounts].map((account) =>
      send('getSignaturesForAddress', rpc.getSignaturesForAddress(account, config)),
    ),
  )
  const bySignature = new Map<string, (typeof lists)[number][number]>()
  for (const list of lists)
    for (const entry of list) if (!bySignature.has(entry.signature)) bySignature.set(entry.signature, entry)
  // Stable: within one slot the node's own order is kept.
  const merged = [...bySignature.values()].sort((a, b) => (a.slot === b.slot ? 0 : a.slot > b.slot ? -1 : 1))
  const page = merged.slice(0, limit)
  const more = merged.length > limit || lists.some((list) => list.length === limit)
  const records = await Promise.all(
    page.map(
      (entry) =>
        send(
          'getTransaction',
          rpc.getTransaction(entry.signature, {
            encoding: 'json',
            maxSupportedTransactionVersion: 0,
            commitment: 'confirmed',
          }),
        ) as Promise<TransactionRecord | null>,
    ),
  )
  const items = page.flatMap((entry, i) => {
    const record = records[i]
    if (!record) return []
    const time = entry.blockTime ?? record.blockTime
    return movementsOf(entry.signature, record, owner, mints, {
      state: entry.err || record.meta?.err ? 'failed' : 'confirmed',
      ...(time !== null ? { time: Number(time) } : {}),
    })
  })
  const last = page.at(-1)
  return { items, ...(more && last ? { nextCursor: last.signature } : {}) }
}

/** What `owner` gained or lost in one transaction: one item per asset whose balance moved. */
function movementsOf(
  txId: string,
  record: TransactionRecord,
  owner: string,
  mints: readonly string[],
  common: Pick<HistoryItem, 'state' | 'time'>,
): HistoryItem[] {
  const meta = record.meta
  if (!meta) return []
  const keys = [
    ...record.transaction.message.accountKeys,
    ...(meta.loadedAddresses?.writable ?? []),
    ...(meta.loadedAddresses?.readonly ?? []),
  ]
  const index = keys.indexOf(owner)
  // The fee payer is the first account; the fee leaves its balance whatever else happens.
  const fee = index === 0 ? meta.fee : undefined
  const items: HistoryItem[] = []
  for (const mint of mints) {
    const deltas = tokenDeltas(meta.preTokenBalances ?? [], meta.postTokenBalances ?? [], mint)
    const delta = deltas.get(owner) ?? 0n
    if (delta === 0n) continue
    const counterparty = opposite(deltas, owner, delta)
    items.push({
      txId,
      direction: delta > 0n ? 'in' : 'out',
      token: mint,
      amount: delta > 0n ? delta : -delta,
      ...(counterparty ? { counterparty } : {}),
      ...common,
    })
  }
  if (index >= 0) {
    const lamports = new Map<string, bigint>()
    keys.forEach((key, i) => {
      lamports.set(key, (meta.postBalances[i] ?? 0n) - (meta.preBalances[i] ?? 0n))
    })
    const delta = (lamports.get(owner) ?? 0n) + (fee ?? 0n)
    if (delta !== 0n) {
      const counterparty = opposite(lamports, owner, delta)
      items.push({
        txId,
        direction: delta > 0n ? 'in' : 'out',
        amount: delta > 0n ? delta : -delta,
        ...(counterparty ? { counterparty } : {}),
        ...common,
      })
    }
  }
  // Paid a fee and nothing else moved: a failed transfer, or one to itself.
  if (items.length === 0 && fee !== undefined)
    items.push({ txId, direction: common.state === 'failed' ? 'out' : 'self', amount: 0n, ...common })
  const first = items[0]
  if (first && fee !== undefined) first.fee = fee
  return items
}

/** Change of each owner's holding of `mint` across the transaction. */
function tokenDeltas(
  pre: readonly TokenBalance[],
  post: readonly TokenBalance[],
  mint: string,
): Map<string, bigint> {
  const deltas = new Map<string, bigint>()
  const add = (balances: readonly TokenBalance[], sign: bigint) => {
    for (const b of balances)
      if (b.mint === mint && b.owner)
        deltas.set(b.owner, (deltas.get(b.owner) ?? 0n) + sign * BigInt(b.uiTokenAmount.amount))
  }
  add(pre, -1n)
  add(post, 1n)
  return deltas
}

/** The account that moved most the other way: the other side of the transfer. */
function opposite(deltas: Map<string, bigint>, self: string, delta: bigint): string | undefined {
  let best: string | undefined
  let bestSize = 0n
  for (const [account, d] of deltas) {
    if (account === self || d === 0n || d > 0n === delta > 0n) continue
    const size = d > 0n ? d : -d
    if (size > bestSize) {
      best = account
      bestSize = size
    }
  }
  return best
}
