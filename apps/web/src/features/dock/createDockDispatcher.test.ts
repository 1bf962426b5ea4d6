import { RPC_ERROR } from '@stratos/dock-sdk'
import type { Vault } from '@stratos/keys'
import type { PublicNetwork } from '@stratos/schemas'
import { DOCK_PERMISSIONS } from '@stratos/schemas'
import { hexToBigInt, parseEther, verifyMessage, verifyTypedData } from 'viem'
import { beforeEach, describe, expect, test } from 'vitest'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import { type ApprovalRequest, userRejected } from './approvalQueue'
import { createDockDispatcher } from './createDockDispatcher'
import type { DockApp, DockGrant } from './dockApi'
import { prepareEvmReview } from './evm/prepareEvmReview'
import { sendReviewedTransaction } from './evm/sendReviewedTransaction'
import {
  directEvmRequest,
  dockTestChain,
  revertingContractCode,
  waitForReceipt,
} from './evm/testing/dockTestChain'

const t = dockTestChain()
const RECIPIENT = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC'
const PARTY = 'alice::1220abcd'

function network(id: string, chainId: number): PublicNetwork {
  return {
    id,
    family: 'evm',
    name: id,
    testnet: true,
    chainId,
    bitcoinNetwork: null,
    tonNetwork: null,
    nativeSymbol: 'ETH',
    nativeDecimals: 18,
    nativePriceId: null,
    explorerTxUrl: null,
    explorerAddressUrl: null,
    hasIndexer: false,
    tokens: [],
  }
}

const app: DockApp = {
  id: 'swap',
  name: 'Swap',
  icon: null,
  url: 'https://swap.example/',
  origin: 'https://swap.example',
  networks: ['anvil', 'second', 'canton'],
  permissions: [...DOCK_PERMISSIONS],
  position: 0,
  enabled: true,
}

/**
 * The dispatcher with the wallet page's parts replaced: grants in a map, the approval dialog by
 * `decide` (the user's answer), events recorded; the chain is a real anvil.
 */
function setup() {
  const grants = new Map<string, DockGrant>()
  const approvals: ApprovalRequest[] = []
  const events: { api: string; event: string; data: unknown }[] = []
  const handled: { method: string; party: string | null }[] = []
  const state = { answer: 'approve' as 'approve' | 'reject' }
  const vault: Vault = t.vault
  async function decide(request: ApprovalRequest): Promise<unknown> {
    approvals.push(request)
    if (state.answer === 'reject') throw userRejected()
    switch (request.kind) {
      case 'connect': {
        const grant = { appId: request.app.id, accounts: [t.address, PARTY], networks: request.app.networks }
        grants.set(request.app.id, grant)
        return grant
      }
      case 'evm-transaction': {
        const rpc = directEvmRequest(t.chain().endpoint)
        const review = await prepareEvmReview({
          request: rpc,
          chainId: request.network.chainId!,
          tx: request.tx,
          tokens: [],
        })
        return sendReviewedTransaction({ vault, review, request: rpc })
      }
      case 'personal-sign':
        return vault.signEvmMessage(request.message.bytes)
      case 'typed-data':
        return vault.signEvmTypedData(request.review.definition as never)
      case 'canton':
        return true
    }
  }
  const dispatcher = createDockDispatcher({
    networks: async () => [network('anvil', 31337), network('second', 999)],
    grant: async (id) => grants.get(id) ?? null,
    evmAddress: () => t.address,
    cantonParty: async () => PARTY,
    approve: decide,
    evmRequest: (id) => {
      if (id !== 'anvil') throw new Error(`no node for ${id} in this test`)
      return directEvmRequest(t.chain().endpoint)
    },
    emit: (_appId, api, event, data) => events.push({ api, event, data }),
    canton: () => ({
      async handle(method, _params, grant) {
        handled.push({ method, party: grant.party })
        return { ok: true }
      },
    }),
  })
  const call = (method: string, params?: unknown, api: 'eip1193' | 'cip0103' = 'eip1193', target = app) =>
    dispatcher.dispatch(target, { api, method, params })
  return { grants, approvals, events, handled, state, call }
}

async function code(promise: Promise<unknown>): Promise<number> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DockRpcFailure) return error.code
    throw error
  }
  throw new Error('expected a refusal')
}

let s: ReturnType<typeof setup>
beforeEach(() => {
  s = setup()
})

/** The receipt of `hash`, asked until the node has mined it. */
async function receiptOf(hash: string): Promise<{ status: string }> {
  return (await waitForReceipt(directEvmRequest(t.chain().endpoint), hash)) as { status: string }
}

async function connect() {
  expect(await s.call('eth_requestAccounts')).toEqual([t.address])
}

describe('createDockDispatcher: accounts and chains', () => {
  test('behavior: chain id and reads answer before connecting; accounts are empty', async () => {
    expect(await s.call('eth_chainId')).toBe('0x7a69')
    expect(await s.call('net_version')).toBe('31337')
    expect(await s.call('eth_accounts')).toEqual([])
    const balance = (await s.call('eth_getBalance', [t.address, 'latest'])) as `0x${string}`
    expect(hexToBigInt(balance)).toBeGreaterThan(0n)
  })

  test('behavior: eth_requestAccounts asks the user once, then answers from the grant', async () => {
    await connect()
    expect(s.approvals.map((a) => a.kind)).toEqual(['connect'])
    expect(s.events).toContainEqual({ api: 'eip1193', event: 'accountsChanged', data: [t.address] })
    expect(await s.call('eth_accounts')).toEqual([t.address])
    await connect()
    expect(s.approvals).toHaveLength(1)
  })

  test('error: rejecting the connect approval is 4001 and grants nothing', async () => {
    s.state.answer = 'reject'
    expect(await code(s.call('eth_requestAccounts'))).toBe(RPC_ERROR.userRejected)
    expect(await s.call('eth_accounts')).toEqual([])
  })

  test('error: a method outside the app permissions is 4100 and nothing is asked', async () => {
    const readOnly = { ...app, permissions: ['accounts' as const] }
    s.grants.set(app.id, { appId: app.id, accounts: [t.address], networks: ['anvil'] })
    expect(
      await code(s.call('eth_sendTransaction', [{ from: t.address, to: RECIPIENT }], 'eip1193', readOnly)),
    ).toBe(RPC_ERROR.unauthorized)
    expect(await code(s.call('personal_sign', ['0x00', t.address], 'eip1193', readOnly))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(s.approvals).toEqual([])
  })

  test('error: unknown methods are 4200', async () => {
    for (const method of [
      'eth_sign',
      'eth_sendRawTransaction',
      'wallet_addEthereumChain',
      'anvil_setBalance',
    ])
      expect(await code(s.call(method, []))).toBe(RPC_ERROR.unsupportedMethod)
  })

  test('behavior: switching to a chain of the app emits chainChanged; another chain is 4902', async () => {
    expect(await code(s.call('wallet_switchEthereumChain', [{ chainId: '0x1' }]))).toBe(
      RPC_ERROR.unrecognizedChain,
    )
    expect(await s.call('wallet_switchEthereumChain', [{ chainId: '0x3e7' }])).toBeNull()
    expect(s.events).toContainEqual({ api: 'eip1193', event: 'chainChanged', data: '0x3e7' })
    expect(await s.call('eth_chainId')).toBe('0x3e7')
  })

  test('error: a chain the user did not grant is not offered (4902)', async () => {
    s.grants.set(app.id, { appId: app.id, accounts: [t.address], networks: ['anvil'] })
    expect(await code(s.call('wallet_switchEthereumChain', [{ chainId: '0x3e7' }]))).toBe(
      RPC_ERROR.unrecognizedChain,
    )
  })
})

describe('createDockDispatcher: eth_sendTransaction (anvil)', () => {
  test('behavior: approved, it is signed by the vault and broadcast; the balance moves on chain', async () => {
    await connect()
    const rpc = directEvmRequest(t.chain().endpoint)
    const before = hexToBigInt((await rpc('eth_getBalance', [RECIPIENT, 'latest'])) as `0x${string}`)
    const hash = await s.call('eth_sendTransaction', [
      { from: t.address, to: RECIPIENT, value: `0x${parseEther('0.1').toString(16)}` },
    ])
    expect(hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect((await receiptOf(hash as string)).status).toBe('0x1')
    const after = hexToBigInt((await rpc('eth_getBalance', [RECIPIENT, 'latest'])) as `0x${string}`)
    expect(after - before).toBe(parseEther('0.1'))
  })

  test('behavior: a transaction that reverts gets a gas limit from the simulation and can still be sent', async () => {
    await connect()
    const { contractAddress } = await t.send({
      from: t.chain().faucet,
      data: revertingContractCode('paused'),
    })
    const hash = await s.call('eth_sendTransaction', [
      { from: t.address, to: contractAddress, data: '0x12345678' },
    ])
    expect((await receiptOf(hash as string)).status).toBe('0x0')
  })

  test('error: rejected, it is 4001 and nothing is sent', async () => {
    await connect()
    const rpc = directEvmRequest(t.chain().endpoint)
    const nonce = await rpc('eth_getTransactionCount', [t.address, 'pending'])
    s.state.answer = 'reject'
    expect(
      await code(s.call('eth_sendTransaction', [{ from: t.address, to: RECIPIENT, value: '0x1' }])),
    ).toBe(RPC_ERROR.userRejected)
    expect(await rpc('eth_getTransactionCount', [t.address, 'pending'])).toBe(nonce)
  })

  test('error: checked before any review: from, chainId, to, fields', async () => {
    await connect()
    const approvalsBefore = s.approvals.length
    const tx = { from: t.address, to: RECIPIENT }
    expect(await code(s.call('eth_sendTransaction', [{ ...tx, from: RECIPIENT }]))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(await code(s.call('eth_sendTransaction', [{ ...tx, chainId: '0x1' }]))).toBe(
      RPC_ERROR.invalidParams,
    )
    expect(await code(s.call('eth_sendTransaction', [{ from: t.address, data: '0x00' }]))).toBe(
      RPC_ERROR.unsupportedMethod,
    )
    expect(await code(s.call('eth_sendTransaction', [{ ...tx, value: '12' }]))).toBe(RPC_ERROR.invalidParams)
    expect(await code(s.call('eth_sendTransaction', [{ ...tx, data: '0x123' }]))).toBe(
      RPC_ERROR.invalidParams,
    )
    expect(await code(s.call('eth_sendTransaction', []))).toBe(RPC_ERROR.invalidParams)
    expect(s.approvals).toHaveLength(approvalsBefore)
  })

  test('error: before connecting, it is 4100', async () => {
    expect(await code(s.call('eth_sendTransaction', [{ from: t.address, to: RECIPIENT }]))).toBe(
      RPC_ERROR.unauthorized,
    )
  })
})

describe('createDockDispatcher: signing messages', () => {
  const typedData = (chainId: number) => ({
    types: {
      EIP712Domain: [
        { name: 'name', type: 'string' },
        { name: 'version', type: 'string' },
        { name: 'chainId', type: 'uint256' },
        { name: 'verifyingContract', type: 'address' },
      ],
      Person: [
        { name: 'name', type: 'string' },
        { name: 'wallet', type: 'address' },
      ],
      Mail: [
        { name: 'from', type: 'Person' },
        { name: 'to', type: 'Person' },
        { name: 'contents', type: 'string' },
      ],
    },
    primaryType: 'Mail',
    domain: {
      name: 'Ether Mail',
      version: '1',
      chainId,
      verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC' as const,
    },
    message: {
      from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
      to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
      contents: 'Hello, Bob!',
    },
  })

  test('behavior: typed data signed on approval verifies with viem', async () => {
    await connect()
    const data = typedData(31337)
    const signature = (await s.call('eth_signTypedData_v4', [
      t.address,
      JSON.stringify(data),
    ])) as `0x${string}`
    const { EIP712Domain: _domain, ...types } = data.types
    expect(
      await verifyTypedData({
        address: t.address,
        domain: data.domain,
        types,
        primaryType: 'Mail',
        message: data.message,
        signature,
      }),
    ).toBe(true)
  })

  test('error: typed data for another chain is -32602, another address 4100, nothing asked', async () => {
    await connect()
    const asked = s.approvals.length
    expect(await code(s.call('eth_signTypedData_v4', [t.address, JSON.stringify(typedData(1))]))).toBe(
      RPC_ERROR.invalidParams,
    )
    expect(await code(s.call('eth_signTypedData_v4', [RECIPIENT, JSON.stringify(typedData(31337))]))).toBe(
      RPC_ERROR.unauthorized,
    )
    expect(s.approvals).toHaveLength(asked)
  })

  test('behavior: personal_sign of hex text verifies with viem', async () => {
    await connect()
    const signature = (await s.call('personal_sign', ['0x68656c6c6f', t.address])) as `0x${string}`
    expect(await verifyMessage({ address: t.address, message: 'hello', signature })).toBe(true)
  })
})

describe('createDockDispatcher: CIP-0103', () => {
  test('behavior: connect asks the user, then the Canton handler gets the granted party', async () => {
    expect(await s.call('status', undefined, 'cip0103')).toEqual({ ok: true })
    expect(s.handled).toEqual([{ method: 'status', party: null }])
    await s.call('connect', undefined, 'cip0103')
    expect(s.approvals.map((a) => a.kind)).toEqual(['connect'])
    await s.call('listAccounts', undefined, 'cip0103')
    expect(s.handled.at(-1)).toEqual({ method: 'listAccounts', party: PARTY })
  })

  test('error: reads before a grant are 4100; an app without Canton is 4100; nothing reaches the handler', async () => {
    expect(await code(s.call('ledgerApi', {}, 'cip0103'))).toBe(RPC_ERROR.unauthorized)
    const evmOnly = { ...app, networks: ['anvil'] }
    expect(await code(s.call('status', undefined, 'cip0103', evmOnly))).toBe(RPC_ERROR.unauthorized)
    expect(await code(s.call('eth_chainId', undefined, 'cip0103'))).toBe(RPC_ERROR.unsupportedMethod)
    expect(s.handled).toEqual([])
  })
})
