import { randomUUID } from 'node:crypto'
import { awaitCompletion, isJsCantonError, LedgerClient } from '@canton-network/core-ledger-client'
import { hashPreparedTransaction } from '@canton-network/core-tx-visualizer'
import { ed25519 } from '@noble/curves/ed25519.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { DamlJson } from './daml/DamlJson.js'
import { type CantonDevnet, startCantonDevnet } from './startCantonDevnet.js'
import { TokenStandard } from './templates/registerTokenStandard.js'
import { DevnetTestClient } from './testing/DevnetTestClient.js'
import { specValidatingFetch } from './testing/expectMatchesSpec.js'
import { factoryDisclosure, INSTRUMENT, mint, setupTokenScenario } from './testing/tokenScenario.js'

// "A client nobody here wrote": the official @canton-network/core-ledger-client drives the devnet.
let devnet: CantonDevnet
let helper: DevnetTestClient

/** pino-compatible no-op logger (the client only logs). */
const logger: DamlJson = {
  child: () => logger,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
}

const clientWith = (token: string) =>
  new LedgerClient({
    baseUrl: new URL(devnet.url),
    logger,
    accessTokenProvider: { getAccessToken: async () => token, getAuthContext: async () => ({}) as never },
  })

const originalFetch = globalThis.fetch
beforeAll(async () => {
  // Every response the official client receives is checked against the spec on the way in.
  globalThis.fetch = specValidatingFetch(originalFetch)
  devnet = await startCantonDevnet()
  helper = await new DevnetTestClient(devnet).init()
})
afterAll(async () => {
  globalThis.fetch = originalFetch
  await devnet.stop()
})

describe('@canton-network/core-ledger-client against the devnet', () => {
  test('behavior: version, synchronizer, users and rights, external party onboarding, party lookup', async () => {
    const admin = clientWith(await devnet.adminToken())
    await admin.init()
    expect(admin.getCurrentClientVersion()).toBe('3.5')
    expect(await admin.getSynchronizerId()).toBe(devnet.synchronizerId)

    const user = await admin.createUser('wallet-backend', '')
    expect(user.id).toBe('wallet-backend')
    await admin.grantMasterUserRights('wallet-backend', true, true)

    const secretKey = ed25519.utils.randomSecretKey()
    const publicKey = Buffer.from(ed25519.getPublicKey(secretKey)).toString('base64')
    const topology = await admin.generateTopology(devnet.synchronizerId, publicKey, 'official-client')
    const signature = Buffer.from(
      ed25519.sign(Buffer.from(topology.multiHash, 'base64'), secretKey),
    ).toString('base64')
    const allocated = await admin.allocateExternalParty(
      devnet.synchronizerId,
      topology.topologyTransactions!.map((transaction) => ({ transaction })),
      [
        {
          format: 'SIGNATURE_FORMAT_CONCAT',
          signature,
          signedBy: topology.publicKeyFingerprint,
          signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
        },
      ],
    )
    expect(allocated.partyId).toBe(topology.partyId)
    expect(await admin.checkIfPartyExists(allocated.partyId)).toBe(true)
    expect(await admin.checkIfPartyExists('nobody::1220ab')).toBe(false)
    await admin.grantRights('wallet-backend', { readAs: [allocated.partyId] })
    const rights = await admin.get('/v2/users/{user-id}/rights', { path: { 'user-id': 'wallet-backend' } })
    // ParticipantAdmin (createUser), read/execute as DamlJson party (master rights), read as the party.
    expect(rights.rights).toHaveLength(4)
    const participant = await admin.get('/v2/parties/participant-id')
    expect(participant.participantId).toBe(devnet.participantId)
  })

  test('behavior: active contracts, prepare, hash check and executeAndWait with the official client', async () => {
    const s = await setupTokenScenario(helper)
    const client = clientWith(s.operatorToken)
    await client.init()
    const { offset } = await client.get('/v2/state/ledger-end')
    const acs = await client.post('/v2/state/active-contracts', {
      activeAtOffset: offset!,
      eventFormat: {
        filtersByParty: {
          [s.alice.partyId]: {
            cumulative: [
              {
                identifierFilter: {
                  InterfaceFilter: {
                    value: { interfaceId: TokenStandard.holdingInterfaceId, includeInterfaceView: true },
                  },
                },
              },
            ],
          },
        },
        verbose: false,
      },
    } as never)
    const entries = acs as DamlJson[]
    expect(entries).toHaveLength(1)
    const holding = entries[0].contractEntry.JsActiveContract.createdEvent
    expect(holding.interfaceViews[0].viewValue.amount).toBe('100.0000000000')

    const factory = await factoryDisclosure(helper, s)
    const prepared = await client.post('/v2/interactive-submission/prepare', {
      userId: '',
      commandId: randomUUID(),
      actAs: [s.alice.partyId],
      readAs: [],
      synchronizerId: devnet.synchronizerId,
      packageIdSelectionPreference: [],
      verboseHashing: false,
      disclosedContracts: factory.choiceContext.disclosedContracts,
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.transferFactoryInterfaceId,
            contractId: factory.factoryId,
            choice: 'TransferFactory_Transfer',
            choiceArgument: {
              expectedAdmin: s.admin,
              transfer: {
                sender: s.alice.partyId,
                receiver: s.bob.partyId,
                amount: '12.5',
                instrumentId: { admin: s.admin, id: INSTRUMENT },
                requestedAt: new Date(Date.now() - 1000).toISOString(),
                executeBefore: new Date(Date.now() + 600_000).toISOString(),
                inputHoldingCids: [holding.contractId],
                meta: { values: {} },
              },
              extraArgs: { context: { values: {} }, meta: { values: {} } },
            },
          },
        },
      ],
    } as never)
    expect(await hashPreparedTransaction(prepared.preparedTransaction!, 'base64')).toBe(
      prepared.preparedTransactionHash,
    )
    const signature = Buffer.from(
      ed25519.sign(Buffer.from(prepared.preparedTransactionHash!, 'base64'), s.alice.secretKey),
    ).toString('base64')
    const executeBody = (sig: string) =>
      ({
        userId: '',
        preparedTransaction: prepared.preparedTransaction,
        hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
        submissionId: randomUUID(),
        deduplicationPeriod: { Empty: {} },
        partySignatures: {
          signatures: [
            {
              party: s.alice.partyId,
              signatures: [
                {
                  signature: sig,
                  signedBy: s.alice.fingerprint,
                  format: 'SIGNATURE_FORMAT_CONCAT',
                  signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
                },
              ],
            },
          ],
        },
      }) as never

    const refused = await client
      .post('/v2/interactive-submission/executeAndWait', executeBody(Buffer.alloc(64).toString('base64')))
      .catch((e) => e)
    expect(isJsCantonError(refused)).toBe(true)
    expect(refused.code).toBe('INVALID_ARGUMENT')

    const done = await client.post('/v2/interactive-submission/executeAndWait', executeBody(signature))
    expect(done.updateId).toMatch(/^1220/)
    const update = await client.post('/v2/updates/update-by-id', {
      updateId: done.updateId,
      updateFormat: {
        includeTransactions: {
          transactionShape: 'TRANSACTION_SHAPE_ACS_DELTA',
          eventFormat: { filtersByParty: { [s.alice.partyId]: {} }, verbose: false },
        },
      },
    } as never)
    expect((update as DamlJson).update.Transaction.value.offset).toBe(done.completionOffset)
    await mint(helper, s, s.bob.partyId, '1')
  })

  test("behavior: execute (async) then the client's awaitCompletion finds the completion by submission id", async () => {
    const s = await setupTokenScenario(helper)
    const client = clientWith(s.operatorToken)
    await client.init()
    const { offset } = await client.get('/v2/state/ledger-end')
    const factory = await factoryDisclosure(helper, s)
    const [holding] = await (await import('./testing/tokenScenario.js')).holdingsOf(
      helper,
      s.operatorToken,
      s.alice.partyId,
    )
    const prepared = await (await import('./testing/tokenScenario.js')).prepareTransfer(
      helper,
      s,
      s.alice,
      s.bob.partyId,
      '2',
      {
        inputs: [holding!.contractId],
      },
    )
    expect(factory.factoryId).toBe(s.factoryCid)
    const submissionId = randomUUID()
    const signature = Buffer.from(
      ed25519.sign(Buffer.from(prepared.preparedTransactionHash, 'base64'), s.alice.secretKey),
    ).toString('base64')
    await client.post('/v2/interactive-submission/execute', {
      userId: '',
      preparedTransaction: prepared.preparedTransaction,
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      submissionId,
      deduplicationPeriod: { Empty: {} },
      partySignatures: {
        signatures: [
          {
            party: s.alice.partyId,
            signatures: [
              {
                signature,
                signedBy: s.alice.fingerprint,
                format: 'SIGNATURE_FORMAT_CONCAT',
                signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
              },
            ],
          },
        ],
      },
    } as never)
    const userId = (await client.get('/v2/authenticated-user')).user!.id
    const completion = await awaitCompletion(client, offset!, s.alice.partyId, userId, submissionId)
    expect(completion.submissionId).toBe(submissionId)
    expect(completion.updateId).toMatch(/^1220/)
  })
})
