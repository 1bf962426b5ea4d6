import { type DockApi, type DockRequest, RPC_ERROR } from '@stratos/dock-sdk'
import type { PublicNetwork } from '@stratos/schemas'
import { ApiRequestError } from '../../lib/AppError'
import { DockRpcFailure } from '../../lib/dockRpcFailure'
import type { CantonDappHandler } from '../canton'
import type { ApprovalRequest } from './approvalQueue'
import { CANTON_NETWORK, type DockApp, type DockGrant } from './dockApi'
import { type EvmRequest, EvmRpcError } from './evm/evmRequest'
import { parseSendTransaction } from './evm/parseSendTransaction'
import { personalSignMessage } from './evm/personalSignMessage'
import { typedDataReview } from './evm/typedDataReview'
import { checkDockMethod, DOCK_EVM_READ_METHODS } from './permissions'

/** What the dispatcher needs of the wallet page; injected, so tests run it without a browser. */
export interface DockDispatcherDeps {
  /** The instance's enabled networks (`GET /api/networks`). */
  networks(): Promise<readonly PublicNetwork[]>
  /** The user's current grant to `appId`, or null. */
  grant(appId: string): Promise<DockGrant | null>
  /** The user's EVM address (what `eth_requestAccounts` grants), or null when the account has none. */
  evmAddress(): string | null
  /** The user's Canton party, or null when they have none (not onboarded, or no Canton). */
  cantonParty(): Promise<string | null>
  /** Queues an approval in the wallet's dialog: the result, or rejects with the refusal. */
  approve(request: ApprovalRequest): Promise<unknown>
  /** JSON-RPC to a network through the API's proxy. */
  evmRequest(networkId: string): EvmRequest
  /** Sends an event to the app's frame. */
  emit(appId: string, api: DockApi, event: string, data: unknown): void
  /** The Canton dApp handler of the app, or null when the wallet has none. */
  canton(app: DockApp): CantonDappHandler | null
}

export interface DockDispatcher {
  /** Answers one request of `app`: the result, or throws `DockRpcFailure`. */
  dispatch(app: DockApp, request: Pick<DockRequest, 'api' | 'method' | 'params'>): Promise<unknown>
  /** The EVM network the app is on, or null when it has none. */
  currentNetwork(app: DockApp): Promise<PublicNetwork | null>
}

const READS: readonly string[] = DOCK_EVM_READ_METHODS

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase()
}

/** True when `grant` gives the app the user's EVM account. */
export function grantsEvm(grant: DockGrant | null, address: string | null): boolean {
  return !!grant && grant.accounts.some((a) => same(a, address))
}

/** True when `grant` gives the app the user's Canton party on the Canton ledger. */
export function grantsCanton(grant: DockGrant | null, party: string | null): boolean {
  return !!grant && grant.networks.includes(CANTON_NETWORK) && grant.accounts.includes(party ?? '\0')
}

/**
 * The EVM networks the app may use, in the app's order: the instance's enabled EVM networks the
 * admin gave it, narrowed to those the user granted once they granted any.
 */
export function offeredEvmNetworks(
  app: DockApp,
  networks: readonly PublicNetwork[],
  grant: DockGrant | null,
): PublicNetwork[] {
  const evm = app.networks
    .map((id) => networks.find((n) => n.id === id && n.family === 'evm' && n.chainId !== null))
    .filter((n): n is PublicNetwork => n !== undefined)
  const granted = grant ? evm.filter((n) => grant.networks.includes(n.id)) : []
  return granted.length > 0 ? granted : evm
}

const hex = (n: number) => `0x${n.toString(16)}`

/** A failure of the proxy or the node, as the app gets it (the node's own JSON-RPC error passes as is). */
function upstreamFailure(error: unknown): DockRpcFailure {
  if (error instanceof DockRpcFailure) return error
  if (error instanceof EvmRpcError) return new DockRpcFailure(error.code, error.message, error.data)
  if (error instanceof ApiRequestError && error.status === 429)
    return new DockRpcFailure(RPC_ERROR.limitExceeded, error.message)
  if (error instanceof ApiRequestError)
    return new DockRpcFailure(RPC_ERROR.resourceUnavailable, error.message)
  return new DockRpcFailure(RPC_ERROR.internal, error instanceof Error ? error.message : 'The wallet failed.')
}

/**
 * The wallet's answer to every request of the dock's apps: the method -> permission table and the
 * user's grant first (`checkDockMethod`), then EIP-1193 methods here and CIP-0103 methods through
 * the Canton handler. Whatever signs goes through the approval queue.
 */
export function createDockDispatcher(deps: DockDispatcherDeps): DockDispatcher {
  // The chain each app is on (network id), per page: set by wallet_switchEthereumChain.
  const chains = new Map<string, string>()

  async function evmState(app: DockApp) {
    const [networks, grant] = await Promise.all([deps.networks(), deps.grant(app.id)])
    const offered = offeredEvmNetworks(app, networks, grant)
    const current = offered.find((n) => n.id === chains.get(app.id)) ?? offered[0] ?? null
    return { offered, current, grant }
  }

  function requireChain(current: PublicNetwork | null): PublicNetwork & { chainId: number } {
    if (!current || current.chainId === null)
      throw new DockRpcFailure(RPC_ERROR.disconnected, 'The wallet offers this app no EVM network.')
    return current as PublicNetwork & { chainId: number }
  }

  async function setChain(app: DockApp, network: PublicNetwork, before: PublicNetwork | null) {
    chains.set(app.id, network.id)
    if (before?.id !== network.id) deps.emit(app.id, 'eip1193', 'chainChanged', hex(network.chainId!))
  }

  async function eip1193(app: DockApp, method: string, params: unknown): Promise<unknown> {
    const address = deps.evmAddress()
    const { offered, current, grant } = await evmState(app)
    const granted = grantsEvm(grant, address)
    checkDockMethod(app, 'eip1193', method, granted)

    if (READS.includes(method)) {
      const network = requireChain(current)
      try {
        return await deps.evmRequest(network.id)(method, Array.isArray(params) ? params : [])
      } catch (error) {
        throw upstreamFailure(error)
      }
    }
    switch (method) {
      case 'eth_chainId':
        return hex(requireChain(current).chainId)
      case 'net_version':
        return String(requireChain(current).chainId)
      case 'wallet_switchEthereumChain': {
        const asked = Array.isArray(params)
          ? (params[0] as { chainId?: unknown } | undefined)?.chainId
          : undefined
        if (typeof asked !== 'string' || !/^0x[0-9a-fA-F]+$/.test(asked))
          throw new DockRpcFailure(
            RPC_ERROR.invalidParams,
            'wallet_switchEthereumChain: params must be [{ chainId: "0x…" }].',
          )
        const target = offered.find((n) => n.chainId === Number.parseInt(asked, 16))
        if (!target)
          throw new DockRpcFailure(
            RPC_ERROR.unrecognizedChain,
            `Chain ${asked} is not one the wallet offers ${app.name}.`,
          )
        await setChain(app, target, current)
        return null
      }
      case 'eth_accounts':
        return granted && address ? [address] : []
      case 'eth_requestAccounts': {
        if (!address)
          throw new DockRpcFailure(
            RPC_ERROR.unauthorized,
            'Your wallet has no EVM account yet: unlock it once first.',
          )
        if (granted) return [address]
        requireChain(current)
        const saved = (await deps.approve({ kind: 'connect', app, api: 'eip1193' })) as DockGrant | null
        if (!grantsEvm(saved, address))
          throw new DockRpcFailure(RPC_ERROR.userRejected, 'The user rejected the request.')
        const after = await evmState(app)
        if (after.current) await setChain(app, after.current, current)
        deps.emit(app.id, 'eip1193', 'accountsChanged', [address])
        return [address]
      }
      case 'eth_sendTransaction': {
        const network = requireChain(current)
        const tx = parseSendTransaction(params, { granted: address!, chainId: network.chainId })
        return deps.approve({ kind: 'evm-transaction', app, network, tx })
      }
      case 'personal_sign': {
        const message = personalSignMessage(params)
        if (!same(message.address, address))
          throw new DockRpcFailure(
            RPC_ERROR.unauthorized,
            `personal_sign: ${message.address} is not the account you connected.`,
          )
        return deps.approve({ kind: 'personal-sign', app, message })
      }
      case 'eth_signTypedData_v4': {
        const network = requireChain(current)
        if (!Array.isArray(params) || params.length < 2 || typeof params[0] !== 'string')
          throw new DockRpcFailure(
            RPC_ERROR.invalidParams,
            'eth_signTypedData_v4: params must be [address, typedData].',
          )
        if (!same(params[0], address))
          throw new DockRpcFailure(
            RPC_ERROR.unauthorized,
            `eth_signTypedData_v4: ${params[0]} is not the account you connected.`,
          )
        const review = typedDataReview(params[1], network.chainId)
        return deps.approve({ kind: 'typed-data', app, network, review })
      }
    }
    throw new DockRpcFailure(RPC_ERROR.unsupportedMethod, `The wallet does not support ${method}.`)
  }

  async function cip0103(app: DockApp, method: string, params: unknown): Promise<unknown> {
    const [grant, party] = await Promise.all([deps.grant(app.id), deps.cantonParty()])
    const granted = grantsCanton(grant, party)
    const rule = checkDockMethod(app, 'cip0103', method, granted)
    if (!app.networks.includes(CANTON_NETWORK))
      throw new DockRpcFailure(
        RPC_ERROR.unauthorized,
        `The wallet's admin did not give ${app.name} the Canton ledger.`,
      )
    const handler = deps.canton(app)
    if (!handler)
      throw new DockRpcFailure(RPC_ERROR.unsupportedMethod, 'This wallet does not offer the Canton dApp API.')
    let grantedParty = granted ? party : null
    if (rule.grant === 'connect' && !granted) {
      if (!party)
        throw new DockRpcFailure(
          RPC_ERROR.unauthorized,
          'You have no Canton party yet: set up Canton in your wallet first.',
        )
      const saved = (await deps.approve({ kind: 'connect', app, api: 'cip0103' })) as DockGrant | null
      if (!grantsCanton(saved, party))
        throw new DockRpcFailure(RPC_ERROR.userRejected, 'The user rejected the request.')
      grantedParty = party
    }
    return handler.handle(method, params, { party: grantedParty })
  }

  return {
    async dispatch(app, { api, method, params }) {
      try {
        return await (api === 'eip1193' ? eip1193(app, method, params) : cip0103(app, method, params))
      } catch (error) {
        throw upstreamFailure(error)
      }
    },
    async currentNetwork(app) {
      return (await evmState(app)).current
    },
  }
}
