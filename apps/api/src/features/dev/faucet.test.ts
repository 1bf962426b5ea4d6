import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

let anvil: AnvilNode
beforeAll(async () => {
  anvil = await startAnvil()
})
afterAll(async () => {
  await anvil?.stop()
})

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: T }).result
}

async function balanceOf(address: string): Promise<bigint> {
  return BigInt(await rpc<string>('eth_getBalance', [address, 'latest']))
}

describe.each(DB_KINDS)('POST /api/dev/faucet on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function signedIn(devMode: boolean) {
    const evm = { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: anvil.rpcUrl }
    const t = createTestApp(await databases.fresh(), { devMode, evm })
    const browser = t.browser()
    await register(browser.client, browser.authenticator, {
      addresses: testAddresses(kind === 'sqlite' ? 1 : 2),
    })
    return { t, ...browser }
  }

  test('behavior: sends 10 ETH from the node account and returns after the receipt', async () => {
    const { client } = await signedIn(true)
    const to = testAddresses(kind === 'sqlite' ? 1 : 2).evm
    const before = await balanceOf(to)
    const res = await client.post('/api/dev/faucet', { address: to })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      txHash: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      amountWei: '10000000000000000000',
    })
    expect((await balanceOf(to)) - before).toBe(10n * 10n ** 18n)
  })

  test('behavior: parallel requests all succeed, each with its own nonce', async () => {
    const { client } = await signedIn(true)
    const to = testAddresses(kind === 'sqlite' ? 4 : 5).evm
    const before = await balanceOf(to)
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => client.post('/api/dev/faucet', { address: to })),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200))
    const nonces = await Promise.all(
      answers.map(
        async (a) => (await rpc<{ nonce: string }>('eth_getTransactionByHash', [a.body.txHash])).nonce,
      ),
    )
    expect(new Set(nonces).size).toBe(8)
    expect((await balanceOf(to)) - before).toBe(8n * 10n * 10n ** 18n)
  })

  test('error: outside dev mode the route does not exist (404)', async () => {
    const { client } = await signedIn(false)
    const res = await client.post('/api/dev/faucet', { address: testAddresses(3).evm })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('NOT_FOUND')
  })

  test('error: a bad address is 400 naming it; no session is 401', async () => {
    const { t, client } = await signedIn(true)
    const bad = await client.post('/api/dev/faucet', { address: '0x123' })
    expect(bad.status).toBe(400)
    expect(bad.body.message).toMatch(/^address: expected a 0x-prefixed/)
    const anonymous = await t.browser().client.post('/api/dev/faucet', { address: testAddresses(3).evm })
    expect(anonymous.status).toBe(401)
  })
})
