import { describe, expect, test } from 'vitest'
import { fieldsNamedIn, toVaultRequest, type VaultFormValues } from './toVaultRequest'

const party = `dana::1220${'ab'.repeat(32)}`
const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`

const filled: VaultFormValues = {
  partyId: ` ${party} `,
  address: addr(1),
  adapters: { aaveV3: addr(2), uniswapV3: addr(3), compoundV2: addr(4) },
  cToken: '',
  swapFee: '',
  assets: [
    { symbol: 'tUSDC', address: addr(5), decimals: '6' },
    { symbol: 'tWETH', address: ` ${addr(6)}`, decimals: ' 18 ' },
  ],
}

describe('toVaultRequest', () => {
  test('behavior: a filled form becomes the PUT body, trimmed, blank optional fields left out', () => {
    expect(toVaultRequest(filled)).toEqual({
      ok: true,
      request: {
        partyId: party,
        address: addr(1),
        adapters: { aaveV3: addr(2), uniswapV3: addr(3), compoundV2: addr(4) },
        assets: [
          { symbol: 'tUSDC', address: addr(5), decimals: 6 },
          { symbol: 'tWETH', address: addr(6), decimals: 18 },
        ],
      },
    })
  })

  test('behavior: a cToken and a swap fee are sent when given', () => {
    const result = toVaultRequest({ ...filled, cToken: addr(7), swapFee: '500' })
    expect(result).toMatchObject({ ok: true, request: { cToken: addr(7), swapFee: 500 } })
  })

  test('error: each wrong field is named by its request path', () => {
    const result = toVaultRequest({
      ...filled,
      partyId: 'dana',
      adapters: { ...filled.adapters, uniswapV3: '0x1234' },
      swapFee: '0.3%',
      assets: [{ symbol: 'tUSDC', address: addr(5), decimals: 'six' }],
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(Object.keys(result.problems).sort()).toEqual([
      'adapters.uniswapV3',
      'assets.0.decimals',
      'partyId',
      'swapFee',
    ])
    expect(result.problems['adapters.uniswapV3']).toBe('expected a 0x-prefixed 20-byte address')
    expect(result.problems['assets.0.decimals']).toBe('expected a whole number')
    expect(result.problems.swapFee).toBe('expected a whole number')
  })

  test('error: a blank decimals is required', () => {
    const result = toVaultRequest({
      ...filled,
      assets: [{ symbol: 'tUSDC', address: addr(5), decimals: '' }],
    })
    expect(result).toEqual({ ok: false, problems: { 'assets.0.decimals': 'Required' } })
  })

  test('error: two tokens cannot share a symbol', () => {
    const result = toVaultRequest({
      ...filled,
      assets: [
        { symbol: 'tUSDC', address: addr(5), decimals: '6' },
        { symbol: 'TUSDC', address: addr(6), decimals: '6' },
      ],
    })
    expect(result).toEqual({
      ok: false,
      problems: { assets: 'symbols must differ (the wallet names tokens by symbol)' },
    })
  })

  test('error: decimals out of the contract range', () => {
    const result = toVaultRequest({ ...filled, assets: [{ symbol: 'X', address: addr(5), decimals: '77' }] })
    expect(result).toMatchObject({ ok: false, problems: { 'assets.0.decimals': expect.any(String) } })
  })
})

describe('fieldsNamedIn', () => {
  test('behavior: the field an on-chain check names', () => {
    expect(
      fieldsNamedIn('partyId: the vault runs the intents of another party (authorizedPartyKey 0x12)'),
    ).toEqual(['partyId'])
    expect(fieldsNamedIn('adapters.aaveV3: 0xab is not allowed on the vault')).toEqual(['adapters.aaveV3'])
  })

  test('behavior: every field of a schema failure', () => {
    expect(
      fieldsNamedIn('assets.0.decimals: Required; cToken: expected a 0x-prefixed 20-byte address'),
    ).toEqual(['assets.0.decimals', 'cToken'])
  })

  test('behavior: a message that names no field', () => {
    expect(fieldsNamedIn('The EVM node could not be reached')).toEqual([])
  })
})
