import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getAddress, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenRef } from '../ChainAdapter.js'
import { createEvmAdapter } from './createEvmAdapter.js'
import { evmIndexerUpstream } from './evmUpstream.js'
import recorded from './fixtures/etherscan-txlist-0x324e.json' with { type: 'json' }
import { type EvmLocalChain, startEvmLocalChain } from './localChain/startEvmLocalChain.js'

type TxlistEntry = (typeof recorded.response.result)[number]
const ACCOUNT = '0x324e2D42D7B65E5574787C331DfaA29d2Dead666'
/** The chain head when the response was recorded: newest entry's block + its confirmations - 1. */
const RECORDED_HEAD = 15695618 + 1383520 - 1

/**
 * A stub of an Etherscan-compatible indexer (`GET /api?module=account&action=txlist…`) that
 * answers from the recorded response in ./fixtures, applying the query as Etherscan does
 * (block range, sort, page and offset); and a stub of a mainnet JSON-RPC node without
 * Otterscan's methods (it answers `eth_blockNumber` with the recorded head and every other
 * method as unknown, like a public node). Neither mainnet nor Etherscan can be reached here.
 */
function startStubs(): Promise<{ server: Server; base: string; indexerQueries: URLSearchParams[] }> {
  const indexerQueries: URLSearchParams[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub')
    res.setHeader('content-type', 'application/json')
    if (req.method === 'GET' && url.pathname === '/api') {
      indexerQueries.push(url.searchParams)
      res.end(JSON.stringify(txlist(url.searchParams)))
      return
    }
    let body = ''
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString()
    })
    req.on('end', () => {
      const requests = JSON.parse(body) as { id: number; method: string } | { id: number; method: string }[]
      const answer = (r: { id: number; method: string }) =>
        r.method === 'eth_blockNumber'
          ? { jsonrpc: '2.0', id: r.id, result: `0x${RECORDED_HEAD.toString(16)}` }
          : {
              jsonrpc: '2.0',
              id: r.id,
              error: { code: -32601, message: `the method ${r.method} does not exist/is not available` },
            }
      res.end(JSON.stringify(Array.isArray(requests) ? requests.map(answer) : answer(requests)))
    })
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({ server, base: `http://127.0.0.1:${port}`, indexerQueries })
    }),
  )
}

/** Etherscan's `txlist` over the recorded entries. Error shape as in docs.etherscan.io. */
function txlist(query: URLSearchParams) {
  if (!query.get('apikey')) return { status: '0', message: 'NOTOK', result: 'Missing/Invalid API Key' }
  if (query.get('module') !== 'account' || query.get('action') !== 'txlist') {
    return { status: '0', message: 'NOTOK', result: 'Error! Missing Or invalid Module name' }
  }
  const start = Number(query.get('startblock') ?? 0)
  const end = Number(query.get('endblock') ?? 99999999)
  const offset = Number(query.get('offset') ?? 10000)
  const page = Number(query.get('page') ?? 1)
  const key = (t: TxlistEntry) => Number(t.blockNumber) * 1e4 + Number(t.transactionIndex)
  if (query.get('address')?.toLowerCase() !== ACCOUNT.toLowerCase()) {
    return { status: '0', message: 'No transactions found', result: [] }
  }
  const all = recorded.response.result
    .filter((t) => Number(t.blockNumber) >= start && Number(t.blockNumber) <= end)
    .sort((x, y) => (query.get('sort') === 'desc' ? key(y) - key(x) : key(x) - key(y)))
    .slice((page - 1) * offset, page * offset)
  return all.length
    ? { status: '1', message: 'OK', result: all }
    : { status: '0', message: 'No transactions found', result: [] }
}

let stubs: Awaited<ReturnType<typeof startStubs>>
let anvil: EvmLocalChain
beforeAll(async () => {
  ;[stubs, anvil] = await Promise.all([startStubs(), startEvmLocalChain()])
}, 30_000)
afterAll(async () => {
  await anvil?.stop()
  await new Promise((resolve) => stubs?.server.close(resolve))
})

describe('etherscanHistorySource (through createEvmAdapter)', () => {
  test('behavior: against a stub of the Etherscan indexer, native history comes from txlist when the node has no ots_', async () => {
    const adapter = createEvmAdapter({
      endpoint: stubs.base,
      chainId: 1,
      indexerUrl: `${stubs.base}/api?chainid=1&apikey=KEY`,
    })
    const page = await adapter.getHistory(ACCOUNT, { limit: 20 })
    expect(page.nextCursor).toBeUndefined()
    expect(page.nativeHistoryUnavailable).toBeUndefined()
    expect(page.items).toHaveLength(10)
    expect(page.items[0]).toEqual({
      txId: '0x4c75a4a96a2375f2b0d9a89a6f188ba6930f7fd8613ddac3b57e3162deb06b9c',
      direction: 'out',
      amount: 0n,
      counterparty: getAddress('0x1111111254fb6c44bac0bed2854e76f90643097d'),
      fee: 107371n * 4832356260n,
      time: 1665138347,
      state: 'confirmed',
    })
    expect(page.items.at(-1)).toEqual({
      txId: '0xbac992db6a9660f6ebcdd483c244dfa1948ab8b9a63184eb3015e00258c5d1af',
      direction: 'in',
      amount: 6882485956269079n,
      counterparty: getAddress('0xcac191ab410b5c225779cec01163ab7d717d3666'),
      time: 1665134363,
      state: 'confirmed',
    })
    const query = stubs.indexerQueries.at(-1)
    expect(Object.fromEntries(query ?? [])).toEqual({
      chainid: '1',
      apikey: 'KEY',
      module: 'account',
      action: 'txlist',
      address: ACCOUNT,
      startblock: '0',
      endblock: String(RECORDED_HEAD),
      page: '1',
      offset: '20',
      sort: 'desc',
    })
  })

  test('behavior: against the indexer stub, pages of 4 add up to the whole list, each once, newest first', async () => {
    const adapter = createEvmAdapter({
      endpoint: stubs.base,
      chainId: 1,
      indexerUrl: `${stubs.base}/api?apikey=K`,
    })
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await adapter.getHistory(ACCOUNT, { limit: 4, ...(cursor ? { cursor } : {}) })
      expect(page.items.length).toBeLessThanOrEqual(4)
      seen.push(...page.items.map((i) => i.txId))
      cursor = page.nextCursor
    } while (cursor)
    const newestFirst = [...recorded.response.result].reverse().map((t) => t.hash)
    expect(seen).toEqual(newestFirst)
  })

  test('error: the indexer stub refusing the request (bad API key) is RPC_ERROR, without the URL', async () => {
    const adapter = createEvmAdapter({ endpoint: stubs.base, chainId: 1, indexerUrl: `${stubs.base}/api` })
    const error = await adapter.getHistory(ACCOUNT).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RPC_ERROR', details: 'txlist: NOTOK: Missing/Invalid API Key' })
    expect(String((error as Error).message)).not.toContain(stubs.base)
  })

  test('behavior: with neither ots_ (stub node) nor an indexer, the page says native history is unavailable', async () => {
    const adapter = createEvmAdapter({ endpoint: stubs.base, chainId: 1 })
    expect(await adapter.getHistory(ACCOUNT)).toEqual({ items: [], nativeHistoryUnavailable: true })
  })

  test('behavior: on anvil with ots_ answered as unknown (a node without Otterscan) and no indexer, token transfers still list', async () => {
    const withoutOtterscan: typeof fetch = async (input, init) => {
      const body = JSON.parse(String(init?.body)) as
        | { id: number; method: string }[]
        | { id: number; method: string }
      const requests = Array.isArray(body) ? body : [body]
      if (requests.some((r) => r.method.startsWith('ots_'))) {
        const answers = requests.map((r) => ({
          jsonrpc: '2.0',
          id: r.id,
          error: { code: -32601, message: 'Method not found' },
        }))
        return new Response(JSON.stringify(Array.isArray(body) ? answers : answers[0]))
      }
      return fetch(input, init)
    }
    const token = anvil.tokens[0] as TokenRef
    const holder = '0x000000000000000000000000000000000000a11c'
    await anvil.fund(holder, parseEther('1'))
    await anvil.fund(holder, 42n, token.address)
    const adapter = createEvmAdapter({ endpoint: anvil.endpoint, chainId: 31337, fetch: withoutOtterscan })
    const page = await adapter.getHistory(holder, { tokens: [token] })
    expect(page.nativeHistoryUnavailable).toBe(true)
    expect(page.items.map((i) => [i.direction, i.token, i.amount])).toEqual([['in', token.address, 42n]])
  })

  test('behavior: the adapter calls the indexer only as evmIndexerUpstream allows', () => {
    for (const query of stubs.indexerQueries) {
      expect(query.get('module')).toBe('account')
      expect(query.get('action')).toBe('txlist')
    }
    expect(evmIndexerUpstream.routes.every((r) => r.method === 'GET' && r.path.test(''))).toBe(true)
  })
})
