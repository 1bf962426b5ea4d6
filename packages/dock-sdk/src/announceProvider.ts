import type { Eip1193Provider } from './createEip1193Provider.js'
import type { DockWalletInfo } from './protocol.js'

/** EIP-6963 `EIP6963ProviderInfo`. */
export interface Eip6963ProviderInfo {
  readonly uuid: string
  readonly name: string
  readonly icon: string
  readonly rdns: string
}

/** EIP-6963 `EIP6963ProviderDetail`: what `eip6963:announceProvider` carries. */
export interface Eip6963ProviderDetail {
  readonly info: Eip6963ProviderInfo
  readonly provider: Eip1193Provider
}

/** What `announceProvider` needs of the window: dispatching and hearing events. */
export interface AnnounceTarget {
  dispatchEvent(event: Event): boolean
  addEventListener(type: string, listener: () => void): void
  removeEventListener(type: string, listener: () => void): void
}

export interface AnnounceProviderParameters {
  /** The wallet's name, icon and rdns (the `welcome`'s `wallet`). */
  info: DockWalletInfo
  provider: Eip1193Provider
  /** Where to announce; `globalThis.window` when omitted. */
  target?: AnnounceTarget
}

let pageUuid: string | undefined

/** RFC 9562 §5.4 version 4 from `getRandomValues`, which (unlike `randomUUID`) plain-HTTP pages have too. */
function uuidV4(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** EIP-6963: "a UUIDv4 … unique per page load"; the same for every announcement of this page. */
export function providerUuid(): string {
  pageUuid ??= uuidV4()
  return pageUuid
}

/**
 * EIP-6963: dispatches `eip6963:announceProvider` with a frozen `{ info, provider }` now and again
 * on every `eip6963:requestProvider`, so dApps' wallet pickers (mipd, wagmi, RainbowKit…) list the
 * wallet. Returns the function that stops answering.
 */
export function announceProvider({ info, provider, target }: AnnounceProviderParameters): () => void {
  const where = target ?? (globalThis as unknown as { window: AnnounceTarget }).window
  const detail: Eip6963ProviderDetail = Object.freeze({
    info: Object.freeze({ uuid: providerUuid(), name: info.name, icon: info.icon, rdns: info.rdns }),
    provider,
  })
  const announce = () => {
    where.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail }))
  }
  where.addEventListener('eip6963:requestProvider', announce)
  announce()
  return () => where.removeEventListener('eip6963:requestProvider', announce)
}
