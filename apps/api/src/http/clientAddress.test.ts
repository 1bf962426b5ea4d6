import { describe, expect, test } from 'vitest'
import {
  type AddressRange,
  isTrusted,
  parseAddress,
  parseRange,
  resolveClientAddress,
} from './clientAddress.js'

const ranges = (...texts: string[]): AddressRange[] => texts.map((t) => parseRange(t)!)

describe('parseAddress and parseRange', () => {
  test.each([
    ['10.1.2.3', 4],
    ['::1', 6],
    ['2001:db8::8a2e:370:7334', 6],
    ['[fe80::1%eth0]', 6],
    ['::ffff:10.0.0.1', 4],
    ['1:2:3:4:5:6:7:8', 6],
  ])('behavior: %s is an IPv%i address', (text, version) => {
    expect(parseAddress(text)?.version).toBe(version)
  })

  test.each(['', '10.0.0', '256.1.1.1', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', 'example.com', '::g'])(
    'error: %j is not an address',
    (text) => {
      expect(parseAddress(text)).toBeUndefined()
    },
  )

  test('behavior: ranges match what lies in them, single addresses only themselves', () => {
    const trusted = ranges('10.0.0.0/8', 'fd00::/8', '192.168.1.5')
    expect(isTrusted('10.255.0.1', trusted)).toBe(true)
    expect(isTrusted('::ffff:10.0.0.9', trusted)).toBe(true)
    expect(isTrusted('fd12::1', trusted)).toBe(true)
    expect(isTrusted('192.168.1.5', trusted)).toBe(true)
    expect(isTrusted('192.168.1.6', trusted)).toBe(false)
    expect(isTrusted('11.0.0.1', trusted)).toBe(false)
    expect(isTrusted('fe80::1', trusted)).toBe(false)
  })

  test.each(['10.0.0.0/33', '10.0.0.0/x', '10.0.0.0/8/8', 'proxy.internal', '::/129'])(
    'error: %j is not a range',
    (text) => {
      expect(parseRange(text)).toBeUndefined()
    },
  )
})

describe('resolveClientAddress', () => {
  const trusted = ranges('10.0.0.0/8')
  const resolve = (peer: string, forwardedFor?: string, forwardedProto?: string) =>
    resolveClientAddress(peer, { forwardedFor, forwardedProto }, 'http', trusted)

  test('behavior: an untrusted peer is the client, whatever it forwards', () => {
    expect(resolve('203.0.113.9', '198.51.100.1', 'https')).toEqual({ ip: '203.0.113.9', protocol: 'http' })
  })

  test('behavior: behind trusted proxies, the first untrusted hop from the right is the client', () => {
    // The client wrote a fake first hop; the proxies appended the real one.
    expect(resolve('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.0.0.1', 'https')).toEqual({
      ip: '198.51.100.7',
      protocol: 'https',
    })
  })

  test('behavior: all hops trusted: the leftmost; no header: the proxy itself', () => {
    expect(resolve('10.0.0.2', '10.9.9.9, 10.0.0.1').ip).toBe('10.9.9.9')
    expect(resolve('10.0.0.2')).toEqual({ ip: '10.0.0.2', protocol: 'http' })
  })

  test('error: a garbage hop stops the walk; an unknown protocol is not believed', () => {
    expect(resolve('10.0.0.2', 'evil, not-an-ip', 'gopher')).toEqual({ ip: '10.0.0.2', protocol: 'http' })
  })
})
