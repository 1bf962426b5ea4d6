import { createWalletClient, type Hex, http, numberToHex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { DOCK_CHANNEL, type DockRequest, type DockWalletInfo, isDockMessage, RPC_ERROR } from '../protocol.js'
import type { FakeMessageEvent, FakeWindow, WindowHandle } from './fakeFrames.js'

/** A refusal the stand-in wallet answers with (the real wallet's `DockRpcFailure`). */
class Refusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message)
  }
}

export interface FakeWalletOptions {
  /** The wallet page's window. */
  window: FakeWindow
  /** The dock app's frame (the parent's handle of it) and its configured origin. */
  app: { frame: WindowHandle; origin: string }
  info: DockWalletInfo
  /** Anvil's JSON-RPC URL: reads go there and transactions are sent there. */
  rpcUrl: string
  /** The key the stand-in signs with (the real wallet's vault). */
  privateKey: Hex
  /** Chain ids the app may use; the first is current and served by `rpcUrl`. */
  chainIds: number[]
}

/**
 * A stand-in of the wallet page's dock bridge for the dock-sdk's tests (the real one lives in
 * apps/web and cannot run in this package's tests): answers the app's frame only, reads from a real
 * anvil, and signs with a viem local account after `approve` (the test's stand-in for the user's
 * review) says yes. Canton (CIP-0103) is answered from fixed data: no ledger behind it.
 */
export function startFakeWallet(options: FakeWalletOptions) {
  const account = privateKeyToAccount(options.privateKey)
  const signer = createWalletClient({ account, transport: http(options.rpcUrl) })
  let chainId = options.chainIds[0]!
  let connected = false
  /** Every request the bridge accepted, in order. */
  const received: DockRequest[] = []
  const state = {
    /** The test's answer for the next review; true = Confirm. */
    approve: async (_request: DockRequest): Promise<boolean> => true,
  }
  const party = 'dock-user::1220aa'

  const post = (message: unknown) => options.app.frame.postMessage(message, options.app.origin)
  const emit = (api: 'eip1193' | 'cip0103', event: string, data: unknown) =>
    post({ channel: DOCK_CHANNEL, kind: 'event', api, event, data })

  async function review(request: DockRequest): Promise<void> {
    if (!(await state.approve(request)))
      throw new Refusal(RPC_ERROR.userRejected, 'User rejected the request')
  }

  async function anvil(method: string, params: unknown): Promise<unknown> {
    const response = await fetch(options.rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params: params ?? [] }),
    })
    const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } }
    if (body.error) throw new Refusal(body.error.code, body.error.message)
    return body.result
  }

  async function eip1193(request: DockRequest): Promise<unknown> {
    const params = (request.params ?? []) as unknown[]
    switch (request.method) {
      case 'eth_requestAccounts':
        connected = true
        emit('eip1193', 'connect', { chainId: numberToHex(chainId) })
        return [account.address]
      case 'eth_accounts':
        return connected ? [account.address] : []
      case 'eth_chainId':
        return numberToHex(chainId)
      case 'wallet_switchEthereumChain': {
        const wanted = Number((params[0] as { chainId: string }).chainId)
        if (!options.chainIds.includes(wanted))
          throw new Refusal(RPC_ERROR.unrecognizedChain, `Chain ${wanted} is not one this app may use`)
        chainId = wanted
        emit('eip1193', 'chainChanged', numberToHex(chainId))
        return null
      }
      case 'personal_sign':
        await review(request)
        return account.signMessage({ message: { raw: params[0] as Hex } })
      case 'eth_signTypedData_v4': {
        await review(request)
        const typed = JSON.parse(params[1] as string)
        return account.signTypedData(typed)
      }
      case 'eth_sendTransaction': {
        const tx = params[0] as { to: Hex; value?: Hex; data?: Hex; gas?: Hex }
        await review(request)
        return signer.sendTransaction({
          to: tx.to,
          value: tx.value ? BigInt(tx.value) : 0n,
          ...(tx.data ? { data: tx.data } : {}),
          ...(tx.gas ? { gas: BigInt(tx.gas) } : {}),
          chain: null,
        })
      }
      case 'eth_sign':
        throw new Refusal(RPC_ERROR.unsupportedMethod, 'eth_sign is not supported')
      default:
        return anvil(request.method, request.params)
    }
  }

  const wallet = {
    primary: true,
    partyId: party,
    status: 'allocated',
    hint: 'dock-user',
    publicKey: 'aa'.repeat(32),
    namespace: '1220aa',
    networkId: 'canton:local',
    signingProviderId: 'stratos-vault',
  }
  const connectResult = { isConnected: true, isNetworkConnected: true }

  async function cip0103(request: DockRequest): Promise<unknown> {
    switch (request.method) {
      case 'connect':
        emit('cip0103', 'statusChanged', {
          provider: { id: 'stratos-vault', providerType: 'browser' },
          connection: connectResult,
        })
        return connectResult
      case 'isConnected':
        return connectResult
      case 'status':
        return {
          provider: { id: 'stratos-vault', providerType: 'browser' },
          connection: connectResult,
          network: { networkId: 'canton:local' },
        }
      case 'listAccounts':
        return [wallet]
      case 'getPrimaryAccount':
        return wallet
      case 'ledgerApi':
        return { echo: request.params }
      case 'prepareExecuteAndWait': {
        const { commandId = 'cmd-1' } = (request.params ?? {}) as { commandId?: string }
        emit('cip0103', 'txChanged', { status: 'pending', commandId })
        await review(request)
        emit('cip0103', 'txChanged', {
          status: 'signed',
          commandId,
          payload: { signature: 'sig', signedBy: 'stratos-vault', party },
        })
        const tx = { status: 'executed', commandId, payload: { updateId: 'update-1', completionOffset: 42 } }
        emit('cip0103', 'txChanged', tx)
        return { tx }
      }
      default:
        throw new Refusal(RPC_ERROR.unsupportedMethod, `${request.method} is not supported`)
    }
  }

  function onMessage(event: Event): void {
    const { data, origin, source } = event as FakeMessageEvent
    // The bridge's checks: its dock frame, at the app's configured origin.
    if (source !== options.app.frame || origin !== options.app.origin || !isDockMessage(data)) return
    if (data.kind === 'hello') {
      post({ channel: DOCK_CHANNEL, kind: 'welcome', wallet: options.info })
      return
    }
    if (data.kind !== 'request') return
    const request = data as unknown as DockRequest
    received.push(request)
    const answer = request.api === 'eip1193' ? eip1193(request) : cip0103(request)
    answer.then(
      (result) => post({ channel: DOCK_CHANNEL, kind: 'response', id: request.id, result: result ?? null }),
      (error: unknown) =>
        post({
          channel: DOCK_CHANNEL,
          kind: 'response',
          id: request.id,
          error:
            error instanceof Refusal
              ? { code: error.code, message: error.message }
              : { code: RPC_ERROR.internal, message: String(error) },
        }),
    )
  }
  options.window.addEventListener('message', onMessage)

  return {
    account,
    received,
    state,
    emit,
    stop: () => options.window.removeEventListener('message', onMessage),
  }
}
