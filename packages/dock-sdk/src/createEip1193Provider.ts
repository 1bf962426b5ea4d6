import type { DockTransport } from './createDockTransport.js'
import { ProviderRpcError } from './ProviderRpcError.js'
import { RPC_ERROR } from './protocol.js'

/** EIP-1193 `RequestArguments`. */
export interface RequestArguments {
  readonly method: string
  readonly params?: readonly unknown[] | object
}

/** The events of EIP-1193 the wallet sends. */
export type Eip1193EventName = 'connect' | 'disconnect' | 'accountsChanged' | 'chainChanged' | 'message'

// biome-ignore lint/suspicious/noExplicitAny: EIP-1193 listeners take whatever the event carries.
type Listener = (...args: any[]) => void

/** The EIP-1193 provider of a dock app: what viem's `custom`, ethers' `BrowserProvider` and wagmi take. */
export interface Eip1193Provider {
  request(args: RequestArguments): Promise<unknown>
  on(event: Eip1193EventName | (string & {}), listener: Listener): Eip1193Provider
  removeListener(event: Eip1193EventName | (string & {}), listener: Listener): Eip1193Provider
  /** Marks the provider as Stratos Vault's (wallets commonly expose such a flag). */
  readonly isStratosVault: true
}

export interface CreateEip1193ProviderParameters {
  transport: DockTransport
}

/**
 * An EIP-1193 provider over the dock channel: every request goes to the wallet (`api: 'eip1193'`),
 * which answers reads through its API and asks the user about anything that signs; errors are
 * `ProviderRpcError`s with the wallet's code (4001 rejected, 4100 unauthorized, 4200 unsupported,
 * 4902 unknown chain). The wallet's `connect`, `disconnect`, `accountsChanged` and `chainChanged`
 * events are emitted as EIP-1193 says (`disconnect` with a `ProviderRpcError`).
 */
export function createEip1193Provider({ transport }: CreateEip1193ProviderParameters): Eip1193Provider {
  const listeners = new Map<string, Set<Listener>>()

  transport.onEvent('eip1193', (event, data) => {
    const payload =
      event === 'disconnect'
        ? new ProviderRpcError(
            (data as { code?: number } | null)?.code ?? RPC_ERROR.disconnected,
            (data as { message?: string } | null)?.message ?? 'The wallet disconnected',
          )
        : data
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
  })

  const provider: Eip1193Provider = {
    isStratosVault: true,
    async request(args) {
      if (typeof args !== 'object' || args === null || typeof args.method !== 'string' || !args.method)
        throw new ProviderRpcError(RPC_ERROR.invalidRequest, 'request() takes { method: string, params? }')
      const { method, params } = args
      if (params !== undefined && (typeof params !== 'object' || params === null))
        throw new ProviderRpcError(RPC_ERROR.invalidParams, `${method}: params must be an array or an object`)
      return transport.request('eip1193', method, params)
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return provider
    },
    removeListener(event, listener) {
      listeners.get(event)?.delete(listener)
      return provider
    },
  }
  return provider
}
