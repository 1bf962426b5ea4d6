import { DOCK_CHANNEL, type WalletToAppMessage } from '@stratos/dock-sdk'
import { describe, expect, test } from 'vitest'
import { acceptDockMessage, createDockBridge, type DockFrameRef, parseAppMessage, postToApp } from './bridge'

/** A frame's window as the bridge sees it: records what is posted to it and to which origin. */
function fakeWindow() {
  const posted: { message: unknown; targetOrigin: string }[] = []
  return {
    posted,
    postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }),
  }
}

const swap = fakeWindow()
const treasury = fakeWindow()
const frames: DockFrameRef[] = [
  { appId: 'swap', origin: 'https://swap.example', window: swap },
  { appId: 'treasury', origin: 'https://treasury.example', window: treasury },
]
const request = { channel: DOCK_CHANNEL, kind: 'request', id: 7, api: 'eip1193', method: 'eth_chainId' }

describe('acceptDockMessage', () => {
  test('behavior: a request from an app frame with its origin is accepted for that app', () => {
    expect(
      acceptDockMessage({ source: swap, origin: 'https://swap.example', data: request }, frames),
    ).toEqual({
      accepted: true,
      appId: 'swap',
      message: request,
    })
  })

  test('error: the right frame with another origin (the frame navigated away) is refused', () => {
    const result = acceptDockMessage({ source: swap, origin: 'https://evil.example', data: request }, frames)
    expect(result.accepted).toBe(false)
  })

  test("error: one app's origin from another app's frame is refused", () => {
    const result = acceptDockMessage(
      { source: treasury, origin: 'https://swap.example', data: request },
      frames,
    )
    expect(result.accepted).toBe(false)
  })

  test('error: a window that is not a frame of the dock is refused, whatever its origin', () => {
    for (const source of [fakeWindow(), null, undefined])
      expect(
        acceptDockMessage({ source, origin: 'https://swap.example', data: request }, frames).accepted,
      ).toBe(false)
  })

  test('error: malformed messages from the right frame are refused', () => {
    const malformed = [
      null,
      'hello',
      { ...request, channel: 'other/1' },
      { ...request, id: -1 },
      { ...request, id: 1.5 },
      { ...request, id: '7' },
      { ...request, api: 'eip6963' },
      { ...request, method: '' },
      { ...request, method: 'x'.repeat(200) },
      { ...request, kind: 'response' },
      { channel: DOCK_CHANNEL, kind: 'hello' },
    ]
    for (const data of malformed)
      expect(acceptDockMessage({ source: swap, origin: 'https://swap.example', data }, frames).accepted).toBe(
        false,
      )
  })
})

describe('parseAppMessage', () => {
  test('behavior: keeps only the fields of the message kind', () => {
    expect(parseAppMessage({ channel: DOCK_CHANNEL, kind: 'hello', sdkVersion: '0.1.0', extra: 1 })).toEqual({
      channel: DOCK_CHANNEL,
      kind: 'hello',
      sdkVersion: '0.1.0',
    })
  })
})

describe('postToApp', () => {
  test("behavior: posts to the app's configured origin, never '*'", () => {
    const target = fakeWindow()
    const message: WalletToAppMessage = { channel: DOCK_CHANNEL, kind: 'response', id: 1, result: '0x1' }
    postToApp({ appId: 'swap', origin: 'https://swap.example', window: target }, message)
    expect(target.posted).toEqual([{ message, targetOrigin: 'https://swap.example' }])
  })
})

describe('createDockBridge', () => {
  function fakeTarget() {
    let listener: ((event: Event) => void) | null = null
    return {
      addEventListener: (_type: string, fn: (event: Event) => void) => {
        listener = fn
      },
      removeEventListener: () => {
        listener = null
      },
      dispatch: (event: { source: unknown; origin: string; data: unknown }) =>
        listener?.(event as unknown as Event),
      listening: () => listener !== null,
    }
  }

  test('behavior: passes accepted messages on and logs refused ones by origin, never their payload', () => {
    const target = fakeTarget()
    const received: string[] = []
    const warnings: string[] = []
    const remove = createDockBridge({
      target: target as unknown as Window,
      frames: () => frames,
      onMessage: (appId, message) => received.push(`${appId}:${message.kind}`),
      warn: (text) => warnings.push(text),
    })
    target.dispatch({ source: swap, origin: 'https://swap.example', data: request })
    target.dispatch({
      source: swap,
      origin: 'https://evil.example',
      data: { ...request, method: 'secret-payload' },
    })
    expect(received).toEqual(['swap:request'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('https://evil.example')
    expect(warnings[0]).not.toContain('secret-payload')
    remove()
    expect(target.listening()).toBe(false)
  })
})
