import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodePreparedTransaction } from '@canton-network/core-tx-visualizer'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { packageIdOf } from '../engine/TemplateRegistry.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import {
  cancelIntent,
  createIntent,
  createIntentCommand,
  type DeFiScenario,
  exerciseIntentChoice,
  intentsOf,
  markExecuted,
  markFailed,
  outcomesOf,
  sampleIntentFields,
  setupDeFiScenario,
  tryCreateIntent,
} from '../testing/defiScenario.js'
import { executeSigned, mint, prepareTransfer, setupTokenScenario } from '../testing/tokenScenario.js'
import {
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  DEFI_PACKAGE_NAME,
  DEFI_PACKAGE_VERSION,
} from './registerDeFiIntent.js'

// The same behaviour as daml/stratos-defi's Daml Script tests (Stratos.DeFi.IntentTest), against
// the devnet over HTTP with every response checked against the JSON Ledger API spec.

let devnet: CantonDevnet
let client: DevnetTestClient
let s: DeFiScenario
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupDeFiScenario(client)
})
afterAll(() => devnet.stop())

const txHash = () => `0x${randomBytes(32).toString('hex')}`
const intentsSeenBy = (token: string, party: string) => intentsOf(client, token, party)
const outcomesSeenBy = (token: string, party: string) => outcomesOf(client, token, party)
const PRECONDITION = /Template precondition violated in [0-9a-f]{64}:Stratos\.DeFi\.Intent:DeFiIntent: /

describe('DeFiIntent: create', () => {
  test('behavior: the institution creates an intent through prepare -> sign -> executeAndWait and the operator sees it', async () => {
    const fields = sampleIntentFields({ chainId: 8453, nonce: 7, value: '1000000000000000000' })
    const prepared = await client.ok('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [createIntentCommand(s.institution.partyId, s.operator, fields)],
      },
    })
    // What the institution signs: one create of stratos-defi's DeFiIntent, signed by it alone.
    const node = decodePreparedTransaction(prepared.preparedTransaction).transaction?.nodes[0]?.versionedNode
    const create =
      node?.oneofKind === 'v1' && node.v1.nodeType.oneofKind === 'create'
        ? node.v1.nodeType.create
        : undefined
    expect(create?.packageName).toBe(DEFI_PACKAGE_NAME)
    expect(create?.templateId).toEqual({
      packageId: packageIdOf(DEFI_PACKAGE_NAME, DEFI_PACKAGE_VERSION),
      moduleName: 'Stratos.DeFi.Intent',
      entityName: 'DeFiIntent',
    })
    expect(create?.signatories).toEqual([s.institution.partyId])
    expect(create?.stakeholders).toEqual([s.institution.partyId, s.operator].sort())

    const cid = await createIntent(client, s.institution, s.operator, fields)
    const seen = await intentsSeenBy(s.operatorToken, s.operator)
    expect(seen.find((c) => c.contractId === cid)?.args).toEqual({
      institution: s.institution.partyId,
      operator: s.operator,
      ...fields,
      chainId: '8453',
      nonce: '7',
      regulator: null,
    })
  })

  test('behavior: the operator reads the full created event: template id, signatory and observer', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    const { offset } = await client.ok('GET', '/v2/state/ledger-end', { token: s.operatorToken })
    const acs = await client.ok('POST', '/v2/state/active-contracts', {
      token: s.operatorToken,
      body: {
        activeAtOffset: offset,
        eventFormat: {
          filtersByParty: {
            [s.operator]: {
              cumulative: [
                { identifierFilter: { TemplateFilter: { value: { templateId: DEFI_INTENT_TEMPLATE_ID } } } },
              ],
            },
          },
        },
      },
    })
    const event = acs
      .map(
        (r: { contractEntry: { JsActiveContract: { createdEvent: { contractId: string } } } }) =>
          r.contractEntry.JsActiveContract.createdEvent,
      )
      .find((e: { contractId: string }) => e.contractId === cid)
    expect(event).toEqual(
      expect.objectContaining({
        templateId: `${packageIdOf(DEFI_PACKAGE_NAME, DEFI_PACKAGE_VERSION)}:Stratos.DeFi.Intent:DeFiIntent`,
        packageName: DEFI_PACKAGE_NAME,
        signatories: [s.institution.partyId],
        observers: [s.operator],
        witnessParties: [s.operator],
      }),
    )
  })

  test('behavior: Int fields may be sent as strings; hex digits of either case and empty callData are allowed', async () => {
    const res = await tryCreateIntent(client, s.institution, s.operator, {
      chainId: '1',
      nonce: '9223372036854775807',
      vault: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
      callData: '0x',
      value: (2n ** 256n - 1n).toString(),
    })
    expect(res.status).toBe(200)
  })

  test('error: the operator cannot create an intent on the institution’s behalf', async () => {
    // As a hosted submitter it lacks the institution's authority ...
    const res = await client.call('POST', '/v2/commands/submit-and-wait', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.operator],
        commands: [createIntentCommand(s.institution.partyId, s.operator, sampleIntentFields())],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('DAML_AUTHORIZATION_ERROR')
    expect(res.body.cause).toContain(`requires authorizers ${s.institution.partyId}`)
    // ... and it may not even prepare a command for the institution to sign.
    const prepare = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [createIntentCommand(s.institution.partyId, s.operator, sampleIntentFields())],
      },
    })
    expect(prepare.status).toBe(403)
    expect(prepare.body.code).toBe('PERMISSION_DENIED')
  })

  const hex = (n: number) => `0x${'a'.repeat(n)}`
  test.each([
    ['intentId too short', { intentId: hex(62) }, 'intentId must be 0x followed by 64 hex digits'],
    ['intentId without 0x', { intentId: 'a'.repeat(64) }, 'intentId must be 0x followed by 64 hex digits'],
    [
      'intentId not hex',
      { intentId: `0x${'g'.repeat(64)}` },
      'intentId must be 0x followed by 64 hex digits',
    ],
    ['vaultId too long', { vaultId: hex(66) }, 'vaultId must be 0x followed by 64 hex digits'],
    ['chainId zero', { chainId: 0 }, 'chainId must be positive'],
    ['chainId negative', { chainId: -1 }, 'chainId must be positive'],
    ['vault of 19 bytes', { vault: hex(38) }, 'vault must be 0x followed by 40 hex digits'],
    ['adapter not hex', { adapter: `0x${'z'.repeat(40)}` }, 'adapter must be 0x followed by 40 hex digits'],
    ['callData of odd length', { callData: '0xabc' }, 'callData must be 0x followed by an even number'],
    ['callData without 0x', { callData: 'abcd' }, 'callData must be 0x followed by an even number'],
    ['value empty', { value: '' }, 'value must be a decimal uint256'],
    ['value negative', { value: '-1' }, 'value must be a decimal uint256'],
    ['value fractional', { value: '1.5' }, 'value must be a decimal uint256'],
    ['value hex', { value: '0x10' }, 'value must be a decimal uint256'],
    ['value with leading zeros', { value: '007' }, 'value must be a decimal uint256'],
    ['value above 2^256 - 1', { value: (2n ** 256n).toString() }, 'value must be a decimal uint256'],
    ['nonce negative', { nonce: -1 }, 'nonce must not be negative'],
  ])('error: %s is refused at prepare with the ensure message', async (_name, bad, message) => {
    const res = await tryCreateIntent(client, s.institution, s.operator, bad)
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('UNHANDLED_EXCEPTION')
    expect(res.body.cause).toMatch(PRECONDITION)
    expect(res.body.cause).toContain(message)
  })

  test('error: the institution cannot name itself as the operator', async () => {
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [createIntentCommand(s.institution.partyId, s.institution.partyId, sampleIntentFields())],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.cause).toContain('institution and operator must be different parties')
  })

  test('error: wrongly typed or missing fields are COMMAND_PREPROCESSING_FAILED', async () => {
    for (const bad of [{ chainId: 'one' }, { nonce: 1.5 }, { deadline: 'tomorrow' }]) {
      const res = await tryCreateIntent(client, s.institution, s.operator, bad as never)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('COMMAND_PREPROCESSING_FAILED')
    }
    const { deadline: _omitted, ...noDeadline } = sampleIntentFields()
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [
          {
            CreateCommand: {
              templateId: DEFI_INTENT_TEMPLATE_ID,
              createArguments: { institution: s.institution.partyId, operator: s.operator, ...noDeadline },
            },
          },
        ],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.cause).toContain('deadline')
  })
})

describe('DeFiIntent_MarkExecuted', () => {
  test('behavior: the operator marks an intent executed through submit-and-wait: the intent is archived and the outcome is seen by both', async () => {
    const fields = sampleIntentFields({ chainId: 10 })
    const cid = await createIntent(client, s.institution, s.operator, fields)
    const hash = txHash()
    const res = await markExecuted(s, cid, hash)
    expect(res.status).toBe(200)
    expect(res.body.updateId).toMatch(/^1220[0-9a-f]{64}$/)

    for (const [token, party] of [
      [s.operatorToken, s.operator],
      [s.institutionToken, s.institution.partyId],
    ] as const) {
      expect((await intentsSeenBy(token, party)).map((c) => c.contractId)).not.toContain(cid)
      const outcome = (await outcomesSeenBy(token, party)).find((o) => o.args.intentId === fields.intentId)
      expect(outcome?.args).toEqual({
        institution: s.institution.partyId,
        operator: s.operator,
        intentId: fields.intentId,
        vaultId: fields.vaultId,
        chainId: '10',
        status: 'Executed',
        txHash: hash,
        reason: null,
        regulator: null,
      })
    }
  })

  test('behavior: the exercise names the operator as the acting party and returns the outcome id', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    const res = await client.ok('POST', '/v2/commands/submit-and-wait-for-transaction', {
      token: s.operatorToken,
      body: {
        commands: {
          commandId: randomUUID(),
          actAs: [s.operator],
          commands: [
            {
              ExerciseCommand: {
                templateId: DEFI_INTENT_TEMPLATE_ID,
                contractId: cid,
                choice: DEFI_INTENT_CHOICES.markExecuted,
                choiceArgument: { txHash: txHash() },
              },
            },
          ],
        },
        transactionFormat: {
          transactionShape: 'TRANSACTION_SHAPE_LEDGER_EFFECTS',
          eventFormat: { filtersByParty: { [s.operator]: {} } },
        },
      },
    })
    const [exercised, created] = res.transaction.events
    expect(exercised.ExercisedEvent).toEqual(
      expect.objectContaining({
        contractId: cid,
        choice: DEFI_INTENT_CHOICES.markExecuted,
        consuming: true,
        actingParties: [s.operator],
        exerciseResult: created.CreatedEvent.contractId,
      }),
    )
    expect(created.CreatedEvent.templateId).toMatch(/:Stratos\.DeFi\.Intent:DeFiIntentOutcome$/)
    expect(created.CreatedEvent.signatories).toEqual([s.institution.partyId, s.operator].sort())
  })

  test('error: marking twice is CONTRACT_NOT_FOUND (the intent was consumed), whichever choice comes second', async () => {
    const fields = sampleIntentFields()
    const cid = await createIntent(client, s.institution, s.operator, fields)
    expect((await markExecuted(s, cid, txHash())).status).toBe(200)
    for (const again of [() => markExecuted(s, cid, txHash()), () => markFailed(s, cid, 'again')]) {
      const res = await again()
      expect(res.status).toBe(404)
      expect(res.body.code).toBe('CONTRACT_NOT_FOUND')
      expect(res.body.resources).toEqual([['CONTRACT_ID', cid]])
    }
    const outcomes = await outcomesSeenBy(s.operatorToken, s.operator)
    expect(outcomes.filter((o) => o.args.intentId === fields.intentId).map((o) => o.args.status)).toEqual([
      'Executed',
    ])
  })

  test('error: a malformed txHash fails the choice and leaves the intent unmarked', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    for (const bad of ['', '0x', '0x1234', txHash().slice(2), `${txHash()}00`, `0x${'z'.repeat(64)}`]) {
      const res = await markExecuted(s, cid, bad)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('UNHANDLED_EXCEPTION')
      expect(res.body.cause).toContain('txHash must be 0x followed by 64 hex digits')
    }
    expect((await intentsSeenBy(s.operatorToken, s.operator)).map((c) => c.contractId)).toContain(cid)
  })

  test('error: the institution cannot mark its own intent', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    for (const [choice, choiceArgument] of [
      [DEFI_INTENT_CHOICES.markExecuted, { txHash: txHash() }],
      [DEFI_INTENT_CHOICES.markFailed, { reason: 'nope', txHash: null }],
    ] as const) {
      const res = await client.call('POST', '/v2/interactive-submission/prepare', {
        token: s.institutionToken,
        body: {
          commandId: randomUUID(),
          actAs: [s.institution.partyId],
          commands: [
            {
              ExerciseCommand: {
                templateId: DEFI_INTENT_TEMPLATE_ID,
                contractId: cid,
                choice,
                choiceArgument,
              },
            },
          ],
        },
      })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('DAML_AUTHORIZATION_ERROR')
      expect(res.body.cause).toContain(`requires authorizers ${s.operator}`)
    }
  })
})

describe('DeFiIntent_MarkFailed', () => {
  test('behavior: the operator marks an intent failed with a reason, with or without the reverted tx hash', async () => {
    const withHash = sampleIntentFields()
    const withoutHash = sampleIntentFields()
    const cidWith = await createIntent(client, s.institution, s.operator, withHash)
    const cidWithout = await createIntent(client, s.institution, s.operator, withoutHash)
    const hash = txHash()
    expect((await markFailed(s, cidWith, 'adapter call reverted', hash)).status).toBe(200)
    expect((await markFailed(s, cidWithout, 'deadline passed')).status).toBe(200)
    const outcomes = await outcomesSeenBy(s.institutionToken, s.institution.partyId)
    expect(outcomes.find((o) => o.args.intentId === withHash.intentId)?.args).toEqual(
      expect.objectContaining({ status: 'Failed', reason: 'adapter call reverted', txHash: hash }),
    )
    expect(outcomes.find((o) => o.args.intentId === withoutHash.intentId)?.args).toEqual(
      expect.objectContaining({ status: 'Failed', reason: 'deadline passed', txHash: null }),
    )
    const active = (await intentsSeenBy(s.operatorToken, s.operator)).map((c) => c.contractId)
    expect(active).not.toContain(cidWith)
    expect(active).not.toContain(cidWithout)
  })

  test('error: an empty reason or a malformed tx hash fails the choice', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    const empty = await markFailed(s, cid, '')
    expect(empty.status).toBe(400)
    expect(empty.body.cause).toContain('reason must not be empty')
    const badHash = await markFailed(s, cid, 'reverted', '0x1234')
    expect(badHash.status).toBe(400)
    expect(badHash.body.cause).toContain('txHash must be 0x followed by 64 hex digits')
    expect((await intentsSeenBy(s.operatorToken, s.operator)).map((c) => c.contractId)).toContain(cid)
  })
})

describe('DeFiIntent_Cancel', () => {
  test('behavior: the institution cancels an unmarked intent; it can no longer be marked and leaves no outcome', async () => {
    const fields = sampleIntentFields()
    const cid = await createIntent(client, s.institution, s.operator, fields)
    const res = await cancelIntent(client, s.institution, cid)
    expect(res.status).toBe(200)
    expect((await intentsSeenBy(s.operatorToken, s.operator)).map((c) => c.contractId)).not.toContain(cid)
    const mark = await markExecuted(s, cid, txHash())
    expect(mark.status).toBe(404)
    expect(mark.body.code).toBe('CONTRACT_NOT_FOUND')
    const outcomes = await outcomesSeenBy(s.institutionToken, s.institution.partyId)
    expect(outcomes.map((o) => o.args.intentId)).not.toContain(fields.intentId)
  })

  test('error: the operator cannot cancel', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    const res = await exerciseIntentChoice(
      client,
      s.operatorToken,
      s.operator,
      cid,
      DEFI_INTENT_CHOICES.cancel,
      {},
    )
    expect(res.status).toBe(400)
    expect(res.body.code).toBe('DAML_AUTHORIZATION_ERROR')
  })

  test('error: a marked intent can no longer be cancelled', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    expect((await markExecuted(s, cid, txHash())).status).toBe(200)
    const res = await cancelIntent(client, s.institution, cid)
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('CONTRACT_NOT_FOUND')
  })
})

describe('visibility', () => {
  test('error: a third party sees neither intents nor outcomes, may not read as the others, and cannot exercise', async () => {
    const cid = await createIntent(client, s.institution, s.operator)
    const marked = await createIntent(client, s.institution, s.operator)
    expect((await markExecuted(s, marked, txHash())).status).toBe(200)

    expect(await intentsSeenBy(s.outsiderToken, s.outsider)).toEqual([])
    expect(await outcomesSeenBy(s.outsiderToken, s.outsider)).toEqual([])
    const readOther = await client.call('POST', '/v2/state/active-contracts', {
      token: s.outsiderToken,
      body: { eventFormat: { filtersByParty: { [s.operator]: {} } } },
    })
    expect(readOther.status).toBe(403)
    expect(readOther.body.code).toBe('PERMISSION_DENIED')
    // The contract is not visible to it: Canton answers as if it did not exist.
    const res = await exerciseIntentChoice(
      client,
      s.outsiderToken,
      s.outsider,
      cid,
      DEFI_INTENT_CHOICES.markExecuted,
      {
        txHash: txHash(),
      },
    )
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('CONTRACT_NOT_FOUND')
  })

  test('behavior: another institution’s intents are not seen by an operator it did not name', async () => {
    const other = await setupDeFiScenario(client)
    const cid = await createIntent(client, other.institution, other.operator)
    expect((await intentsSeenBy(s.operatorToken, s.operator)).map((c) => c.contractId)).not.toContain(cid)
    expect((await intentsSeenBy(other.operatorToken, other.operator)).map((c) => c.contractId)).toEqual([cid])
  })
})

describe('regulator', () => {
  /** Every active contract `party` sees (all templates), read with `token`. */
  const everythingSeenBy = async (token: string, party: string) => {
    const { offset } = await client.ok('GET', '/v2/state/ledger-end', { token })
    const acs = await client.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
      token,
      body: { activeAtOffset: offset, eventFormat: { filtersByParty: { [party]: {} } } },
    })
    return acs.map((r) => r.contractEntry.JsActiveContract.createdEvent)
  }

  test('behavior: a named regulator is a stakeholder of what the institution signs and an observer of the intent and its outcome', async () => {
    const prepared = await client.ok('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        commands: [
          createIntentCommand(
            s.institution.partyId,
            s.operator,
            sampleIntentFields({ regulator: s.regulator }),
          ),
        ],
      },
    })
    const node = decodePreparedTransaction(prepared.preparedTransaction).transaction?.nodes[0]?.versionedNode
    const create =
      node?.oneofKind === 'v1' && node.v1.nodeType.oneofKind === 'create'
        ? node.v1.nodeType.create
        : undefined
    expect(create?.signatories).toEqual([s.institution.partyId])
    expect(create?.stakeholders).toEqual([s.institution.partyId, s.operator, s.regulator].sort())

    const fields = sampleIntentFields({ regulator: s.regulator })
    const cid = await createIntent(client, s.institution, s.operator, fields)
    const intent = (await everythingSeenBy(s.regulatorToken, s.regulator)).find((e) => e.contractId === cid)
    expect(intent?.signatories).toEqual([s.institution.partyId])
    expect([...(intent?.observers ?? [])].sort()).toEqual([s.operator, s.regulator].sort())
    expect(intent?.createArgument.regulator).toBe(s.regulator)

    expect((await markExecuted(s, cid, txHash())).status).toBe(200)
    const outcome = (await outcomesSeenBy(s.regulatorToken, s.regulator)).find(
      (o) => o.args.intentId === fields.intentId,
    )
    expect(outcome?.args).toEqual(expect.objectContaining({ status: 'Executed', regulator: s.regulator }))
    const outcomeEvent = (await everythingSeenBy(s.regulatorToken, s.regulator)).find(
      (e) => e.contractId === outcome?.contractId,
    )
    expect(outcomeEvent?.signatories).toEqual([s.institution.partyId, s.operator].sort())
    expect(outcomeEvent?.observers).toEqual([s.regulator])
  })

  test('behavior: the regulator sees every intent and outcome naming it and nothing else of the institutions (no holdings, no transfers)', async () => {
    const view = await setupDeFiScenario(client)
    // A second institution that holds tokens and sends some: none of it concerns the regulator.
    const tokens = await setupTokenScenario(client)
    const prepared = await prepareTransfer(client, tokens, tokens.alice, tokens.bob.partyId, '10')
    expect((await executeSigned(client, tokens, prepared, tokens.alice)).status).toBe(200)
    const begin = (await client.ok('GET', '/v2/state/ledger-end', { token: view.regulatorToken })).offset

    const regulated = { regulator: view.regulator }
    const open = await createIntent(client, view.institution, view.operator, sampleIntentFields(regulated))
    const executed = await createIntent(
      client,
      view.institution,
      view.operator,
      sampleIntentFields(regulated),
    )
    const failed = await createIntent(client, tokens.alice, view.operator, sampleIntentFields(regulated))
    const unregulated = await createIntent(client, view.institution, view.operator)
    expect((await markExecuted(view, executed, txHash())).status).toBe(200)
    expect((await markFailed(view, failed, 'deadline passed')).status).toBe(200)
    await mint(client, tokens, tokens.alice.partyId, '5')

    // The active contracts: the open intent and the two outcomes, all naming the regulator.
    const seen = await everythingSeenBy(view.regulatorToken, view.regulator)
    const names = seen.map((e) => String(e.templateId).split(':').slice(1).join(':')).sort()
    expect(names).toEqual([
      'Stratos.DeFi.Intent:DeFiIntent',
      'Stratos.DeFi.Intent:DeFiIntentOutcome',
      'Stratos.DeFi.Intent:DeFiIntentOutcome',
    ])
    expect(seen.map((e) => e.createArgument.regulator)).toEqual([
      view.regulator,
      view.regulator,
      view.regulator,
    ])
    expect(seen.map((e) => e.contractId)).toContain(open)
    expect(seen.map((e) => e.contractId)).not.toContain(unregulated)
    expect(
      (await outcomesSeenBy(view.regulatorToken, view.regulator)).map((o) => o.args.status).sort(),
    ).toEqual(['Executed', 'Failed'])

    // The history since: only DeFi events (the creates and the archives of the marked intents).
    const updates = await client.ok<DamlJson[]>('POST', '/v2/updates', {
      token: view.regulatorToken,
      body: {
        beginExclusive: begin,
        updateFormat: {
          includeTransactions: {
            transactionShape: 'TRANSACTION_SHAPE_LEDGER_EFFECTS',
            eventFormat: { filtersByParty: { [view.regulator]: {} } },
          },
        },
      },
    })
    const events = updates.flatMap((u) => u.update.Transaction?.value.events ?? [])
    const templates = new Set(
      events.map(
        (e: Record<string, { templateId: string }>) => Object.values(e)[0]?.templateId.split(':')[1],
      ),
    )
    expect([...templates]).toEqual(['Stratos.DeFi.Intent'])
    expect(events.length).toBeGreaterThanOrEqual(5)

    // Its token reads as the regulator only: not as an institution, not as the operator.
    for (const party of [view.institution.partyId, tokens.alice.partyId, view.operator]) {
      const res = await client.call('POST', '/v2/state/active-contracts', {
        token: view.regulatorToken,
        body: { activeAtOffset: begin, eventFormat: { filtersByParty: { [party]: {} } } },
      })
      expect(res.status).toBe(403)
      expect(res.body.code).toBe('PERMISSION_DENIED')
    }
  })

  test('error: the regulator observes only: it can neither mark nor cancel an intent it sees', async () => {
    const cid = await createIntent(client, s.institution, s.operator, { regulator: s.regulator })
    const actAs = await client.devnet.tokenFor({ actAs: [s.regulator] })
    for (const [choice, choiceArgument] of [
      [DEFI_INTENT_CHOICES.markExecuted, { txHash: txHash() }],
      [DEFI_INTENT_CHOICES.markFailed, { reason: 'no', txHash: null }],
      [DEFI_INTENT_CHOICES.cancel, {}],
    ] as const) {
      const res = await exerciseIntentChoice(client, actAs, s.regulator, cid, choice, choiceArgument)
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('DAML_AUTHORIZATION_ERROR')
    }
    expect((await intentsSeenBy(s.regulatorToken, s.regulator)).map((c) => c.contractId)).toContain(cid)
  })
})

describe('stratos-defi package', () => {
  test('behavior: listed among the participant’s packages and REGISTERED', async () => {
    const packageId = packageIdOf(DEFI_PACKAGE_NAME, DEFI_PACKAGE_VERSION)
    expect((await client.ok('GET', '/v2/packages')).packageIds).toContain(packageId)
    const status = await client.ok('GET', '/v2/packages/{package-id}/status', {
      params: { 'package-id': packageId },
    })
    expect(status.packageStatus).toBe('PACKAGE_STATUS_REGISTERED')
    expect(DEFI_INTENT_OUTCOME_TEMPLATE_ID).toBe('#stratos-defi:Stratos.DeFi.Intent:DeFiIntentOutcome')
  })
})

describe('with a data folder', () => {
  test('behavior: intents survive a restart, and the operator marks them afterwards with its old token', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canton-devnet-defi-'))
    try {
      const first = await startCantonDevnet({ dataDir })
      const scenario = await setupDeFiScenario(first)
      const fields = sampleIntentFields()
      const cid = await createIntent(scenario.client, scenario.institution, scenario.operator, fields)
      await first.stop()

      const second = await startCantonDevnet({ dataDir })
      try {
        const c2 = await new DevnetTestClient(second).init()
        const after = { ...scenario, client: c2 }
        const intents = await intentsOf(c2, scenario.operatorToken, scenario.operator)
        expect(intents).toEqual([
          { contractId: cid, args: expect.objectContaining({ intentId: fields.intentId }) },
        ])
        expect((await markExecuted(after, cid, txHash())).status).toBe(200)
        expect(
          (await outcomesOf(c2, scenario.institutionToken, scenario.institution.partyId)).map(
            (o) => o.args.status,
          ),
        ).toEqual(['Executed'])
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
