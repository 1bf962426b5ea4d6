import type { DockTransport } from './createDockTransport.js'
import { ProviderRpcError } from './ProviderRpcError.js'
import { RPC_ERROR } from './protocol.js'

/** The methods of the Canton dApp API (CIP-0103, `openrpc-dapp-api.json` 0.5.0). */
export const CIP0103_METHODS = [
  'status',
  'connect',
  'disconnect',
  'isConnected',
  'getActiveNetwork',
  'prepareExecute',
  'prepareExecuteAndWait',
  'signMessage',
  'ledgerApi',
  'getPrimaryAccount',
  'listAccounts',
] as const
export type Cip0103Method = (typeof CIP0103_METHODS)[number]

/** The events of CIP-0103 the wallet emits. */
export type Cip0103EventName = 'accountsChanged' | 'statusChanged' | 'txChanged'

/** `RequestArgs` of the CIP-0103 provider: the method and its by-name `params` object. */
export interface CantonRequestArguments {
  readonly method: Cip0103Method | (string & {})
  readonly params?: unknown
}

// biome-ignore lint/suspicious/noExplicitAny: CIP-0103 listeners take whatever the event carries.
type Listener = (...args: any[]) => void

/**
 * The CIP-0103 `Provider` interface (as `@canton-network/core-splice-provider` declares it):
 * `request`, `on`, `emit`, `removeListener`. `DappClient` of `@canton-network/dapp-sdk` takes it.
 */
export interface CantonProvider {
  request<T = unknown>(args: CantonRequestArguments): Promise<T>
  on(event: Cip0103EventName | (string & {}), listener: Listener): CantonProvider
  emit(event: string, ...args: unknown[]): boolean
  removeListener(event: Cip0103EventName | (string & {}), listener: Listener): CantonProvider
}

export interface CreateCantonProviderParameters {
  transport: DockTransport
}

/**
 * A CIP-0103 provider over the dock channel (`api: 'cip0103'`): `connect`, `status`,
 * `listAccounts`, `prepareExecute(AndWait)` through the wallet's review, the `ledgerApi` reads the
 * app may do. Errors are `ProviderRpcError`s with EIP-1193 / EIP-1474 codes as CIP-0103 says; the
 * wallet's `accountsChanged`, `statusChanged` and `txChanged` are emitted with their payload.
 */
export function createCantonProvider({ transport }: CreateCantonProviderParameters): CantonProvider {
  const listeners = new Map<string, Listener[]>()

  const provider: CantonProvider = {
    async request<T>(args: CantonRequestArguments): Promise<T> {
      if (typeof args !== 'object' || args === null || typeof args.method !== 'string' || !args.method)
        throw new ProviderRpcError(RPC_ERROR.invalidRequest, 'request() takes { method: string, params? }')
      return (await transport.request('cip0103', args.method, args.params)) as T
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener])
      return provider
    },
    emit(event, ...args) {
      const current = listeners.get(event)
      if (!current?.length) return false
      for (const listener of [...current]) listener(...args)
      return true
    },
    removeListener(event, listener) {
      const current = listeners.get(event)
      if (current)
        listeners.set(
          event,
          current.filter((l) => l !== listener),
        )
      return provider
    },
  }

  transport.onEvent('cip0103', (event, data) => {
    provider.emit(event, data)
  })
  return provider
}
