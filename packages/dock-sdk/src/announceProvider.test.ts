import { createStore } from 'mipd'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { createDockHarness, WALLET_INFO } from './testing/dockHarness.js'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('announceProvider (through installStratosDock)', () => {
  test('behavior: a mipd store finds the provider with the welcome info and a UUIDv4', async () => {
    const h = createDockHarness()
    // mipd talks to `window`: the app's window here.
    vi.stubGlobal('window', h.appWindow)
    try {
      const store = createStore()
      await h.dock.ready
      const [detail, ...others] = store.getProviders()
      expect(others).toEqual([])
      expect(detail?.info).toMatchObject({
        name: WALLET_INFO.name,
        icon: WALLET_INFO.icon,
        rdns: WALLET_INFO.rdns,
      })
      expect(detail?.info.uuid).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      )
      expect(detail?.provider).toBe(h.dock.ethereum)
      expect(Object.isFrozen(detail)).toBe(true)
      expect(Object.isFrozen(detail?.info)).toBe(true)
      expect(await detail?.provider.request({ method: 'eth_chainId' })).toBe('0x7a69')
      store.destroy()
    } finally {
      h.close()
    }
  })

  test('behavior: re-announces on every eip6963:requestProvider with the same uuid', async () => {
    const h = createDockHarness()
    try {
      await h.dock.ready
      const uuids: string[] = []
      h.appWindow.addEventListener('eip6963:announceProvider', (event) => {
        uuids.push((event as CustomEvent<{ info: { uuid: string } }>).detail.info.uuid)
      })
      h.appWindow.dispatchEvent(new CustomEvent('eip6963:requestProvider'))
      h.appWindow.dispatchEvent(new CustomEvent('eip6963:requestProvider'))
      expect(uuids).toHaveLength(2)
      expect(uuids[0]).toBe(uuids[1])

      h.close()
      h.appWindow.dispatchEvent(new CustomEvent('eip6963:requestProvider'))
      expect(uuids).toHaveLength(2)
    } finally {
      h.close()
    }
  })

  test('behavior: nothing is announced before the wallet welcomed the app', () => {
    const h = createDockHarness()
    try {
      const seen: unknown[] = []
      h.appWindow.addEventListener('eip6963:announceProvider', (event) => seen.push(event))
      h.appWindow.dispatchEvent(new CustomEvent('eip6963:requestProvider'))
      expect(seen).toEqual([])
    } finally {
      h.close()
    }
  })
})
