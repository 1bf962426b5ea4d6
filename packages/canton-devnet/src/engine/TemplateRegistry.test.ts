import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from '../daml/DamlJson.js'
import { T } from '../daml/DamlType.js'
import { Numeric } from '../daml/Numeric.js'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { TemplateRegistry } from './TemplateRegistry.js'

// A feature-style template registered from outside the package: an intent the owner can
// authorize (consuming choice creating a receipt) or cancel, and a non-consuming Ping.
const id = (e: string) => TemplateRegistry.typeId('test-intents', 'Test.Intent', e)
const INTENT = '#test-intents:Test.Intent:Intent'
const RECEIPT = '#test-intents:Test.Intent:Receipt'

function configure(registry: TemplateRegistry) {
  registry.registerTemplate<{ owner: string; relayer: string; amount: string }>({
    packageName: 'test-intents',
    moduleName: 'Test.Intent',
    entityName: 'Receipt',
    argType: T.record(id('Receipt'), [
      ['owner', T.party],
      ['relayer', T.party],
      ['amount', T.numeric()],
    ]),
    signatories: (a) => [a.owner],
    observers: (a) => [a.relayer],
  })
  registry.registerTemplate<{ owner: string; relayer: string; amount: string }>({
    packageName: 'test-intents',
    moduleName: 'Test.Intent',
    entityName: 'Intent',
    argType: T.record(id('Intent'), [
      ['owner', T.party],
      ['relayer', T.party],
      ['amount', T.numeric()],
    ]),
    signatories: (a) => [a.owner],
    observers: (a) => [a.relayer],
    ensure: (a) => (Numeric.parse(a.amount) > 0n ? undefined : 'amount must be positive'),
    choices: {
      Execute: {
        argType: T.record(id('Execute'), [['fee', T.numeric()]]),
        resultType: T.contractId,
        consuming: true,
        controllers: (a) => [a.relayer],
        body: (ctx, self, arg: { fee: string }) =>
          ctx.create(RECEIPT, {
            ...self.arg,
            amount: Numeric.format(Numeric.parse(self.arg.amount) - Numeric.parse(arg.fee)),
          }),
      },
      Ping: {
        argType: T.record(id('Ping'), []),
        resultType: T.text,
        consuming: false,
        controllers: (a) => [a.owner],
        body: () => 'pong',
      },
    },
  })
}

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet({ configure })
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

describe('TemplateRegistry.registerTemplate', () => {
  test('behavior: a registered template is created, its choices run with Daml authorization, results come back', async () => {
    const owner = await client.allocateHostedParty('intent-owner')
    const relayer = await client.allocateHostedParty('intent-relayer')
    const ownerToken = await devnet.tokenFor({ actAs: [owner] })
    const relayerToken = await devnet.tokenFor({ actAs: [relayer] })
    const created = await client.ok('POST', '/v2/commands/submit-and-wait-for-transaction', {
      token: ownerToken,
      body: {
        commands: {
          commandId: randomUUID(),
          actAs: [owner],
          commands: [
            { CreateCommand: { templateId: INTENT, createArguments: { owner, relayer, amount: '10' } } },
          ],
        },
      },
    })
    const cid = created.transaction.events[0].CreatedEvent.contractId
    const exercise = (token: string, actAs: string, choice: string, choiceArgument: unknown) =>
      client.call('POST', '/v2/commands/submit-and-wait-for-transaction', {
        token,
        body: {
          commands: {
            commandId: randomUUID(),
            actAs: [actAs],
            commands: [{ ExerciseCommand: { templateId: INTENT, contractId: cid, choice, choiceArgument } }],
          },
          transactionFormat: {
            transactionShape: 'TRANSACTION_SHAPE_LEDGER_EFFECTS',
            eventFormat: { filtersByParty: { [actAs]: {} } },
          },
        },
      })
    const ping = await exercise(ownerToken, owner, 'Ping', {})
    expect(ping.body.transaction.events[0].ExercisedEvent.exerciseResult).toBe('pong')
    // The owner is not the controller of Execute.
    expect((await exercise(ownerToken, owner, 'Execute', { fee: '1' })).body.code).toBe(
      'DAML_AUTHORIZATION_ERROR',
    )
    const executed = await exercise(relayerToken, relayer, 'Execute', { fee: '1.5' })
    const receipt = executed.body.transaction.events.find((e: DamlJson) => e.CreatedEvent)?.CreatedEvent
    expect(receipt.createArgument).toEqual({ owner, relayer, amount: '8.5000000000' })
    // Consumed: a second Execute finds no contract.
    expect((await exercise(relayerToken, relayer, 'Execute', { fee: '1' })).body.code).toBe(
      'CONTRACT_NOT_FOUND',
    )
  })

  test('error: ensure violations and registering a name twice', async () => {
    const owner = await client.allocateHostedParty('intent-owner-2')
    const res = await client.call('POST', '/v2/commands/submit-and-wait', {
      token: await devnet.tokenFor({ actAs: [owner] }),
      body: {
        commandId: randomUUID(),
        actAs: [owner],
        commands: [
          { CreateCommand: { templateId: INTENT, createArguments: { owner, relayer: owner, amount: '0' } } },
        ],
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.cause).toMatch(/precondition/)
    expect(() => configure(devnet.registry)).toThrow(/already registered/)
  })
})

describe('Numeric', () => {
  test('behavior: Decimal text round-trips at scale 10; bad text is COMMAND_PREPROCESSING_FAILED', () => {
    expect(Numeric.format(Numeric.parse('1.5'))).toBe('1.5000000000')
    expect(Numeric.format(Numeric.parse('-0.0000000001'))).toBe('-0.0000000001')
    expect(Numeric.format(Numeric.parse(3))).toBe('3.0000000000')
    expect(() => Numeric.parse('1.00000000001')).toThrow(/Numeric/)
    expect(() => Numeric.parse('1e5')).toThrow(/Numeric/)
  })
})
