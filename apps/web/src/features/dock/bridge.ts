import {
  DOCK_CHANNEL,
  type DockApi,
  type DockHello,
  type DockRequest,
  isDockMessage,
  type WalletToAppMessage,
} from '@stratos/dock-sdk'

/** Where the wallet posts to one app: its frame's window, addressed to the app's origin only. */
export interface DockFrameTarget {
  postMessage(message: unknown, targetOrigin: string): void
}

/** One app of the dock as the bridge sees it: its configured origin and its frame's window. */
export interface DockFrameRef {
  appId: string
  origin: string
  /** `iframe.contentWindow`: null while the frame is not in the document. */
  window: DockFrameTarget | null
}

/** What the wallet takes from an app: `hello`, or a `request`. */
export type AppMessage = DockHello | DockRequest

/** The longest method name and SDK version the wallet reads (anything longer is malformed). */
const MAX_NAME = 128
const APIS: readonly DockApi[] = ['eip1193', 'cip0103']

/** The message if `data` is a well-formed `hello` or `request` of the dock channel, else null. */
export function parseAppMessage(data: unknown): AppMessage | null {
  if (!isDockMessage(data)) return null
  const m = data as Record<string, unknown>
  if (m.kind === 'hello') {
    if (typeof m.sdkVersion !== 'string' || m.sdkVersion.length > MAX_NAME) return null
    return { channel: DOCK_CHANNEL, kind: 'hello', sdkVersion: m.sdkVersion }
  }
  if (m.kind === 'request') {
    if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) return null
    if (!APIS.includes(m.api as DockApi)) return null
    if (typeof m.method !== 'string' || m.method === '' || m.method.length > MAX_NAME) return null
    return {
      channel: DOCK_CHANNEL,
      kind: 'request',
      id: m.id,
      api: m.api as DockApi,
      method: m.method,
      ...('params' in m ? { params: m.params } : {}),
    }
  }
  return null
}

/** The parts of a `MessageEvent` the bridge reads. */
export interface DockMessageEvent {
  source: unknown
  origin: string
  data: unknown
}

export type AcceptDockMessageResult =
  | { accepted: true; appId: string; message: AppMessage }
  | { accepted: false; reason: string }

/**
 * Whether a message counts: it must come from the window of a dock app's frame
 * (`event.source`), with that app's configured origin (`event.origin`), and be a well-formed
 * dock message. Anything else is refused with the reason (never the payload).
 */
export function acceptDockMessage(
  event: DockMessageEvent,
  frames: readonly DockFrameRef[],
): AcceptDockMessageResult {
  const frame = event.source ? frames.find((f) => f.window !== null && f.window === event.source) : undefined
  if (!frame) return { accepted: false, reason: 'it does not come from a frame of the dock' }
  if (event.origin !== frame.origin)
    return { accepted: false, reason: `its frame belongs to the app of ${frame.origin}` }
  const message = parseAppMessage(event.data)
  if (!message) return { accepted: false, reason: 'it is not a well-formed dock message' }
  return { accepted: true, appId: frame.appId, message }
}

/** Sends `message` to the app of `frame`, addressed to its configured origin (never `*`). */
export function postToApp(frame: DockFrameRef, message: WalletToAppMessage): void {
  frame.window?.postMessage(message, frame.origin)
}

export interface CreateDockBridgeParameters {
  /** The wallet page's window (its `message` events). */
  target: Pick<Window, 'addEventListener' | 'removeEventListener'>
  /** The dock's frames, read at each message (frames come and go). */
  frames(): readonly DockFrameRef[]
  onMessage(appId: string, message: AppMessage): void
  /** Where refused messages are reported; `console.warn` by default. */
  warn?(text: string): void
}

/**
 * The one `message` listener of the dock page: passes on what `acceptDockMessage` accepts and
 * reports the rest by origin. Returns the function that removes it.
 */
export function createDockBridge({
  target,
  frames,
  onMessage,
  warn = (text) => console.warn(text),
}: CreateDockBridgeParameters): () => void {
  const listener = (event: Event) => {
    const { source, origin, data } = event as MessageEvent
    const result = acceptDockMessage({ source, origin, data }, frames())
    if (result.accepted) onMessage(result.appId, result.message)
    else warn(`Dock: ignored a message from ${origin || 'an unknown origin'}: ${result.reason}.`)
  }
  target.addEventListener('message', listener)
  return () => target.removeEventListener('message', listener)
}
