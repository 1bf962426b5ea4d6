import { describe, expect, test } from 'vitest'
import { evmToTronAddress, isTronAddress, normalizeTronAddress, tronToEvmAddress } from './tronAddress.js'

// Mainnet USDT, as TronScan lists it: base58 TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t is
// 41a614f803b6fd780986a42c78ec9c7f77e6ded13c (https://tronscan.org/#/token20/TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t).
const USDT = 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t'
const USDT_HEX = '41a614f803b6fd780986a42c78ec9c7f77e6ded13c'

describe('normalizeTronAddress', () => {
  test('behavior: hex and base58 name the same account', () => {
    expect(normalizeTronAddress(USDT_HEX)).toBe(USDT)
    expect(normalizeTronAddress(USDT)).toBe(USDT)
  })

  test('behavior: the EVM view drops the 0x41 prefix and back', () => {
    expect(tronToEvmAddress(USDT)).toBe('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')
    expect(evmToTronAddress('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe(USDT)
  })

  test('error: a wrong checksum, an EVM address or another prefix is INVALID_ADDRESS', () => {
    expect(isTronAddress('TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u')).toBe(false)
    expect(isTronAddress('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe(false)
    expect(isTronAddress('42a614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe(false)
    expect(() => normalizeTronAddress('nope', 'recipient address')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ADDRESS',
        shortMessage: expect.stringContaining('recipient address'),
      }),
    )
  })
})
