import { startCantonDevnet } from '@stratos/canton-devnet'
import { sampleIntentFields } from '@stratos/canton-devnet/testing'
import { describe, expect, expectTypeOf, test } from 'vitest'
import { DEFI_INTENT_FIELDS, DEFI_INTENT_TEMPLATE_ID } from '../defiTemplates.js'
import { SAMPLE_DEFI_INTENT_ARGS } from '../testing/sampleDeFiIntentArgs.js'
import {
  deFiIntentArgsSchema,
  type ParsedDeFiIntentArgs,
  parseDeFiIntentArgs,
} from './parseDeFiIntentArgs.js'

const good = SAMPLE_DEFI_INTENT_ARGS

describe('deFiIntentArgsSchema', () => {
  test('behavior: has exactly the fields canton-devnet’s DeFiIntent template declares', async () => {
    expect(Object.keys(deFiIntentArgsSchema.shape)).toEqual([...DEFI_INTENT_FIELDS])
    expectTypeOf<keyof ParsedDeFiIntentArgs>().toEqualTypeOf<(typeof DEFI_INTENT_FIELDS)[number]>()
    const devnet = await startCantonDevnet()
    try {
      const template = devnet.registry.templateOf(DEFI_INTENT_TEMPLATE_ID)
      expect(template.argType.fields.map(([name]) => name)).toEqual(Object.keys(deFiIntentArgsSchema.shape))
    } finally {
      await devnet.stop()
    }
  })

  test('behavior: accepts the arguments canton-devnet’s test intents are created with', () => {
    const fields = sampleIntentFields({ chainId: 31337, nonce: 7 })
    const parsed = deFiIntentArgsSchema.parse({
      institution: 'inst::1220aa',
      operator: 'op::1220bb',
      ...fields,
    })
    expect(parsed).toMatchObject({ chainId: 31337, nonce: 7n, intentId: fields.intentId.toLowerCase() })
  })
})

describe('parseDeFiIntentArgs', () => {
  test('behavior: converts the ledger JSON into typed fields', () => {
    expect(parseDeFiIntentArgs(good)).toEqual({
      ok: true,
      args: {
        institution: 'inst::1220aa',
        operator: 'op::1220bb',
        intentId: `0x${'ab'.repeat(32)}`,
        vaultId: `0x${'11'.repeat(32)}`,
        chainId: 31337,
        vault: '0x2222222222222222222222222222222222222222',
        adapter: '0x3333333333333333333333333333333333333333',
        callData: '0xf2b9fdb8',
        value: 1000n,
        nonce: 3n,
        deadline: BigInt(Date.UTC(2030, 0, 1) / 1000),
        regulator: 'reg::1220cc',
      },
    })
  })

  test('behavior: a regulator of None (null, or a record without the field) is null', () => {
    const { regulator: _omitted, ...withoutRegulator } = good
    for (const args of [{ ...good, regulator: null }, withoutRegulator])
      expect(parseDeFiIntentArgs(args)).toMatchObject({ ok: true, args: { regulator: null } })
  })

  test('error: a regulator that is not a party id', () => {
    for (const regulator of ['', 42, ['reg::1220cc']])
      expect(parseDeFiIntentArgs({ ...good, regulator })).toMatchObject({
        ok: false,
        issues: expect.stringContaining('regulator'),
      })
  })

  test('behavior: a mixed-case address comes out checksummed; a number chain id and nonce are taken', () => {
    const parsed = parseDeFiIntentArgs({
      ...good,
      vault: '0xd8da6bf26964af9d7eed9e03e53415d37aa96045',
      chainId: 1,
      nonce: 0,
    })
    expect(parsed).toMatchObject({
      ok: true,
      args: { vault: '0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045', chainId: 1, nonce: 0n },
    })
  })

  test('error: a malformed argument is an answer naming every wrong field, not a throw', () => {
    const parsed = parseDeFiIntentArgs({ ...good, vault: '0x12', value: '-1', callData: '0x1' })
    expect(parsed.ok).toBe(false)
    if (parsed.ok) return
    expect(parsed.intentId).toBe(`0x${'ab'.repeat(32)}`)
    expect(parsed.issues).toContain('vault: expected 0x + 40 hex digits')
    expect(parsed.issues).toContain('value: expected a decimal number of wei')
    expect(parsed.issues).toContain('callData: expected 0x + an even number of hex digits')
  })

  test('error: out-of-range numbers and a bad deadline are refused', () => {
    const parsed = parseDeFiIntentArgs({
      ...good,
      chainId: '0',
      value: (2n ** 256n).toString(),
      nonce: '-1',
      deadline: 'tomorrow',
    })
    expect(parsed).toMatchObject({ ok: false })
    if (parsed.ok) return
    for (const field of ['chainId', 'value', 'nonce', 'deadline'])
      expect(parsed.issues).toContain(`${field}:`)
  })

  test('error: no well-formed intent id gives none', () => {
    expect(parseDeFiIntentArgs({ ...good, intentId: 'nope' })).toMatchObject({
      ok: false,
      intentId: undefined,
    })
    expect(parseDeFiIntentArgs(null)).toMatchObject({
      ok: false,
      intentId: undefined,
      issues: expect.any(String),
    })
  })
})
