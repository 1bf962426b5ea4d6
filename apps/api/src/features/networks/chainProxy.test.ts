import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { DEFAULT_RATE_LIMITS } from '../../config.js'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { createTestApp } from '../../testing/testApp.js'
import type { TestChains } from '../../testing/testChains.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

const HEADER_SECRET = 'esploraKey-0123456789'
const URL_SECRET = 'pathSecret0123456789abcdef'

/**
 * A local HTTP stub of an Esplora-style API (named as such: no Bitcoin node runs here). It records
 * every request it gets and answers from `answers`; `/fail` answers 500.
 */
interface SeenRequest {
  method: string
  url: string
  apiKey: string | undefined
  contentType: string | undefined
  body: string
}
let stub: Server
let stubUrl: string
const seen: SeenRequest[] = []

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = ''
    request.on('data', (chunk: Buffer) => {
      text += chunk.toString()
    })
    request.on('end', () => resolve(text))
  })
}

let anvil: AnvilNode
beforeAll(async () => {
  anvil = await startAnvil({ timeoutMs: 20_000 })
  stub = createServer(async (request, response) => {
    seen.push({
      method: request.method!,
      url: request.url!,
      apiKey: request.headers['x-api-key'] as string | undefined,
      contentType: request.headers['content-type'],
      body: await body(request),
    })
    const path = request.url!.replace(/^\/[^/]+\/esplora/, '')
    if (path === '/blocks/tip/height') return response.end('108')
    if (path.startsWith('/address/')) {
      response.setHeader('content-type', 'application/json')
      return response.end(JSON.stringify([{ txid: 'ab'.repeat(32), vout: 0, value: 5000 }]))
    }
    if (path === '/tx') {
      response.statusCode = 400
      response.setHeader('content-type', 'application/json')
      return response.end('{"code":-22,"message":"TX decode failed"}')
    }
    response.statusCode = 500
    response.end(`internal error at ${request.url}`)
  })
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve))
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`
}, 30_000)
afterAll(async () => {
  await anvil?.stop()
  await new Promise((resolve) => stub?.close(resolve))
})
beforeEach(() => {
  seen.length = 0
})

/** The Bitcoin network is checked by an adapter test double; its traffic goes to the Esplora stub. */
const CHAINS: TestChains = {
  doubles: { bitcoin: { id: 'regtest' } },
  allowlists: {
    evm: { kind: 'json-rpc', methods: ['eth_chainId', 'eth_blockNumber', 'eth_getBalance'] },
    bitcoin: {
      kind: 'http',
      routes: [
        { method: 'GET', path: '/blocks/tip/height' },
        { method: 'GET', path: '/address/[a-z0-9]{14,90}/utxo' },
        { method: 'POST', path: '/tx' },
      ],
    },
  },
}

describe.each(API_TARGETS)('/api/chains/:networkId on %s', (kind) => {
  const databases = useTestDatabases(kind)
  beforeAll(() => databases.fresh().then(() => undefined), 120_000)

  async function setup(rateLimits = DEFAULT_RATE_LIMITS) {
    const t = createTestApp(
      await databases.fresh(),
      { evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: anvil.rpcUrl }, rateLimits },
      { chains: CHAINS },
    )
    const people = await adminAndUser(t)
    const added = await people.admin.post('/api/admin/networks', {
      id: 'btc',
      family: 'bitcoin',
      name: 'Bitcoin regtest',
      testnet: true,
      bitcoinNetwork: 'regtest',
      nativeSymbol: 'BTC',
      nativeDecimals: 8,
      endpoint: `${stubUrl}/${URL_SECRET}/esplora`,
      apiKey: { header: 'X-Api-Key', value: HEADER_SECRET },
    })
    expect(added.status, added.text).toBe(200)
    return { t, ...people }
  }

  test('behavior: JSON-RPC in the allowlist reaches the node, single and batch', async () => {
    const { user } = await setup()
    const one = await user.post('/api/chains/evm-31337', { jsonrpc: '2.0', id: 7, method: 'eth_chainId' })
    expect(one.status, one.text).toBe(200)
    expect(one.body).toEqual({ jsonrpc: '2.0', id: 7, result: '0x7a69' })
    const batch = await user.post('/api/chains/evm-31337', [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
    ])
    expect(batch.status).toBe(200)
    expect(batch.body).toHaveLength(2)
  })

  test('error: a method outside the family allowlist is 400 naming it, even inside a batch', async () => {
    const { user } = await setup()
    const single = await user.post('/api/chains/evm-31337', {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_call',
      params: [],
    })
    expect(single.status).toBe(400)
    expect(single.body.code).toBe('RPC_METHOD_NOT_ALLOWED')
    expect(single.body.message).toContain("'eth_call'")
    const batch = await user.post('/api/chains/evm-31337', [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'anvil_setBalance', params: [] },
    ])
    expect(batch.status).toBe(400)
    expect(batch.body.message).toContain("'anvil_setBalance'")
    const overHttp = await user.post('/api/chains/btc', { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(overHttp.status).toBe(400)
    expect(overHttp.body.code).toBe('NETWORK_NOT_JSON_RPC')
  })

  test('behavior: HTTP calls in the allowlist reach the endpoint with its API key; 4xx answers pass', async () => {
    const { user } = await setup()
    seen.length = 0
    const height = await user.get('/api/chains/btc/blocks/tip/height')
    expect(height.status, height.text).toBe(200)
    expect(height.body).toBe(108)
    const utxo = await user.get(
      '/api/chains/btc/address/bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080/utxo?x=1',
    )
    expect(utxo.status).toBe(200)
    expect(utxo.body).toEqual([{ txid: 'ab'.repeat(32), vout: 0, value: 5000 }])
    const refused = await user.request('POST', '/api/chains/btc/tx', '0200beef', {
      'content-type': 'text/plain',
    })
    expect(refused.status).toBe(400)
    expect(refused.body).toEqual({ code: -22, message: 'TX decode failed' })
    expect(seen).toEqual([
      {
        method: 'GET',
        url: `/${URL_SECRET}/esplora/blocks/tip/height`,
        apiKey: HEADER_SECRET,
        contentType: undefined,
        body: '',
      },
      expect.objectContaining({
        url: `/${URL_SECRET}/esplora/address/bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080/utxo?x=1`,
      }),
      expect.objectContaining({
        method: 'POST',
        url: `/${URL_SECRET}/esplora/tx`,
        contentType: 'text/plain',
        body: '0200beef',
      }),
    ])
  })

  test('error: a path outside the allowlist is 400 naming it; nothing reaches the endpoint', async () => {
    const { user } = await setup()
    seen.length = 0
    for (const [method, path] of [
      ['GET', '/api/chains/btc/blocks/tip/hash'],
      ['POST', '/api/chains/btc/blocks/tip/height'],
      ['GET', '/api/chains/btc/address/UPPER/utxo'],
      // An encoded slash would name another path upstream than the one checked.
      ['GET', '/api/chains/btc/blocks%2Ftip/height'],
    ] as const) {
      const res = await user.request(method, path, method === 'POST' ? '{}' : undefined, {
        'content-type': 'application/json',
      })
      expect(res.status, `${method} ${path}`).toBe(400)
      expect(res.body.code, path).toBe('UPSTREAM_PATH_NOT_ALLOWED')
    }
    const refused = await user.get('/api/chains/btc/blocks/tip/hash')
    expect(refused.body.message).toContain('GET /blocks/tip/hash')
    expect(seen).toEqual([])
  })

  test('error: an upstream failure is 502 CHAIN_UPSTREAM_ERROR without its URL or key', async () => {
    const { admin, user } = await setup()
    const allowlisted = await user.get('/api/chains/btc/address/bcrt1qfailfailfailfail/utxo')
    expect(allowlisted.status).toBe(200)
    // The stub answers 500 to anything it does not know: an allowlisted path it fails on.
    const patched = await admin.request('PATCH', '/api/admin/networks/btc', {
      endpoint: `${stubUrl}/${URL_SECRET}/elsewhere`,
    })
    expect(patched.status, patched.text).toBe(200)
    const failed = await user.get('/api/chains/btc/blocks/tip/height')
    expect(failed.status).toBe(502)
    expect(failed.body.code).toBe('CHAIN_UPSTREAM_ERROR')
    expect(failed.text).not.toContain(URL_SECRET)
    expect(failed.text).not.toContain(stubUrl)
    await admin.request('PATCH', '/api/admin/networks/evm-31337', { enabled: false })
    const disabled = await user.post('/api/chains/evm-31337', {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_chainId',
    })
    expect(disabled.status).toBe(404)
    expect(disabled.body.code).toBe('NETWORK_NOT_FOUND')
  })

  test('error: signed out is 401; over the chains limit is 429 RATE_LIMITED', async () => {
    const { t, user } = await setup({
      ...DEFAULT_RATE_LIMITS,
      chains: { ip: null, account: { limit: 2, windowSeconds: 60 } },
    })
    expect((await t.browser().client.get('/api/chains/btc/blocks/tip/height')).status).toBe(401)
    expect((await user.get('/api/chains/btc/blocks/tip/height')).status).toBe(200)
    expect(
      (await user.post('/api/chains/evm-31337', { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })).status,
    ).toBe(200)
    const limited = await user.get('/api/chains/btc/blocks/tip/height')
    expect(limited.status).toBe(429)
    expect(limited.body.code).toBe('RATE_LIMITED')
  })
})
