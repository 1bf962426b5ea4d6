import type { PricesResponse } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { formatHoldingsTotal, formatHoldingValue } from './valueHoldings'

const ANSWER: PricesResponse = {
  currency: 'usd',
  prices: {
    ethereum: { status: 'ok', price: '3500.25', asOf: '2026-12-03T12:00:00.000Z', stale: false },
    'usd-coin': { status: 'ok', price: '0.999872', asOf: '2026-12-03T12:00:00.000Z', stale: true },
    pepe: { status: 'unavailable', reason: 'provider_failed' },
  },
}
const ETH = { amount: 1_500_000_000_000_000_000n, decimals: 18, priceId: 'ethereum' }
const USDC = { amount: 250_000_000n, decimals: 6, priceId: 'usd-coin' }
const PEPE = { amount: 10n ** 24n, decimals: 18, priceId: 'pepe' }

describe('formatHoldingValue', () => {
  test('behavior: a priced holding is its exact value, formatted once (a stale price still prices)', () => {
    expect(formatHoldingValue(ANSWER, ETH, 'en-US')).toBe('$5,250.38')
    expect(formatHoldingValue(ANSWER, USDC, 'en-US')).toBe('$249.97')
  })

  test('behavior: no price, no price id, or prices off read "unavailable"; a zero balance is $0.00', () => {
    expect(formatHoldingValue(ANSWER, PEPE, 'en-US')).toBe('unavailable')
    expect(formatHoldingValue(ANSWER, { ...ETH, priceId: null }, 'en-US')).toBe('unavailable')
    expect(formatHoldingValue(ANSWER, { ...ETH, priceId: 'not-asked' }, 'en-US')).toBe('unavailable')
    expect(formatHoldingValue({ currency: null, prices: {} }, ETH, 'en-US')).toBe('unavailable')
    expect(formatHoldingValue(undefined, ETH, 'en-US')).toBe('unavailable')
    expect(formatHoldingValue(ANSWER, { ...PEPE, amount: 0n }, 'en-US')).toBe('$0.00')
  })
})

describe('formatHoldingsTotal', () => {
  test('behavior: the portfolio total adds the priced holdings and counts the others', () => {
    expect(formatHoldingsTotal(ANSWER, [ETH, USDC, PEPE], 'en-US')).toEqual({
      text: '$5,500.34',
      unpriced: 1,
    })
    expect(formatHoldingsTotal(undefined, [ETH, USDC], 'en-US')).toEqual({ text: 'unavailable', unpriced: 2 })
  })
})
