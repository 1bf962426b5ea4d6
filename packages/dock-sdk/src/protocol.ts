/**
 * The dock channel: the messages a dock app (in its iframe) and the wallet page (its parent)
 * exchange with `postMessage`. Each side sends only to the other's origin and reads only messages
 * whose `event.origin` and `event.source` are the other's; anything else is dropped.
 *
 * 1. The app posts `hello` to its parent (target `*`: it does not know the wallet's origin yet, and
 *    `hello` carries nothing).
 * 2. The wallet answers `welcome` to that frame only, with the app's configured origin as target,
 *    when the sender is a frame of its dock whose origin is that app's. The app takes the
 *    `welcome`'s origin as the wallet's from then on (or refuses one outside `walletOrigins`).
 * 3. `request` / `response` pairs by `id`; `event` from the wallet at any time after `welcome`.
 */
export const DOCK_CHANNEL = 'stratos-dock/1'

/** Which standard a request or event belongs to. */
export type DockApi = 'eip1193' | 'cip0103'

/** What the wallet tells the app about itself: the EIP-6963 provider info of the instance. */
export interface DockWalletInfo {
  /** The instance's name, shown by dApps in their wallet pickers. */
  name: string
  /** The instance's icon as a data: URI (EIP-6963 requires a data URI). */
  icon: string
  /** Reverse-DNS id of the wallet (EIP-6963 `rdns`), e.g. `com.example.wallet`. */
  rdns: string
}

export interface DockHello {
  channel: typeof DOCK_CHANNEL
  kind: 'hello'
  /** The dock-sdk version the app runs. */
  sdkVersion: string
}

export interface DockWelcome {
  channel: typeof DOCK_CHANNEL
  kind: 'welcome'
  wallet: DockWalletInfo
}

export interface DockRequest {
  channel: typeof DOCK_CHANNEL
  kind: 'request'
  /** Unique per app session; the response carries it back. */
  id: number
  api: DockApi
  method: string
  params?: unknown
}

/** A JSON-RPC style error (EIP-1193 `ProviderRpcError`, EIP-1474 codes). */
export interface DockRpcError {
  code: number
  message: string
  data?: unknown
}

export type DockResponse =
  | { channel: typeof DOCK_CHANNEL; kind: 'response'; id: number; result: unknown }
  | { channel: typeof DOCK_CHANNEL; kind: 'response'; id: number; error: DockRpcError }

export interface DockEvent {
  channel: typeof DOCK_CHANNEL
  kind: 'event'
  api: DockApi
  /** EIP-1193: `accountsChanged`, `chainChanged`, `connect`, `disconnect`; CIP-0103: `accountsChanged`, `statusChanged`, `txChanged`. */
  event: string
  data: unknown
}

export type AppToWalletMessage = DockHello | DockRequest
export type WalletToAppMessage = DockWelcome | DockResponse | DockEvent

/** The standard error codes (EIP-1193 provider errors, EIP-1474 JSON-RPC errors) the wallet answers with. */
export const RPC_ERROR = {
  /** EIP-1193: the user rejected the request. */
  userRejected: 4001,
  /** EIP-1193: the method or account is not authorized (no grant, or outside the app's permissions). */
  unauthorized: 4100,
  /** EIP-1193: the provider does not support the method. */
  unsupportedMethod: 4200,
  /** EIP-1193: disconnected from all chains. */
  disconnected: 4900,
  /** EIP-1193: not connected to the requested chain. */
  chainDisconnected: 4901,
  /** EIP-3085/3326: the chain is not one the wallet offers this app. */
  unrecognizedChain: 4902,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  invalidInput: -32000,
  resourceNotFound: -32001,
  resourceUnavailable: -32002,
  transactionRejected: -32003,
  methodNotSupported: -32004,
  limitExceeded: -32005,
} as const

/** True when `value` is a message of the dock channel (any kind); its fields still need checking. */
export function isDockMessage(value: unknown): value is { channel: typeof DOCK_CHANNEL; kind: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { channel?: unknown }).channel === DOCK_CHANNEL &&
    typeof (value as { kind?: unknown }).kind === 'string'
  )
}
