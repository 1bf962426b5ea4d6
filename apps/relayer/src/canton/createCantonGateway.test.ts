import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import {
  cancelIntent,
  createIntent,
  type DeFiScenario,
  outcomesOf,
  sampleIntentFields,
  setupDeFiScenario,
} from '@stratos/canton-devnet/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonGateway, createCantonGateway } from './createCantonGateway.js'

let devnet: CantonDevnet
let s: DeFiScenario
let gateway: CantonGateway

beforeAll(async () => {
  devnet = await startCantonDevnet({ host: '127.0.0.1' })
  s = await setupDeFiScenario(devnet)
  gateway = createCantonGateway({ url: devnet.url, token: s.operatorToken, operatorParty: s.operator })
})
afterAll(async () => {
  await devnet?.stop()
})

describe('createCantonGateway', () => {
  test('behavior: reads the operator’s active intents as CantonIntent', async () => {
    const fields = sampleIntentFields({ value: '12345', nonce: 7 })
    const contractId = await createIntent(s.client, s.institution, s.operator, fields)
    const { intents, invalid, offset } = await gateway.readIntents()
    expect(offset).toBeGreaterThan(0)
    expect(invalid).toEqual([])
    const intent = intents.find((i) => i.contractId === contractId)
    expect(intent).toMatchObject({
      intentId: fields.intentId.toLowerCase(),
      vaultId: fields.vaultId.toLowerCase(),
      chainId: 31337,
      value: 12345n,
      nonce: 7n,
      institution: s.institution.partyId,
      operator: s.operator,
      deadline: BigInt(Math.floor(Date.parse(fields.deadline) / 1000)),
      regulator: null,
    })
    expect(await gateway.ledgerEnd()).toBeGreaterThanOrEqual(offset)
  })

  test('behavior: markExecuted writes the outcome once; a retry is reported as already done', async () => {
    const fields = sampleIntentFields()
    const contractId = await createIntent(s.client, s.institution, s.operator, fields)
    const intentId = fields.intentId.toLowerCase() as Hex
    const txHash = `0x${'ab'.repeat(32)}` as Hex
    expect(await gateway.markExecuted({ contractId, intentId, txHash })).toBe('reported')
    expect(await gateway.markExecuted({ contractId, intentId, txHash })).toBe('already-reported')
    const outcomes = (await outcomesOf(s.client, s.operatorToken, s.operator)).filter(
      (o) => o.args.intentId.toLowerCase() === intentId,
    )
    expect(outcomes).toHaveLength(1)
    expect(outcomes[0]?.args).toMatchObject({ status: 'Executed', txHash })
    expect((await gateway.readIntents()).intents.some((i) => i.contractId === contractId)).toBe(false)
  })

  test('behavior: markFailed carries the reason and an optional tx hash', async () => {
    const fields = sampleIntentFields()
    const contractId = await createIntent(s.client, s.institution, s.operator, fields)
    const intentId = fields.intentId.toLowerCase() as Hex
    expect(await gateway.markFailed({ contractId, intentId, reason: 'IntentExpired(1)' })).toBe('reported')
    const outcome = (await outcomesOf(s.client, s.operatorToken, s.operator)).find(
      (o) => o.args.intentId.toLowerCase() === intentId,
    )
    expect(outcome?.args).toMatchObject({ status: 'Failed', reason: 'IntentExpired(1)', txHash: null })
  })

  test('behavior: an intent cancelled by the institution is reported as gone', async () => {
    const fields = sampleIntentFields()
    const contractId = await createIntent(s.client, s.institution, s.operator, fields)
    expect((await cancelIntent(s.client, s.institution, contractId)).status).toBe(200)
    const result = await gateway.markFailed({
      contractId,
      intentId: fields.intentId.toLowerCase() as Hex,
      reason: 'x',
    })
    expect(result).toBe('gone')
  })

  test('behavior: with a regulator, only intents naming it are executable; the others are invalid with the reason', async () => {
    const regulated = createCantonGateway({
      url: devnet.url,
      token: s.operatorToken,
      operatorParty: s.operator,
      regulatorParty: s.regulator,
    })
    const named = await createIntent(s.client, s.institution, s.operator, { regulator: s.regulator })
    const none = await createIntent(s.client, s.institution, s.operator)
    const other = await createIntent(s.client, s.institution, s.operator, { regulator: s.outsider })
    const { intents, invalid } = await regulated.readIntents()
    expect(intents.find((i) => i.contractId === named)?.regulator).toBe(s.regulator)
    expect(intents.map((i) => i.contractId)).not.toContain(none)
    expect(intents.map((i) => i.contractId)).not.toContain(other)
    expect(invalid.find((i) => i.contractId === none)).toMatchObject({
      intentId: expect.stringMatching(/^0x[0-9a-f]{64}$/),
      reason: `WrongRegulator: the intent names no regulator, not ${s.regulator}`,
    })
    expect(invalid.find((i) => i.contractId === other)?.reason).toBe(
      `WrongRegulator: the intent names ${s.outsider}, not ${s.regulator}`,
    )
    // Without a regulator configured, every intent of the operator is executable.
    const all = (await gateway.readIntents()).intents.map((i) => i.contractId)
    expect(all).toEqual(expect.arrayContaining([named, none, other]))
  })

  test('behavior: the outcome the operator writes carries the intent’s regulator, who reads it with a read-only token', async () => {
    const regulated = createCantonGateway({
      url: devnet.url,
      token: s.operatorToken,
      operatorParty: s.operator,
      regulatorParty: s.regulator,
    })
    const executed = sampleIntentFields({ regulator: s.regulator })
    const failed = sampleIntentFields({ regulator: s.regulator })
    const executedCid = await createIntent(s.client, s.institution, s.operator, executed)
    const failedCid = await createIntent(s.client, s.institution, s.operator, failed)
    const txHash = `0x${'cd'.repeat(32)}` as Hex
    const id = (f: { intentId: string }) => f.intentId.toLowerCase() as Hex
    expect(await regulated.markExecuted({ contractId: executedCid, intentId: id(executed), txHash })).toBe(
      'reported',
    )
    expect(
      await regulated.markFailed({ contractId: failedCid, intentId: id(failed), reason: 'IntentExpired(1)' }),
    ).toBe('reported')
    const seen = await outcomesOf(s.client, s.regulatorToken, s.regulator)
    expect(seen.find((o) => o.args.intentId.toLowerCase() === id(executed))?.args).toMatchObject({
      status: 'Executed',
      txHash,
      regulator: s.regulator,
    })
    expect(seen.find((o) => o.args.intentId.toLowerCase() === id(failed))?.args).toMatchObject({
      status: 'Failed',
      reason: 'IntentExpired(1)',
      regulator: s.regulator,
    })
  })

  test('error: an unreachable participant throws (the relayer retries and sets canton_up 0)', async () => {
    const down = createCantonGateway({ url: 'http://127.0.0.1:9', token: 't', operatorParty: s.operator })
    await expect(down.ledgerEnd()).rejects.toMatchObject({ code: 'LEDGER_UNREACHABLE' })
  })
})
