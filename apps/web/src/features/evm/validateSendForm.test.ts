import { parseEther } from 'viem'
import { describe, expect, test } from 'vitest'
import { validateSendForm } from './validateSendForm'

const to = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
const base = { to, amount: '0.5', balance: parseEther('1'), symbol: 'ETH' }

describe('validateSendForm', () => {
  test('behavior: a valid form gives the address and the amount in wei', () => {
    expect(validateSendForm(base)).toEqual({ ok: true, to, value: parseEther('0.5') })
    expect(validateSendForm({ ...base, to: to.toLowerCase() })).toMatchObject({ ok: true })
  })

  test('error: a bad address is reported on the recipient field', () => {
    expect(validateSendForm({ ...base, to: '0x1234' })).toMatchObject({
      ok: false,
      errors: { to: /40 hexadecimal/ },
    })
    expect(validateSendForm({ ...base, to: '' })).toMatchObject({ ok: false, errors: { to: /recipient/ } })
    const badChecksum = `${to.slice(0, -1)}c`
    expect(validateSendForm({ ...base, to: badChecksum })).toMatchObject({
      ok: false,
      errors: { to: /checksum/ },
    })
  })

  test('error: zero, negative or non-numeric amounts are reported on the amount field', () => {
    for (const amount of ['0', '-1', 'abc', '']) {
      const result = validateSendForm({ ...base, amount })
      expect(result.ok).toBe(false)
      expect(result.ok ? undefined : result.errors.amount).toBeTruthy()
    }
  })

  test('error: more than the balance is reported with the balance', () => {
    expect(validateSendForm({ ...base, amount: '1.5' })).toMatchObject({
      ok: false,
      errors: { amount: 'More than your balance (1 ETH).' },
    })
  })
})
