import { describe, expect, test } from 'vitest'
import { redactUrl, withoutSecrets } from './networkSecrets.js'

describe('redactUrl', () => {
  test('behavior: user info, query values and key-like path segments become ***; the provider stays', () => {
    expect(redactUrl('https://eth-mainnet.g.alchemy.com/v2/AbCdEf0123456789xyzKEY')).toBe(
      'https://eth-mainnet.g.alchemy.com/v2/***',
    )
    expect(redactUrl('https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef')).toBe(
      'https://mainnet.infura.io/v3/***',
    )
    expect(redactUrl('https://user:pass@node.example:8545/rpc?api-key=secret&x=1')).toBe(
      'https://***@node.example:8545/rpc?api-key=***&x=***',
    )
    expect(redactUrl('https://blockstream.info/api')).toBe('https://blockstream.info/api')
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545/')
  })
})

describe('withoutSecrets', () => {
  test('behavior: the endpoint, its parsed form and the API key are replaced in a message', () => {
    const secrets = {
      endpoint: 'http://127.0.0.1:9/v2/pathSecret0123456789',
      apiKey: { header: 'X-Api-Key', value: 'headerSecret-42' },
      indexerUrl: null,
    }
    const message =
      'HTTP request failed. URL: http://127.0.0.1:9/v2/pathSecret0123456789 Details: fetch failed (headerSecret-42)'
    const safe = withoutSecrets(message, secrets)
    expect(safe).not.toContain('pathSecret0123456789')
    expect(safe).not.toContain('headerSecret-42')
    expect(safe).toContain('fetch failed')
  })
})
