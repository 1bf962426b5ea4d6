import { ANVIL_DEV_KEY } from '@stratos/chains/anvil'
import type { DockWindow } from '../createDockTransport.js'
import { type InstallStratosDockOptions, installStratosDock } from '../installStratosDock.js'
import type { DockWalletInfo } from '../protocol.js'
import { FakeWindow, frame } from './fakeFrames.js'
import { startFakeWallet } from './fakeWallet.js'

export const WALLET_ORIGIN = 'https://wallet.example'
export const APP_ORIGIN = 'https://app.example'
export const WALLET_INFO: DockWalletInfo = {
  name: 'Stratos Vault (test)',
  icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg"/%3E',
  rdns: 'com.example.wallet',
}

export interface DockHarnessOptions extends Omit<InstallStratosDockOptions, 'window'> {
  /** Anvil's URL; reads fail when omitted (tests that only talk to the bridge). */
  rpcUrl?: string
  walletOrigin?: string
}

/** A wallet page (the stand-in bridge) with the app framed in it, and the dock-sdk installed in the app. */
export function createDockHarness(options: DockHarnessOptions = {}) {
  const { rpcUrl = 'http://127.0.0.1:9', walletOrigin = WALLET_ORIGIN, ...install } = options
  const walletWindow = new FakeWindow(walletOrigin)
  const appWindow = new FakeWindow(APP_ORIGIN)
  const appFrame = frame(walletWindow, appWindow)
  const wallet = startFakeWallet({
    window: walletWindow,
    app: { frame: appFrame, origin: APP_ORIGIN },
    info: WALLET_INFO,
    rpcUrl,
    privateKey: ANVIL_DEV_KEY,
    chainIds: [31337, 31338],
  })
  const dock = installStratosDock({ handshakeTimeoutMs: 5_000, ...install, window: appWindow as DockWindow })
  return {
    walletWindow,
    appWindow,
    appFrame,
    wallet,
    dock,
    close() {
      dock.uninstall()
      wallet.stop()
    },
  }
}
