import { Address } from '@ton/core'
import { describe, expect, test } from 'vitest'
import { formatTonAddress, parseTonAddress, rawTonAddress, sameTonAddress } from './tonAddress.js'

const core = Address.parse('0:87115e4a012e747d9bce013ce2244010c6d5e3b0f88ddbc63420519b8619e5a0')

describe('parseTonAddress / formatTonAddress', () => {
  test('behavior: the four user-friendly forms equal @ton/core; raw, base64 and base64url parse to one account', () => {
    for (const bounceable of [true, false])
      for (const testOnly of [true, false]) {
        const text = formatTonAddress({ workchain: 0, hash: core.hash }, { bounceable, testOnly })
        expect(text).toBe(core.toString({ bounceable, testOnly, urlSafe: true }))
        const parsed = parseTonAddress(text)
        expect(parsed).toMatchObject({ workchain: 0, bounceable, testOnly })
        expect(sameTonAddress(parsed, parseTonAddress(core.toRawString()))).toBe(true)
      }
    const standard = core.toString({ urlSafe: false })
    expect(rawTonAddress(parseTonAddress(standard))).toBe(core.toRawString())
    expect(parseTonAddress(`-1:${'3'.repeat(64)}`).workchain).toBe(-1)
  })

  test('error: a typo (checksum), a wrong length, unknown flags or a non-string is INVALID_ADDRESS', () => {
    const good = core.toString()
    const typo = `${good.slice(0, 10)}${good[10] === 'A' ? 'B' : 'A'}${good.slice(11)}`
    for (const bad of [typo, good.slice(1), `0:${'z'.repeat(64)}`, '', 42 as unknown as string])
      expect(() => parseTonAddress(bad)).toThrow(expect.objectContaining({ code: 'INVALID_ADDRESS' }))
    const raw = Buffer.from(good.replace(/-/g, '+').replace(/_/g, '/'), 'base64')
    raw[0] = 0x22
    expect(() => parseTonAddress(raw.toString('base64url'))).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS' }),
    )
  })
})
