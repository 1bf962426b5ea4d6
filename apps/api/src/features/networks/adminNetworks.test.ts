import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { testERC20Abi, testERC20Bytecode } from '@stratos/contracts'
import { createWalletClient, http, publicActions } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { foundry } from 'viem/chains'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { adminAndUser } from '../../testing/adminAndUser.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import type { TestChains } from '../../testing/testChains.js'
import type { TestClient } from '../../testing/testClient.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

/** A key-like secret in the endpoint's query and one sent as a header: neither may come back. */
const URL_SECRET = 'urlSecret0123456789abcdef'
const HEADER_SECRET = 'headerSecret-9876543210'

/** An address with no contract on a fresh anvil. */
const NO_CONTRACT = '0x000000000000000000000000000000000000dEaD'

let anvil: AnvilNode
/** TestERC20 with 6 decimals, deployed on the anvil. */
let token6: `0x${string}`

beforeAll(async () => {
  anvil = await startAnvil({ timeoutMs: 20_000 })
  const wallet = createWalletClient({
    account: privateKeyToAccount(ANVIL_DEV_KEY),
    chain: foundry,
    transport: http(anvil.rpcUrl),
  }).extend(publicActions)
  const hash = await wallet.deployContract({
    abi: testERC20Abi,
    bytecode: testERC20Bytecode,
    args: ['Test USD Coin', 'tUSDC', 6],
  })
  token6 = (await wallet.waitForTransactionReceipt({ hash })).contractAddress!
}, 30_000)
afterAll(async () => {
  await anvil?.stop()
})

/** Adapter test doubles for the families without a chain here (named as such in testChains.ts). */
const DOUBLES: TestChains = {
  doubles: {
    solana: {
      id: 'SolanaGenesis1111111111111111111111111111111',
      tokens: { MintAddress1111111111111111111111111: 9 },
    },
    bitcoin: { id: 'regtest' },
    ton: { id: '-3' },
  },
}

const evmNetwork = (overrides: Record<string, unknown> = {}) => ({
  id: 'anvil-two',
  family: 'evm',
  name: 'Anvil Two',
  testnet: true,
  chainId: 31337,
  nativeSymbol: 'ETH',
  nativeDecimals: 18,
  nativePriceId: 'ethereum',
  explorerTxUrl: 'https://explorer.example/tx/{tx}',
  explorerAddressUrl: 'https://explorer.example/address/{address}',
  endpoint: `${anvil.rpcUrl}/?apikey=${URL_SECRET}`,
  apiKey: { header: 'X-Api-Key', value: HEADER_SECRET },
  ...overrides,
})

const patch = (client: TestClient, path: string, body: unknown) => client.request('PATCH', path, body)

async function audit(t: TestApp, prefix: string) {
  const rows = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', 'like', `${prefix}%`)
    .orderBy('seq')
    .execute()
  return rows.map((row) => ({ action: row.action, target: row.target, details: row.details }))
}

describe.each(API_TARGETS)('/api/admin/networks and /api/admin/tokens on %s', (kind) => {
  const databases = useTestDatabases(kind)
  // The first database of a target starts its engine (workerd: bundles the Worker), outside the tests' time.
  beforeAll(() => databases.fresh().then(() => undefined), 120_000)
  const setup = async (chains: TestChains = DOUBLES) => {
    const t = createTestApp(
      await databases.fresh(),
      { evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: anvil.rpcUrl } },
      { chains },
    )
    return { t, ...(await adminAndUser(t)) }
  }

  test('behavior: the EVM_* chain is the first network, seeded once: removed, it stays removed', async () => {
    const { t, admin, user } = await setup()
    const list = await admin.get('/api/admin/networks')
    expect(list.status, list.text).toBe(200)
    expect(list.body.networks).toEqual([
      expect.objectContaining({
        id: 'evm-31337',
        family: 'evm',
        name: 'Anvil',
        chainId: 31337,
        testnet: true,
        nativeSymbol: 'ETH',
        nativeDecimals: 18,
        enabled: true,
        apiKeyHeader: null,
      }),
    ])
    const wallet = await user.get('/api/networks')
    expect(wallet.body.networks.map((n: { id: string }) => n.id)).toEqual(['evm-31337'])
    expect((await admin.delete('/api/admin/networks/evm-31337')).status).toBe(204)
    // A new process on the same database (another replica, a restart) does not seed it again.
    const again = createTestApp(t.db, t.config, { chains: DOUBLES })
    expect((await again.browser().client.get('/api/networks')).status).toBe(401)
    expect(await t.db.selectFrom('networks').selectAll().execute()).toEqual([])
  })

  test('behavior: an EVM network checked against its node is saved; its secrets never come back', async () => {
    const { t, admin, user } = await setup()
    const added = await admin.post('/api/admin/networks', evmNetwork())
    expect(added.status, added.text).toBe(200)
    expect(added.body).toMatchObject({
      id: 'anvil-two',
      family: 'evm',
      chainId: 31337,
      endpoint: `${anvil.rpcUrl}/?apikey=***`,
      apiKeyHeader: 'X-Api-Key',
      enabled: true,
      position: 1,
    })
    const adminList = await admin.get('/api/admin/networks')
    const wallet = await user.get('/api/networks')
    expect(wallet.status).toBe(200)
    expect(wallet.body.networks[1]).toEqual({
      id: 'anvil-two',
      family: 'evm',
      name: 'Anvil Two',
      testnet: true,
      chainId: 31337,
      bitcoinNetwork: null,
      tonNetwork: null,
      nativeSymbol: 'ETH',
      nativeDecimals: 18,
      nativePriceId: 'ethereum',
      explorerTxUrl: 'https://explorer.example/tx/{tx}',
      explorerAddressUrl: 'https://explorer.example/address/{address}',
      hasIndexer: false,
      tokens: [],
    })
    const entries = await audit(t, 'network.')
    expect(entries).toEqual([expect.objectContaining({ action: 'network.add', target: 'anvil-two' })])
    const stored = await t.db
      .selectFrom('networks')
      .select('secrets')
      .where('id', '=', 'anvil-two')
      .executeTakeFirstOrThrow()
    for (const text of [added.text, adminList.text, wallet.text, JSON.stringify(entries), stored.secrets]) {
      expect(text).not.toContain(URL_SECRET)
      expect(text).not.toContain(HEADER_SECRET)
    }
    expect(wallet.text).not.toContain(anvil.rpcUrl)
  })

  test('error: an endpoint serving another chain is 422 WRONG_NETWORK naming both; nothing is saved', async () => {
    const { t, admin } = await setup()
    const res = await admin.post('/api/admin/networks', evmNetwork({ chainId: 8453 }))
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('WRONG_NETWORK')
    expect(res.body.message).toContain('chain id 31337')
    expect(res.body.message).toContain('chain id 8453')
    expect((await admin.get('/api/admin/networks')).body.networks).toHaveLength(1)
    expect(await audit(t, 'network.')).toEqual([])
  })

  test('error: an endpoint that does not answer is 422 NETWORK_UNREACHABLE, without its secrets', async () => {
    const { admin } = await setup()
    const res = await admin.post(
      '/api/admin/networks',
      evmNetwork({ endpoint: `http://127.0.0.1:9/v2/${URL_SECRET}` }),
    )
    expect(res.status).toBe(422)
    expect(res.body.code).toBe('NETWORK_UNREACHABLE')
    expect(res.text).not.toContain(URL_SECRET)
    expect(res.text).not.toContain(HEADER_SECRET)
  })

  test('error: bad input is 400 naming the field; an id in use is 409', async () => {
    const { admin } = await setup()
    for (const [body, field] of [
      [evmNetwork({ id: 'Bad Id' }), 'id'],
      [evmNetwork({ chainId: undefined }), 'chainId'],
      [evmNetwork({ bitcoinNetwork: 'regtest' }), 'bitcoinNetwork'],
      [evmNetwork({ endpoint: 'ftp://node.example' }), 'endpoint'],
      [evmNetwork({ explorerTxUrl: 'https://explorer.example/tx/' }), 'explorerTxUrl'],
      [evmNetwork({ apiKey: { header: 'Cookie', value: 'x' } }), 'apiKey'],
    ] as const) {
      const res = await admin.post('/api/admin/networks', body)
      expect(res.status, field).toBe(400)
      expect(res.body.message, field).toContain(field)
    }
    expect((await admin.post('/api/admin/networks', evmNetwork())).status).toBe(200)
    const again = await admin.post('/api/admin/networks', evmNetwork())
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('NETWORK_EXISTS')
  })

  test('behavior: an ERC-20 whose decimals the contract reports is added; wallets see it while enabled', async () => {
    const { t, admin, user } = await setup()
    const icon = 'data:image/png;base64,iVBORw0KGgo='
    const added = await admin.post('/api/admin/tokens', {
      networkId: 'evm-31337',
      address: token6,
      symbol: 'tUSDC',
      decimals: 6,
      icon,
      priceId: 'usd-coin',
    })
    expect(added.status, added.text).toBe(200)
    expect(added.body).toMatchObject({ networkId: 'evm-31337', symbol: 'tUSDC', decimals: 6, enabled: true })
    const wallet = await user.get('/api/networks')
    expect(wallet.body.networks[0].tokens).toEqual([
      { id: added.body.id, address: token6, symbol: 'tUSDC', decimals: 6, icon, priceId: 'usd-coin' },
    ])
    const disabled = await patch(admin, `/api/admin/tokens/${added.body.id}`, { enabled: false })
    expect(disabled.status, disabled.text).toBe(200)
    expect((await user.get('/api/networks')).body.networks[0].tokens).toEqual([])
    const duplicate = await admin.post('/api/admin/tokens', {
      networkId: 'evm-31337',
      address: token6,
      symbol: 'tUSDC',
      decimals: 6,
    })
    expect(duplicate.status).toBe(409)
    expect((await audit(t, 'token.')).map((e) => e.action)).toEqual(['token.add', 'token.update'])
  })

  test('error: decimals other than the contract reports are 422 naming both; no contract is 422', async () => {
    const { admin } = await setup()
    const wrong = await admin.post('/api/admin/tokens', {
      networkId: 'evm-31337',
      address: token6,
      symbol: 'tUSDC',
      decimals: 18,
    })
    expect(wrong.status).toBe(422)
    expect(wrong.body.code).toBe('TOKEN_DECIMALS_MISMATCH')
    expect(wrong.body.message).toContain('reports 6 decimals, not the 18 given')
    const missing = await admin.post('/api/admin/tokens', {
      networkId: 'evm-31337',
      address: NO_CONTRACT,
      symbol: 'NONE',
      decimals: 18,
    })
    expect(missing.status).toBe(422)
    expect(missing.body.code).toBe('TOKEN_NOT_FOUND')
    expect((await admin.get('/api/admin/networks')).body.tokens).toEqual([])
    const unknownNetwork = await admin.post('/api/admin/tokens', {
      networkId: 'nowhere',
      address: token6,
      symbol: 'tUSDC',
      decimals: 6,
    })
    expect(unknownNetwork.status).toBe(404)
  })

  test('behavior: a change is checked when it touches the chain; disabling hides the network from wallets', async () => {
    const { t, admin, user } = await setup()
    const wrong = await patch(admin, '/api/admin/networks/evm-31337', { chainId: 1 })
    expect(wrong.status).toBe(422)
    expect(wrong.body.message).toContain('chain id 1')
    const renamed = await patch(admin, '/api/admin/networks/evm-31337', { name: 'Local', enabled: false })
    expect(renamed.status, renamed.text).toBe(200)
    expect(renamed.body).toMatchObject({ name: 'Local', enabled: false, chainId: 31337 })
    expect((await user.get('/api/networks')).body.networks).toEqual([])
    const key = await patch(admin, '/api/admin/networks/evm-31337', {
      apiKey: { header: 'X-Api-Key', value: HEADER_SECRET },
    })
    expect(key.status, key.text).toBe(200)
    expect(key.body.apiKeyHeader).toBe('X-Api-Key')
    const updates = await audit(t, 'network.update')
    expect(updates.map((e) => JSON.parse(e.details).apiKeyChanged)).toEqual([false, true])
    expect(JSON.stringify(updates)).not.toContain(HEADER_SECRET)
    const solanaField = await patch(admin, '/api/admin/networks/evm-31337', { genesisHash: 'A'.repeat(44) })
    expect(solanaField.status).toBe(400)
    expect((await patch(admin, '/api/admin/networks/nowhere', { name: 'x' })).status).toBe(404)
  })

  test('behavior: removing a network removes its tokens; the order is set by the list of ids', async () => {
    const { t, admin } = await setup()
    expect((await admin.post('/api/admin/networks', evmNetwork())).status).toBe(200)
    const token = await admin.post('/api/admin/tokens', {
      networkId: 'anvil-two',
      address: token6,
      symbol: 'tUSDC',
      decimals: 6,
    })
    expect(token.status, token.text).toBe(200)
    const stale = await admin.put('/api/admin/networks/order', { ids: ['anvil-two'] })
    expect(stale.status).toBe(409)
    const reordered = await admin.put('/api/admin/networks/order', { ids: ['anvil-two', 'evm-31337'] })
    expect(reordered.status, reordered.text).toBe(200)
    expect(reordered.body.networks.map((n: { id: string }) => n.id)).toEqual(['anvil-two', 'evm-31337'])
    expect((await admin.delete('/api/admin/networks/anvil-two')).status).toBe(204)
    expect((await admin.delete('/api/admin/networks/anvil-two')).status).toBe(404)
    expect(await t.db.selectFrom('tokens').selectAll().execute()).toEqual([])
    expect((await audit(t, 'network.')).map((e) => e.action)).toEqual([
      'network.add',
      'network.reorder',
      'network.remove',
    ])
  })

  test('behavior: other families are checked through their adapter (test doubles here)', async () => {
    const { admin } = await setup()
    const solana = await admin.post('/api/admin/networks', {
      id: 'solana-local',
      family: 'solana',
      name: 'Solana local',
      testnet: true,
      nativeSymbol: 'SOL',
      nativeDecimals: 9,
      endpoint: 'http://127.0.0.1:8899',
    })
    expect(solana.status, solana.text).toBe(200)
    // No genesis hash given: the endpoint's is kept, and a later endpoint must report it.
    expect(solana.body.genesisHash).toBe('SolanaGenesis1111111111111111111111111111111')
    const spl = await admin.post('/api/admin/tokens', {
      networkId: 'solana-local',
      address: 'MintAddress1111111111111111111111111',
      symbol: 'USDC',
      decimals: 9,
    })
    expect(spl.status, spl.text).toBe(200)
    const otherGenesis = await admin.post('/api/admin/networks', {
      id: 'solana-other',
      family: 'solana',
      name: 'Solana other',
      testnet: false,
      genesisHash: '5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d',
      nativeSymbol: 'SOL',
      nativeDecimals: 9,
      endpoint: 'http://127.0.0.1:8899',
    })
    expect(otherGenesis.status).toBe(422)
    expect(otherGenesis.body.message).toContain('5eykt4UsFv8P8NJdTREpY1vzqKqZKvdpKuc147dw2N9d')
    const ton = await admin.post('/api/admin/networks', {
      id: 'ton',
      family: 'ton',
      name: 'TON',
      testnet: false,
      tonNetwork: 'mainnet',
      nativeSymbol: 'TON',
      nativeDecimals: 9,
      endpoint: 'https://toncenter.example/api/v2',
    })
    expect(ton.status).toBe(422)
    expect(ton.body.message).toBe(
      'The endpoint serves TON global id -3 (testnet), not the configured TON global id -239 (mainnet)',
    )
    const bitcoin = {
      id: 'btc',
      family: 'bitcoin',
      name: 'Bitcoin regtest',
      testnet: true,
      nativeSymbol: 'BTC',
      nativeDecimals: 8,
      endpoint: 'http://127.0.0.1:3002',
    }
    const noNetwork = await admin.post('/api/admin/networks', bitcoin)
    expect(noNetwork.status).toBe(400)
    expect(noNetwork.body.message).toContain('bitcoinNetwork')
    expect((await admin.post('/api/admin/networks', { ...bitcoin, bitcoinNetwork: 'regtest' })).status).toBe(
      200,
    )
    const btcToken = await admin.post('/api/admin/tokens', {
      networkId: 'btc',
      address: 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080',
      symbol: 'X',
      decimals: 8,
    })
    expect(btcToken.status).toBe(400)
  })

  test('error: admin routes refuse a user (403) and anyone signed out (401)', async () => {
    const { t, user } = await setup()
    const anonymous = t.browser().client
    for (const [method, path, body] of [
      ['GET', '/api/admin/networks', undefined],
      ['POST', '/api/admin/networks', evmNetwork()],
      ['PATCH', '/api/admin/networks/evm-31337', { enabled: false }],
      ['DELETE', '/api/admin/networks/evm-31337', undefined],
      ['PUT', '/api/admin/networks/order', { ids: ['evm-31337'] }],
      ['POST', '/api/admin/tokens', { networkId: 'evm-31337', address: token6, symbol: 'T', decimals: 6 }],
    ] as const) {
      expect((await user.request(method, path, body)).status, `${method} ${path}`).toBe(403)
      expect((await anonymous.request(method, path, body)).status, `${method} ${path}`).toBe(401)
    }
    expect((await anonymous.get('/api/networks')).status).toBe(401)
  })
})
