import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createDockTransport, type DockWindow } from './createDockTransport.js'
import { DOCK_CHANNEL } from './protocol.js'
import { APP_ORIGIN, createDockHarness, WALLET_INFO, WALLET_ORIGIN } from './testing/dockHarness.js'
import { FakeWindow, frame, type WindowHandle } from './testing/fakeFrames.js'
import { SDK_VERSION } from './version.js'

const welcome = { channel: DOCK_CHANNEL, kind: 'welcome', wallet: WALLET_INFO }

/** A wallet window that records what the app posts to it and answers nothing by itself. */
function silentWallet(origin = WALLET_ORIGIN) {
  const walletWindow = new FakeWindow(origin)
  const appWindow = new FakeWindow(APP_ORIGIN)
  const appFrame = frame(walletWindow, appWindow)
  const seen: { data: unknown; origin: string }[] = []
  walletWindow.addEventListener('message', (event) => {
    const { data, origin: from } = event as unknown as { data: unknown; origin: string }
    seen.push({ data, origin: from })
  })
  // Record the target origins the app uses (the fake drops a message whose target is not the receiver's).
  const targets: string[] = []
  // Wrapped in place: `window.parent` must stay the very object messages from the wallet come from.
  const parent = appWindow.parent
  const post = parent.postMessage
  parent.postMessage = (message, targetOrigin) => {
    targets.push(targetOrigin)
    post(message, targetOrigin)
  }
  return { walletWindow, appWindow, appFrame, seen, targets }
}

function settled(promise: Promise<unknown>) {
  const state = { settled: false }
  promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  )
  return state
}

describe('createDockTransport', () => {
  test('behavior: hello goes to the parent with target *; requests wait for the welcome, then go to its origin', async () => {
    const w = silentWallet()
    const transport = createDockTransport({ window: w.appWindow as DockWindow, handshakeTimeoutMs: 5_000 })
    try {
      const answer = transport.request('eip1193', 'eth_chainId')
      await w.walletWindow.delivered()
      expect(w.seen[0]?.data).toEqual({ channel: DOCK_CHANNEL, kind: 'hello', sdkVersion: SDK_VERSION })
      expect(w.targets[0]).toBe('*')
      expect(w.seen.some((m) => (m.data as { kind: string }).kind === 'request')).toBe(false)

      w.appFrame.postMessage(welcome, APP_ORIGIN)
      expect(await transport.ready).toEqual(WALLET_INFO)
      expect(transport.walletOrigin()).toBe(WALLET_ORIGIN)
      await w.walletWindow.delivered()
      const request = w.seen.find((m) => (m.data as { kind: string }).kind === 'request')
      expect(request?.data).toMatchObject({ kind: 'request', api: 'eip1193', method: 'eth_chainId' })
      expect(w.targets.at(-1)).toBe(WALLET_ORIGIN)

      const { id } = request!.data as { id: number }
      w.appFrame.postMessage({ channel: DOCK_CHANNEL, kind: 'response', id, result: '0x7a69' }, APP_ORIGIN)
      expect(await answer).toBe('0x7a69')
    } finally {
      transport.close()
    }
  })

  test('error: a welcome from a window that is not the parent is ignored', async () => {
    const w = silentWallet()
    const evil = new FakeWindow('https://evil.example')
    const evilToApp: WindowHandle = evil.handleTo(w.appWindow)
    const transport = createDockTransport({ window: w.appWindow as DockWindow, handshakeTimeoutMs: 200 })
    evilToApp.postMessage(welcome, '*')
    await expect(transport.ready).rejects.toMatchObject({
      code: 4900,
      message: expect.stringContaining('No Stratos Vault wallet answered within 200 ms'),
    })
    expect(transport.walletOrigin()).toBeNull()
    await expect(transport.request('eip1193', 'eth_accounts')).rejects.toMatchObject({ code: 4900 })
    transport.close()
  })

  test('error: a welcome from the parent at an origin outside walletOrigins is ignored', async () => {
    const w = silentWallet('https://other-wallet.example')
    const transport = createDockTransport({
      window: w.appWindow as DockWindow,
      walletOrigins: [WALLET_ORIGIN],
      handshakeTimeoutMs: 200,
    })
    const queued = transport.request('cip0103', 'status')
    w.appFrame.postMessage(welcome, APP_ORIGIN)
    await expect(transport.ready).rejects.toMatchObject({
      code: 4900,
      message: expect.stringContaining(`accepted wallet origins: ${WALLET_ORIGIN}`),
    })
    await expect(queued).rejects.toMatchObject({ code: 4900 })
    transport.close()
  })

  test('error: responses and events from the parent at another origin are ignored', async () => {
    const w = silentWallet()
    const transport = createDockTransport({ window: w.appWindow as DockWindow, handshakeTimeoutMs: 5_000 })
    try {
      w.appFrame.postMessage(welcome, APP_ORIGIN)
      await transport.ready
      const events: string[] = []
      transport.onEvent('eip1193', (event) => events.push(event))
      const answer = transport.request('eip1193', 'eth_accounts')
      const state = settled(answer)
      await w.walletWindow.delivered()
      const { id } = w.seen.find((m) => (m.data as { kind: string }).kind === 'request')!.data as {
        id: number
      }

      // The wallet's frame navigates elsewhere: what that page posts is not the wallet's.
      w.walletWindow.origin = 'https://evil.example'
      w.appFrame.postMessage({ channel: DOCK_CHANNEL, kind: 'response', id, result: ['0xevil'] }, APP_ORIGIN)
      w.appFrame.postMessage(
        { channel: DOCK_CHANNEL, kind: 'event', api: 'eip1193', event: 'accountsChanged', data: [] },
        APP_ORIGIN,
      )
      await w.appWindow.delivered()
      expect(state.settled).toBe(false)
      expect(events).toEqual([])

      w.walletWindow.origin = WALLET_ORIGIN
      w.appFrame.postMessage({ channel: DOCK_CHANNEL, kind: 'response', id, result: ['0xgood'] }, APP_ORIGIN)
      expect(await answer).toEqual(['0xgood'])
    } finally {
      transport.close()
    }
  })

  test('error: an error response rejects with its code, message and data', async () => {
    const h = createDockHarness()
    try {
      await expect(h.dock.canton.request({ method: 'nope' })).rejects.toMatchObject({
        name: 'ProviderRpcError',
        code: 4200,
        message: 'nope is not supported',
      })
    } finally {
      h.close()
    }
  })

  test('error: in the top window (no wallet around it) requests fail with 4900 at once', async () => {
    const top = new FakeWindow(APP_ORIGIN)
    // A browser's top window is its own parent.
    const win = Object.assign(top, { parent: top }) as unknown as DockWindow
    const transport = createDockTransport({ window: win, handshakeTimeoutMs: 60_000 })
    await expect(transport.ready).rejects.toMatchObject({
      code: 4900,
      message: 'This app is not inside a wallet: open it from the dock of Stratos Vault',
    })
    await expect(transport.request('eip1193', 'eth_accounts')).rejects.toMatchObject({ code: 4900 })
    transport.close()
  })

  test('behavior: sdkVersion is the package version', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(SDK_VERSION).toBe(pkg.version)
  })
})
