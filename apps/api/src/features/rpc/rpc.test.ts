import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

// anvil's first prefunded dev account (public test material).
const ANVIL_ACCOUNT_0 = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'

let anvil: AnvilNode
beforeAll(async () => {
  anvil = await startAnvil()
})
afterAll(async () => {
  await anvil?.stop()
})

describe.each(DB_KINDS)('POST /api/rpc/evm on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function signedIn(overrides = {}) {
    const t = createTestApp(await databases.fresh(), { evm: { ...anvilEvm(), ...overrides } })
    const browser = t.browser()
    await register(browser.client, browser.authenticator, { addresses: testAddresses(1) })
    return { t, ...browser }
  }
  const anvilEvm = () => ({ chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: anvil.rpcUrl })

  test('behavior: forwards allowed reads to the node and returns its JSON-RPC answer', async () => {
    const { client } = await signedIn()
    const chainId = await client.post('/api/rpc/evm', {
      jsonrpc: '2.0',
      id: 7,
      method: 'eth_chainId',
      params: [],
    })
    expect(chainId.status).toBe(200)
    expect(chainId.body).toEqual({ jsonrpc: '2.0', id: 7, result: '0x7a69' })
    const balance = await client.post('/api/rpc/evm', {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBalance',
      params: [ANVIL_ACCOUNT_0, 'latest'],
    })
    expect(BigInt(balance.body.result)).toBeGreaterThan(0n)
  })

  test('behavior: a batch of allowed methods is forwarded as a batch', async () => {
    const { client } = await signedIn()
    const res = await client.post('/api/rpc/evm', [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'eth_blockNumber', params: [] },
    ])
    expect(res.status).toBe(200)
    expect(res.body).toHaveLength(2)
    expect(res.body.find((r: { id: number }) => r.id === 1).result).toBe('0x7a69')
  })

  test('behavior: node-level errors come back as JSON-RPC errors, not HTTP errors', async () => {
    const { client } = await signedIn()
    const res = await client.post('/api/rpc/evm', {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_sendRawTransaction',
      params: ['0xdeadbeef'],
    })
    expect(res.status).toBe(200)
    expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(Number) }))
  })

  test('error: a method outside the allowlist is 400 RPC_METHOD_NOT_ALLOWED, even inside a batch', async () => {
    const { client } = await signedIn()
    for (const method of [
      'eth_sendTransaction',
      'eth_accounts',
      'anvil_setBalance',
      'debug_traceTransaction',
    ]) {
      const res = await client.post('/api/rpc/evm', { jsonrpc: '2.0', id: 1, method, params: [] })
      expect(res.status, method).toBe(400)
      expect(res.body.code).toBe('RPC_METHOD_NOT_ALLOWED')
      expect(res.body.message).toContain(method)
    }
    const batch = await client.post('/api/rpc/evm', [
      { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
      { jsonrpc: '2.0', id: 2, method: 'anvil_mine' },
    ])
    expect(batch.body.code).toBe('RPC_METHOD_NOT_ALLOWED')
  })

  test('error: client mistakes are 400, never the 502 of an upstream failure: a notification, deep params', async () => {
    const { client } = await signedIn()
    for (const body of [
      { jsonrpc: '2.0', method: 'eth_chainId' },
      [
        { jsonrpc: '2.0', id: 1, method: 'eth_chainId' },
        { jsonrpc: '2.0', method: 'eth_blockNumber' },
      ],
    ]) {
      const res = await client.post('/api/rpc/evm', body)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('RPC_NOTIFICATION_NOT_SUPPORTED')
      expect(res.body.message).toMatch(/has no id/)
    }
    const deep = `{"jsonrpc":"2.0","id":1,"method":"eth_call","params":${'['.repeat(3000)}${']'.repeat(3000)}}`
    const res = await client.post('/api/rpc/evm', deep)
    expect(res.status).toBe(400)
    expect(res.body).toMatchObject({
      code: 'INVALID_BODY',
      message: expect.stringMatching(/nested deeper than 64 levels$/),
    })
  })

  test('error: a malformed JSON-RPC body is 400 naming the field', async () => {
    const { client } = await signedIn()
    const res = await client.post('/api/rpc/evm', { id: 1, method: 'eth_chainId' })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('INVALID_BODY')
    expect(res.body.message).toMatch(/jsonrpc/)
  })

  test('error: without a session it is 401 UNAUTHENTICATED', async () => {
    const t = createTestApp(await databases.fresh(), { evm: anvilEvm() })
    const res = await t
      .browser()
      .client.post('/api/rpc/evm', { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(res.status).toBe(401)
  })

  test('error: an unreachable node is 502 RPC_UPSTREAM_ERROR without its URL', async () => {
    const { client } = await signedIn({ rpcUrl: 'http://127.0.0.1:9/secret-api-key' })
    const res = await client.post('/api/rpc/evm', { jsonrpc: '2.0', id: 1, method: 'eth_chainId' })
    expect(res.status).toBe(502)
    expect(res.body.code).toBe('RPC_UPSTREAM_ERROR')
    expect(res.text).not.toContain('secret-api-key')
  })
})
