import { type AnnounceTarget, announceProvider } from './announceProvider.js'
import { type CantonProvider, createCantonProvider } from './createCantonProvider.js'
import {
  type CreateDockTransportOptions,
  createDockTransport,
  type DockTransport,
} from './createDockTransport.js'
import { createEip1193Provider, type Eip1193Provider } from './createEip1193Provider.js'
import type { DockWalletInfo } from './protocol.js'

export interface InstallStratosDockOptions extends CreateDockTransportOptions {
  /** Where EIP-6963 announcements go; the transport's window (or `globalThis.window`) when omitted. */
  announceTarget?: AnnounceTarget
}

export interface StratosDock {
  /** The EIP-1193 provider, also announced through EIP-6963 once the wallet has welcomed the app. */
  ethereum: Eip1193Provider
  /** The CIP-0103 provider (Canton dApp API). */
  canton: CantonProvider
  /** Resolves with the wallet's name, icon and rdns on its `welcome`; rejects with 4900 on timeout. */
  ready: Promise<DockWalletInfo>
  transport: DockTransport
  /** Stops announcing and closes the channel. */
  uninstall(): void
}

/**
 * Everything a dock app calls once at start: the channel to the wallet, its EIP-1193 provider
 * announced by EIP-6963 as soon as the wallet's `welcome` names it (dApps then find it with no code
 * of ours), and its CIP-0103 provider.
 */
export function installStratosDock(options: InstallStratosDockOptions = {}): StratosDock {
  const transport = createDockTransport(options)
  const ethereum = createEip1193Provider({ transport })
  const canton = createCantonProvider({ transport })
  const target =
    options.announceTarget ??
    ((options.window as unknown as AnnounceTarget | undefined) ||
      (globalThis as unknown as { window: AnnounceTarget }).window)
  let stopAnnouncing: (() => void) | null = null
  let uninstalled = false
  transport.ready.then(
    (info) => {
      if (!uninstalled) stopAnnouncing = announceProvider({ info, provider: ethereum, target })
    },
    () => {},
  )
  return {
    ethereum,
    canton,
    ready: transport.ready,
    transport,
    uninstall() {
      uninstalled = true
      stopAnnouncing?.()
      transport.close()
    },
  }
}
