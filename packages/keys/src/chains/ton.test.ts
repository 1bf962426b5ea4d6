import { bytesToHex } from '@noble/hashes/utils.js'
import { Address } from '@ton/core'
import { describe, expect, test } from 'vitest'
import { parseTonAddress, tonAddressesFromPublicKey, tonFriendlyAddress, tonWalletV5R1Id } from './ton.js'

const raw = '0:ca6e321c7cce9ecedf0a8ca2492ec8592494aa5fb5ce0387dff96ef6af982a3e'

describe('tonWalletV5R1Id', () => {
  test('behavior: mainnet 2147483409 and testnet 2147483645 for workchain 0, subwallet 0', () => {
    expect(tonWalletV5R1Id('mainnet')).toBe(2147483409)
    expect(tonWalletV5R1Id('testnet')).toBe(2147483645)
  })
})

describe('tonFriendlyAddress', () => {
  test('behavior: the four flag combinations equal @ton/core Address.toString', () => {
    const address = Address.parse(raw)
    for (const bounceable of [true, false])
      for (const testOnly of [true, false])
        expect(tonFriendlyAddress(0, address.hash, { bounceable, testOnly })).toBe(
          address.toString({ bounceable, testOnly, urlSafe: true }),
        )
  })
})

describe('parseTonAddress', () => {
  test('behavior: raw, base64url and base64 forms; flags read back', () => {
    const address = Address.parse(raw)
    const forms = [
      raw,
      address.toString(),
      address.toString({ urlSafe: false }),
      address.toString({ bounceable: false, testOnly: true }),
    ]
    for (const form of forms) {
      const parsed = parseTonAddress(form)
      expect(parsed.workchain).toBe(0)
      expect(`0:${bytesToHex(parsed.hash)}`).toBe(raw)
    }
    expect(parseTonAddress(forms[1]!)).toMatchObject({ bounceable: true, testOnly: false })
    expect(parseTonAddress(forms[3]!)).toMatchObject({ bounceable: false, testOnly: true })
    expect(parseTonAddress(raw).bounceable).toBeUndefined()
    expect(parseTonAddress(Address.parse(`-1:${raw.slice(2)}`).toString()).workchain).toBe(-1)
  })

  test('error: bad checksum, length or type throws INVALID_ADDRESS', () => {
    const good = Address.parse(raw).toString()
    for (const bad of [`${good.slice(0, -1)}A`, good.slice(1), '0:abc', 'not an address', 42])
      expect(() => parseTonAddress(bad as string)).toThrow(
        expect.objectContaining({ code: 'INVALID_ADDRESS' }),
      )
  })
})

describe('tonAddressesFromPublicKey', () => {
  test('behavior: raw form matches the user-friendly v5r1; v4r2 is network independent', () => {
    const key = new Uint8Array(32).fill(1)
    const main = tonAddressesFromPublicKey(key)
    expect(Address.parse(main.v5r1).toRawString()).toBe(main.v5r1Raw)
    expect(
      Address.parse(tonAddressesFromPublicKey(key, 'testnet').v4r2).equals(Address.parse(main.v4r2)),
    ).toBe(true)
  })

  test('error: a 33-byte key throws', () => {
    expect(() => tonAddressesFromPublicKey(new Uint8Array(33))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
