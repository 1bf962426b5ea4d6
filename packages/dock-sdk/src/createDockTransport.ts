import { ProviderRpcError } from './ProviderRpcError.js'
import {
  DOCK_CHANNEL,
  type DockApi,
  type DockHello,
  type DockRequest,
  type DockWalletInfo,
  isDockMessage,
  RPC_ERROR,
} from './protocol.js'
import { SDK_VERSION } from './version.js'

/** What the transport needs of the app's window (the browser's `window` has it all). */
export interface DockWindow {
  /** The wallet page that embeds the app; `window.parent`. */
  readonly parent: { postMessage(message: unknown, targetOrigin: string): void }
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void
}

export interface CreateDockTransportOptions {
  /**
   * The wallet origins this app accepts a `welcome` from (e.g. `['https://wallet.example.com']`).
   * Omitted: any origin of the parent frame, which is still the only window answered.
   */
  walletOrigins?: readonly string[]
  /** How long to wait for the wallet's `welcome` before requests fail with 4900; default 10 000 ms. */
  handshakeTimeoutMs?: number
  /** How often `hello` is repeated until the wallet answers (it may attach its listener late); default 500 ms. */
  helloIntervalMs?: number
  /** The app's window; `globalThis.window` when omitted. */
  window?: DockWindow
}

/** A listener of the wallet's events of one API. */
export type DockEventListener = (event: string, data: unknown) => void

export interface DockTransport {
  /** Sends a request (queued until the `welcome`); resolves with its result or rejects with `ProviderRpcError`. */
  request(api: DockApi, method: string, params?: unknown): Promise<unknown>
  /** Calls `listener` for every event of `api` from the wallet; returns the unsubscribe function. */
  onEvent(api: DockApi, listener: DockEventListener): () => void
  /** Resolves with the wallet's info on `welcome`; rejects with 4900 when the handshake times out. */
  readonly ready: Promise<DockWalletInfo>
  /** The wallet's origin once welcomed, else null. */
  walletOrigin(): string | null
  /** Stops listening; pending and later requests reject with 4900. */
  close(): void
}

const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000
const DEFAULT_HELLO_INTERVAL_MS = 500

function isWalletInfo(value: unknown): value is DockWalletInfo {
  if (typeof value !== 'object' || value === null) return false
  const { name, icon, rdns } = value as Record<string, unknown>
  return typeof name === 'string' && typeof icon === 'string' && typeof rdns === 'string'
}

function isRpcError(value: unknown): value is { code: number; message: string; data?: unknown } {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof code === 'number' && Number.isInteger(code) && typeof message === 'string'
}

/**
 * The app side of the dock channel (see `protocol.ts`): posts `hello` to `window.parent`, takes
 * the first `welcome` whose `source` is the parent (and whose origin is one of `walletOrigins`, when
 * given) and from then on posts every request to that origin only and reads responses and events
 * only from the parent at that origin. Anything else is dropped without a word: a page cannot
 * answer for the wallet. In the top window (no parent) every request fails with 4900 at once; after
 * the handshake timeout, queued requests fail with 4900, and a `welcome` that still comes (through
 * the same checks) connects the app for the requests made after it.
 */
export function createDockTransport(options: CreateDockTransportOptions = {}): DockTransport {
  const win = options.window ?? (globalThis as unknown as { window?: DockWindow }).window
  if (!win) throw new ProviderRpcError(RPC_ERROR.disconnected, 'The dock-sdk runs in a browser window')
  const parent = win.parent
  const allowed = options.walletOrigins ? new Set(options.walletOrigins) : null

  let origin: string | null = null
  let failure: ProviderRpcError | null = null
  let nextId = 1
  const queue: DockRequest[] = []
  const pending = new Map<number, { resolve(result: unknown): void; reject(error: ProviderRpcError): void }>()
  const listeners: Record<DockApi, Set<DockEventListener>> = { eip1193: new Set(), cip0103: new Set() }

  let resolveReady!: (info: DockWalletInfo) => void
  let rejectReady!: (error: ProviderRpcError) => void
  const ready = new Promise<DockWalletInfo>((resolve, reject) => {
    resolveReady = resolve
    rejectReady = reject
  })
  // A caller that never awaits `ready` must not see an unhandled rejection.
  ready.catch(() => {})

  function fail(error: ProviderRpcError): void {
    failure = error
    rejectReady(error)
    for (const request of queue.splice(0)) {
      pending.get(request.id)?.reject(error)
      pending.delete(request.id)
    }
  }

  const hello: DockHello = { channel: DOCK_CHANNEL, kind: 'hello', sdkVersion: SDK_VERSION }
  const sendHello = () => parent.postMessage(hello, '*')

  function onMessage(event: MessageEvent): void {
    // The wallet is the parent frame; nothing else may speak for it.
    if (event.source !== parent || !isDockMessage(event.data)) return
    const message = event.data as unknown as Record<string, unknown>
    if (origin === null) {
      if (message.kind !== 'welcome' || !isWalletInfo(message.wallet)) return
      if (event.origin === 'null' || (allowed && !allowed.has(event.origin))) return
      origin = event.origin
      failure = null
      stopHandshake()
      const { name, icon, rdns } = message.wallet
      resolveReady({ name, icon, rdns })
      for (const request of queue.splice(0)) parent.postMessage(request, origin)
      return
    }
    if (event.origin !== origin) return
    if (message.kind === 'response' && typeof message.id === 'number') {
      const waiter = pending.get(message.id)
      if (!waiter) return
      pending.delete(message.id)
      if ('error' in message) {
        const error = isRpcError(message.error)
          ? new ProviderRpcError(message.error.code, message.error.message, message.error.data)
          : new ProviderRpcError(RPC_ERROR.internal, 'The wallet answered with a malformed error')
        waiter.reject(error)
      } else waiter.resolve(message.result)
    } else if (
      message.kind === 'event' &&
      (message.api === 'eip1193' || message.api === 'cip0103') &&
      typeof message.event === 'string'
    ) {
      for (const listener of [...listeners[message.api]]) listener(message.event, message.data)
    }
  }

  let helloTimer: ReturnType<typeof setInterval> | undefined
  let handshakeTimer: ReturnType<typeof setTimeout> | undefined
  function stopHandshake(): void {
    clearInterval(helloTimer)
    clearTimeout(handshakeTimer)
  }
  if ((parent as unknown) === win) {
    // The top window has no wallet around it (and a page must not answer its own hello).
    fail(
      new ProviderRpcError(
        RPC_ERROR.disconnected,
        'This app is not inside a wallet: open it from the dock of Stratos Vault',
      ),
    )
  } else {
    win.addEventListener('message', onMessage)
    sendHello()
    helloTimer = setInterval(sendHello, options.helloIntervalMs ?? DEFAULT_HELLO_INTERVAL_MS)
    const timeoutMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS
    handshakeTimer = setTimeout(() => {
      clearInterval(helloTimer)
      fail(
        new ProviderRpcError(
          RPC_ERROR.disconnected,
          `No Stratos Vault wallet answered within ${timeoutMs} ms: open this app from the dock of the wallet${
            allowed ? ` (accepted wallet origins: ${[...allowed].join(', ')})` : ''
          }`,
        ),
      )
    }, timeoutMs)
  }

  return {
    ready,
    walletOrigin: () => origin,
    request(api, method, params) {
      if (failure) return Promise.reject(failure)
      const request: DockRequest = {
        channel: DOCK_CHANNEL,
        kind: 'request',
        id: nextId++,
        api,
        method,
        ...(params !== undefined ? { params } : {}),
      }
      return new Promise((resolve, reject) => {
        pending.set(request.id, { resolve, reject })
        if (origin === null) queue.push(request)
        else parent.postMessage(request, origin)
      })
    },
    onEvent(api, listener) {
      listeners[api].add(listener)
      return () => listeners[api].delete(listener)
    },
    close() {
      stopHandshake()
      win.removeEventListener('message', onMessage)
      const closed = new ProviderRpcError(RPC_ERROR.disconnected, 'The dock connection was closed')
      failure = closed
      origin = null
      rejectReady(closed)
      for (const waiter of pending.values()) waiter.reject(closed)
      pending.clear()
      queue.length = 0
    },
  }
}
