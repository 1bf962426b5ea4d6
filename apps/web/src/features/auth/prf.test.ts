import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser'
import { PRF_SALT } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import { takePrfOutput, withPrf } from './prf'

describe('withPrf', () => {
  test('behavior: adds the salt as bytes (not JSON) and keeps other extensions', () => {
    const options = withPrf<PublicKeyCredentialRequestOptionsJSON>({
      challenge: 'abc',
      extensions: { credProps: true },
    })
    const first = options.extensions?.prf?.eval?.first
    expect(first).toBeInstanceOf(Uint8Array)
    expect(first).toEqual(new Uint8Array(PRF_SALT))
    expect(options.extensions?.credProps).toBe(true)
    expect(options.challenge).toBe('abc')
  })
})

describe('takePrfOutput', () => {
  test('behavior: returns the bytes and removes them from the response that will be posted', () => {
    const buffer = new Uint8Array(32).fill(7).buffer
    const response = { clientExtensionResults: { prf: { enabled: true, results: { first: buffer } } } }
    const out = takePrfOutput(response)
    expect(out).toEqual(new Uint8Array(32).fill(7))
    expect(response.clientExtensionResults.prf).toEqual({ enabled: true })
    expect(JSON.stringify(response)).not.toContain('results')
  })

  test('behavior: zeroing the returned view zeroes the browser buffer too', () => {
    const buffer = new Uint8Array(32).fill(9).buffer
    takePrfOutput({ clientExtensionResults: { prf: { results: { first: buffer } } } })?.fill(0)
    expect(new Uint8Array(buffer).every((b) => b === 0)).toBe(true)
  })

  test('error: no PRF value (passkey without PRF) gives null', () => {
    expect(takePrfOutput({ clientExtensionResults: {} })).toBeNull()
    expect(takePrfOutput({ clientExtensionResults: { prf: { enabled: false } } })).toBeNull()
    expect(
      takePrfOutput({ clientExtensionResults: { prf: { results: { first: new ArrayBuffer(0) } } } }),
    ).toBeNull()
  })
})
