import { describe, expect, test } from 'vitest'
import { dockWalletInfo, reverseDomain } from './dockWalletInfo'

describe('reverseDomain', () => {
  test('behavior: the hostname reversed, a single label and IP addresses as they are', () => {
    expect(reverseDomain('wallet.acme.com')).toBe('com.acme.wallet')
    expect(reverseDomain('localhost')).toBe('localhost')
    expect(reverseDomain('127.0.0.1')).toBe('127.0.0.1')
    expect(reverseDomain('[::1]')).toBe('[::1]')
  })
})

describe('dockWalletInfo', () => {
  test('behavior: a data: logo is the icon as it is', () => {
    const logo = 'data:image/png;base64,iVBORw0KGgo='
    const info = dockWalletInfo({ name: 'Acme', logoUrl: logo, primaryColor: '#123456' }, 'wallet.acme.com')
    expect(info).toEqual({ name: 'Acme', icon: logo, rdns: 'com.acme.wallet' })
  })

  test('behavior: without a data: logo, an SVG data URI of the initial in the primary colour', () => {
    const info = dockWalletInfo(
      { name: 'émeraude', logoUrl: '/api/config/logo?v=1', primaryColor: '#123456' },
      'localhost',
    )
    expect(info.icon.startsWith('data:image/svg+xml;base64,')).toBe(true)
    const svg = atob(info.icon.slice('data:image/svg+xml;base64,'.length))
    expect(svg).toContain('fill="#123456"')
    expect(svg).toContain('&#xc9;')
  })
})
