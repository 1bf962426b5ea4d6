import { DEFI_INTENT_CHOICES, DEFI_INTENT_TEMPLATE_ID, verifyPreparedTransaction } from '@stratos/canton'
import { sampleIntentFields } from '@stratos/canton-devnet/testing'
import { describe, expect, test } from 'vitest'
import { EMPTY_EXTRA_ARGS, EMPTY_METADATA } from '../../canton/tokenRegistry.js'
import {
  HOLDING_INTERFACE,
  TRANSFER_FACTORY_INTERFACE,
  TRANSFER_INSTRUCTION_INTERFACE,
} from '../../canton/tokenStandard.js'
import { useCantonDevnet } from '../../testing/cantonDevnet.js'
import { type CantonPerson, cantonPerson, onboardCantonPerson } from '../../testing/cantonPeople.js'
import { createTestApp } from '../../testing/testApp.js'
import { API_TARGETS, useTestDatabases } from '../../testing/testDatabases.js'

const canton = useCantonDevnet()
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** What the wallet page does with a dApp's prepared transaction once the user confirmed. */
async function verifySignExecute(p: CantonPerson, partyId: string, prepared: Record<string, string>) {
  const verified = await verifyPreparedTransaction({
    preparedTransaction: prepared.preparedTransaction as string,
    preparedTransactionHash: prepared.preparedTransactionHash as string,
    hashingSchemeVersion: prepared.hashingSchemeVersion as string,
    expectedSigner: partyId,
  })
  const res = await p.client.post('/api/canton/execute', {
    preparedTransaction: prepared.preparedTransaction,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    signature: b64(p.vault.signCantonHash(verified.hash)),
    submissionId: crypto.randomUUID(),
  })
  return { verified, res }
}

/** A CIP-0103 ledgerApi read of the party's active contracts of one template or interface. */
function activeContractsRead(partyId: string, activeAtOffset: number, filter: Record<string, unknown>) {
  return {
    requestMethod: 'post',
    resource: '/v2/state/active-contracts',
    body: {
      activeAtOffset,
      eventFormat: {
        filtersByParty: { [partyId]: { cumulative: [{ identifierFilter: filter }] } },
        verbose: true,
      },
    },
  }
}

async function ledgerEnd(p: CantonPerson): Promise<number> {
  const res = await p.client.post('/api/canton/dapp/ledger', {
    requestMethod: 'get',
    resource: '/v2/state/ledger-end',
  })
  expect(res.status).toBe(200)
  return res.body.offset
}

describe.each(API_TARGETS)('/api/canton/dapp on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const app = async () =>
    createTestApp(await databases.fresh(), { devMode: true, canton: canton.current.config })

  test('behavior: a dApp create and an exercise on it are prepared as the user, verified and executed', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 31)
    const party = await onboardCantonPerson(ada)
    const operator = canton.current.config.instrument?.admin as string
    const commandId = `dapp-${crypto.randomUUID()}`

    const created = await ada.client.post('/api/canton/dapp/prepare', {
      commandId,
      commands: [
        {
          CreateCommand: {
            templateId: DEFI_INTENT_TEMPLATE_ID,
            createArguments: { institution: party, operator, ...sampleIntentFields() },
          },
        },
      ],
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ commandId, hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2' })
    const first = await verifySignExecute(ada, party, created.body)
    expect(first.verified.actAs).toEqual([party])
    expect(first.verified.commandId).toBe(commandId)
    expect(first.verified.summary).toMatchObject({ kind: 'defiIntent', rootCount: 1 })
    expect(first.res.status).toBe(200)
    expect(first.res.body).toEqual({ updateId: expect.any(String), completionOffset: expect.any(Number) })

    const filter = { TemplateFilter: { value: { templateId: DEFI_INTENT_TEMPLATE_ID } } }
    const read = await ada.client.post(
      '/api/canton/dapp/ledger',
      activeContractsRead(party, await ledgerEnd(ada), filter),
    )
    expect(read.status).toBe(200)
    expect(read.body).toHaveLength(1)
    const contractId = read.body[0].contractEntry.JsActiveContract.createdEvent.contractId

    // The JSON Ledger API's JsCommands object shape is taken as well as the array.
    const exercised = await ada.client.post('/api/canton/dapp/prepare', {
      commands: {
        commands: [
          {
            ExerciseCommand: {
              templateId: DEFI_INTENT_TEMPLATE_ID,
              contractId,
              choice: DEFI_INTENT_CHOICES.cancel,
              choiceArgument: {},
            },
          },
        ],
      },
      actAs: [party],
      readAs: [party],
    })
    expect(exercised.status).toBe(200)
    expect(exercised.body.commandId).toEqual(expect.any(String))
    const second = await verifySignExecute(ada, party, exercised.body)
    expect(second.verified.summary).toMatchObject({
      kind: 'unknown',
      choice: DEFI_INTENT_CHOICES.cancel,
      contractId,
      actingParties: [party],
    })
    expect(second.res.status).toBe(200)
    expect(second.res.body.completionOffset).toBeGreaterThan(first.res.body.completionOffset)
    const after = await ada.client.post(
      '/api/canton/dapp/ledger',
      activeContractsRead(party, await ledgerEnd(ada), filter),
    )
    expect(after.body).toEqual([])
  })

  test('behavior: a TransferFactory_Transfer a dApp builds from the registry is prepared, shown as a transfer and executed', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 32)
    const bob = await cantonPerson(t, 'Bob', 33)
    const party = await onboardCantonPerson(ada)
    const receiver = await onboardCantonPerson(bob)
    expect((await ada.client.post('/api/dev/canton-faucet')).status).toBe(200)
    const { config } = canton.current
    const instrument = config.instrument as { admin: string; id: string }

    // The dApp reads the user's holdings through ledgerApi, as a dApp does.
    const holdings = await ada.client.post(
      '/api/canton/dapp/ledger',
      activeContractsRead(party, await ledgerEnd(ada), {
        InterfaceFilter: { value: { interfaceId: HOLDING_INTERFACE, includeInterfaceView: true } },
      }),
    )
    expect(holdings.status).toBe(200)
    const inputs = holdings.body.map(
      (c: { contractEntry: { JsActiveContract: { createdEvent: { contractId: string } } } }) =>
        c.contractEntry.JsActiveContract.createdEvent.contractId,
    )
    expect(inputs).toHaveLength(1)

    const now = Date.now()
    const choiceArguments = {
      expectedAdmin: instrument.admin,
      transfer: {
        sender: party,
        receiver,
        amount: '10',
        instrumentId: instrument,
        requestedAt: new Date(now - 5_000).toISOString(),
        executeBefore: new Date(now + 3600_000).toISOString(),
        inputHoldingCids: inputs,
        meta: EMPTY_METADATA,
      },
      extraArgs: EMPTY_EXTRA_ARGS,
    }
    // The registry wants the wallet server's token: the dApp asks it through the same route.
    const refusedSender = await ada.client.post('/api/canton/dapp/ledger', {
      requestMethod: 'post',
      resource: '/registry/transfer-instruction/v1/transfer-factory',
      body: {
        choiceArguments: { ...choiceArguments, transfer: { ...choiceArguments.transfer, sender: receiver } },
      },
    })
    expect([refusedSender.status, refusedSender.body.code]).toEqual([403, 'CANTON_DAPP_PARTY_REFUSED'])
    const factoryRead = await ada.client.post('/api/canton/dapp/ledger', {
      requestMethod: 'post',
      resource: '/registry/transfer-instruction/v1/transfer-factory',
      body: { choiceArguments, excludeDebugFields: true },
    })
    expect(factoryRead.status).toBe(200)
    const factory = factoryRead.body
    expect(factory).toMatchObject({ factoryId: expect.any(String), transferKind: 'offer' })
    const prepared = await ada.client.post('/api/canton/dapp/prepare', {
      commands: [
        {
          ExerciseCommand: {
            templateId: TRANSFER_FACTORY_INTERFACE,
            contractId: factory.factoryId,
            choice: 'TransferFactory_Transfer',
            choiceArgument: {
              ...choiceArguments,
              extraArgs: { context: factory.choiceContext.choiceContextData, meta: EMPTY_METADATA },
            },
          },
        },
      ],
      disclosedContracts: factory.choiceContext.disclosedContracts,
    })
    expect(prepared.status).toBe(200)
    const { verified, res } = await verifySignExecute(ada, party, prepared.body)
    expect(verified.summary).toMatchObject({
      kind: 'transfer',
      sender: party,
      receiver,
      amount: '10.0000000000',
      instrumentId: instrument,
    })
    expect(res.status).toBe(200)
    const incoming = (await bob.client.get('/api/canton/instructions')).body.incoming
    expect(incoming).toMatchObject([{ sender: party, receiver, amount: '10' }])

    // Bob's dApp accepts it with the registry's choice context, named by path parameter.
    const context = await bob.client.post('/api/canton/dapp/ledger', {
      requestMethod: 'post',
      resource: '/registry/transfer-instruction/v1/{transferInstructionId}/choice-contexts/accept',
      path: { transferInstructionId: incoming[0].contractId },
      body: { excludeDebugFields: true },
    })
    expect(context.status).toBe(200)
    const accept = await bob.client.post('/api/canton/dapp/prepare', {
      commands: [
        {
          ExerciseCommand: {
            templateId: TRANSFER_INSTRUCTION_INTERFACE,
            contractId: incoming[0].contractId,
            choice: 'TransferInstruction_Accept',
            choiceArgument: { extraArgs: { context: context.body.choiceContextData, meta: EMPTY_METADATA } },
          },
        },
      ],
      disclosedContracts: context.body.disclosedContracts,
    })
    expect(accept.status).toBe(200)
    const accepted = await verifySignExecute(bob, receiver, accept.body)
    expect(accepted.verified.summary).toMatchObject({ kind: 'transfer-instruction', action: 'accept' })
    expect(accepted.res.status).toBe(200)
    expect((await bob.client.get('/api/canton/instructions')).body.incoming).toEqual([])
  })

  test('error: acting or reading as another party is 403 naming it; nothing is prepared', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 34)
    const bob = await cantonPerson(t, 'Bob', 35)
    const party = await onboardCantonPerson(ada)
    const other = await onboardCantonPerson(bob)
    const create = {
      CreateCommand: {
        templateId: DEFI_INTENT_TEMPLATE_ID,
        createArguments: { institution: other, operator: party, ...sampleIntentFields() },
      },
    }
    for (const [body, code] of [
      [{ commands: [create], actAs: [other] }, 'CANTON_DAPP_ACT_AS_REFUSED'],
      [{ commands: [create], actAs: [party, other] }, 'CANTON_DAPP_ACT_AS_REFUSED'],
      [{ commands: [create], readAs: [other] }, 'CANTON_DAPP_READ_AS_REFUSED'],
    ] as const) {
      const res = await ada.client.post('/api/canton/dapp/prepare', body)
      expect([res.status, res.body.code]).toEqual([403, code])
      expect(res.body.message).toContain(other)
    }
    // Acting as the user for a contract only another party may sign is the participant's refusal.
    const refused = await ada.client.post('/api/canton/dapp/prepare', { commands: [create] })
    expect(refused.status).toBeGreaterThanOrEqual(400)
    expect(refused.status).toBeLessThan(500)
    expect(refused.body.code).toBe('CANTON_REJECTED')
  })

  test('error: commands that are not Ledger API commands are 400 naming the problem, never a 500', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 36)
    const party = await onboardCantonPerson(ada)
    for (const [commands, words] of [
      [[], 'at least one command'],
      ['create it', 'expected an array'],
      [[{ CreateCommand: { templateId: DEFI_INTENT_TEMPLATE_ID } }], 'createArguments: Required'],
      [[{ Create: {} }], 'exactly one of CreateCommand'],
      [[{ ExerciseCommand: { templateId: 'x', choice: 'c', choiceArgument: {} } }], 'contractId: Required'],
    ] as const) {
      const res = await ada.client.post('/api/canton/dapp/prepare', { commands })
      expect([res.status, res.body.code], JSON.stringify(commands)).toEqual([400, 'INVALID_BODY'])
      expect(res.body.message).toContain(words)
    }
    const unknownTemplate = await ada.client.post('/api/canton/dapp/prepare', {
      commands: [
        { CreateCommand: { templateId: '#no-such-package:No.Such:Template', createArguments: { party } } },
      ],
    })
    expect(unknownTemplate.status).toBeGreaterThanOrEqual(400)
    expect(unknownTemplate.status).toBeLessThan(500)
    expect(unknownTemplate.body.code).toBe('CANTON_REJECTED')
    expect(unknownTemplate.body.message).toContain('no-such-package')
  })

  test('behavior: the allowed ledger reads answer the participant; other resources and other parties are 403', async () => {
    const t = await app()
    const ada = await cantonPerson(t, 'Ada', 37)
    const bob = await cantonPerson(t, 'Bob', 38)
    const party = await onboardCantonPerson(ada)
    const other = await onboardCantonPerson(bob)
    const read = (body: Record<string, unknown>) => ada.client.post('/api/canton/dapp/ledger', body)

    const version = await read({ requestMethod: 'GET', resource: '/v2/version' })
    expect(version.status).toBe(200)
    expect(version.body.version).toEqual(expect.any(String))
    expect(await ledgerEnd(ada)).toBeGreaterThan(0)
    const synchronizers = await read({ requestMethod: 'get', resource: '/v2/state/connected-synchronizers' })
    expect(synchronizers.status).toBe(200)
    expect(synchronizers.body.connectedSynchronizers).toEqual([
      expect.objectContaining({ synchronizerId: expect.any(String) }),
    ])

    const offset = await ledgerEnd(ada)
    const wildcard = { WildcardFilter: { value: { includeCreatedEventBlob: false } } }
    for (const [body, code] of [
      [
        { requestMethod: 'post', resource: '/v2/commands/submit-and-wait', body: {} },
        'CANTON_DAPP_RESOURCE_REFUSED',
      ],
      [{ requestMethod: 'get', resource: '/v2/users' }, 'CANTON_DAPP_RESOURCE_REFUSED'],
      [{ requestMethod: 'delete', resource: '/v2/version' }, 'CANTON_DAPP_RESOURCE_REFUSED'],
      [
        { requestMethod: 'post', resource: '/v2/interactive-submission/executeAndWait', body: {} },
        'CANTON_DAPP_RESOURCE_REFUSED',
      ],
      [activeContractsRead(other, offset, wildcard), 'CANTON_DAPP_PARTY_REFUSED'],
      [
        {
          requestMethod: 'post',
          resource: '/v2/state/active-contracts',
          body: { activeAtOffset: offset, eventFormat: { filtersForAnyParty: {} } },
        },
        'CANTON_DAPP_PARTY_REFUSED',
      ],
      [
        {
          requestMethod: 'post',
          resource: '/v2/state/active-contracts',
          body: { activeAtOffset: offset, filter: { filtersByParty: { [party]: {}, [other]: {} } } },
        },
        'CANTON_DAPP_PARTY_REFUSED',
      ],
      [
        { requestMethod: 'get', resource: '/v2/state/connected-synchronizers', query: { party: other } },
        'CANTON_DAPP_PARTY_REFUSED',
      ],
    ] as const) {
      const res = await read(body)
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([403, code])
    }
    const badQuery = await read({ requestMethod: 'get', resource: '/v2/version', query: { x: 1 } })
    expect([badQuery.status, badQuery.body.code]).toEqual([400, 'INVALID_BODY'])
    const noOffset = await read({
      requestMethod: 'post',
      resource: '/v2/state/active-contracts',
      body: { eventFormat: { filtersByParty: { [party]: {} } } },
    })
    expect([noOffset.status, noOffset.body.code]).toEqual([400, 'INVALID_BODY'])
    expect(noOffset.body.message).toContain('activeAtOffset')
  })
})
