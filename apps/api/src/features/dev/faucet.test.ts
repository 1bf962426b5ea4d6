import { type EvmLocalChain, startEvmLocalChain } from '@stratos/chains/evm-local'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

let chain: EvmLocalChain
beforeAll(async () => {
  chain = await startEvmLocalChain({ chainId: 31339 })
})
afterAll(async () => {
  await chain?.stop()
})

async function rpc<T>(method: string, params: unknown[]): Promise<T> {
  const res = await fetch(chain.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await res.json()) as { result: T }).result
}

const balanceOf = async (address: string) => BigInt(await rpc<string>('eth_getBalance', [address, 'latest']))

async function tokenBalanceOf(address: string): Promise<bigint> {
  // balanceOf(address)
  const data = `0x70a08231${address.slice(2).toLowerCase().padStart(64, '0')}`
  return BigInt(await rpc<string>('eth_call', [{ to: chain.tokens[0]!.address, data }, 'latest']))
}

describe.each(DB_KINDS)('POST /api/dev/chains/:id/faucet on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const path = '/api/dev/chains/evm-31339/faucet'

  async function signedIn(devMode: boolean) {
    const t = createTestApp(
      await databases.fresh(),
      { devMode },
      { devChains: new Map([['evm-31339', chain]]) },
    )
    const browser = t.browser()
    await register(browser.client, browser.authenticator, {
      addresses: testAddresses(kind === 'sqlite' ? 1 : 2),
    })
    return { t, ...browser }
  }

  test('behavior: sends 1 ETH, or 1,000 of the test token, and answers once confirmed', async () => {
    const { client } = await signedIn(true)
    const to = testAddresses(kind === 'sqlite' ? 1 : 2).evm
    const [eth, token] = [await balanceOf(to), await tokenBalanceOf(to)]
    const res = await client.post(path, { address: to })
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      txId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      amount: '1000000000000000000',
    })
    expect((await balanceOf(to)) - eth).toBe(10n ** 18n)
    const minted = await client.post(path, { address: to, token: chain.tokens[0]!.address.toLowerCase() })
    expect(minted.status).toBe(200)
    expect(minted.body.amount).toBe('1000000000')
    expect((await tokenBalanceOf(to)) - token).toBe(1000n * 10n ** 6n)
  })

  test('error: outside dev mode the route does not exist (404)', async () => {
    const { client } = await signedIn(false)
    const res = await client.post(path, { address: testAddresses(3).evm })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('NOT_FOUND')
  })

  test('error: a network without a local chain is 404 naming it', async () => {
    const { client } = await signedIn(true)
    const res = await client.post('/api/dev/chains/solana-main/faucet', { address: testAddresses(3).evm })
    expect(res.status).toBe(404)
    expect(res.body).toMatchObject({
      code: 'FAUCET_NOT_FOUND',
      message: expect.stringContaining("'solana-main'"),
    })
  })

  test('error: a bad address or an unknown token is 400 naming it; no session is 401', async () => {
    const { t, client } = await signedIn(true)
    const bad = await client.post(path, { address: '0x123' })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ code: 'FAUCET_REFUSED', message: expect.stringContaining('0x123') })
    const token = await client.post(path, {
      address: testAddresses(3).evm,
      token: '0x0000000000000000000000000000000000000001',
    })
    expect(token.status).toBe(400)
    expect(token.body).toMatchObject({
      code: 'FAUCET_TOKEN_UNKNOWN',
      message: expect.stringContaining('tUSDC'),
    })
    const anonymous = await t.browser().client.post(path, { address: testAddresses(3).evm })
    expect(anonymous.status).toBe(401)
  })
})
