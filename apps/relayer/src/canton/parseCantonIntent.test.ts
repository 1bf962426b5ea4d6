import { SAMPLE_DEFI_INTENT_ARGS } from '@stratos/canton/testing'
import { describe, expect, test } from 'vitest'
import { parseCantonIntent } from './parseCantonIntent.js'

const good = SAMPLE_DEFI_INTENT_ARGS

describe('parseCantonIntent', () => {
  test('behavior: converts the ledger JSON into typed fields', () => {
    const parsed = parseCantonIntent('cid', good)
    expect(parsed).toMatchObject({
      ok: true,
      intent: {
        contractId: 'cid',
        intentId: `0x${'ab'.repeat(32)}`,
        chainId: 31337,
        value: 1000n,
        nonce: 3n,
        deadline: BigInt(Date.UTC(2030, 0, 1) / 1000),
        vault: '0x2222222222222222222222222222222222222222',
      },
    })
  })

  test('error: a malformed intent is an answer with every reason, not a throw', () => {
    const parsed = parseCantonIntent('cid', { ...good, vault: '0x12', value: '-1', callData: '0x1' })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.intentId).toBe(`0x${'ab'.repeat(32)}`)
    expect(parsed.reason).toMatch(/^InvalidIntent: /)
    expect(parsed.reason).toContain('vault')
    expect(parsed.reason).toContain('value')
    expect(parsed.reason).toContain('callData')
  })

  test('error: no well-formed intent id gives none', () => {
    const parsed = parseCantonIntent('cid', { ...good, intentId: 'nope' })
    expect(parsed).toMatchObject({ ok: false, intentId: undefined })
    expect(parseCantonIntent('cid', null)).toMatchObject({ ok: false })
  })
})
