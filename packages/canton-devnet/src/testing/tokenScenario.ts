import { randomUUID } from 'node:crypto'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { type DevnetTestClient, signHash, type TestExternalParty } from './DevnetTestClient.js'
import { expectMatchesSpec } from './expectMatchesSpec.js'

export const INSTRUMENT = 'USDX'

/** A registry (hosted admin party with a transfer factory) and two funded external parties. */
export interface TokenScenario {
  admin: string
  adminToken: string
  /** Operator token: reads and executes as DamlJson party (the wallet backend's user). */
  operatorToken: string
  factoryCid: string
  alice: TestExternalParty
  bob: TestExternalParty
}

export async function setupTokenScenario(
  client: DevnetTestClient,
  aliceFunds = '100',
): Promise<TokenScenario> {
  const admin = await client.allocateHostedParty(`registry-${randomUUID().slice(0, 8)}`)
  const adminToken = await client.devnet.tokenFor({ actAs: [admin] })
  const operatorToken = await client.devnet.tokenFor({ readAsAnyParty: true, executeAsAnyParty: true })
  const created = await client.ok('POST', '/v2/commands/submit-and-wait-for-transaction', {
    token: adminToken,
    body: {
      commands: {
        commandId: randomUUID(),
        actAs: [admin],
        commands: [
          {
            CreateCommand: {
              templateId: TokenStandard.transferFactoryTemplateId,
              createArguments: { admin, meta: { values: {} } },
            },
          },
        ],
      },
    },
  })
  const factoryCid = created.transaction.events[0].CreatedEvent.contractId
  const alice = await client.onboardExternalParty(`alice-${randomUUID().slice(0, 8)}`)
  const bob = await client.onboardExternalParty(`bob-${randomUUID().slice(0, 8)}`)
  if (aliceFunds !== '0') await mint(client, { admin, adminToken, factoryCid }, alice.partyId, aliceFunds)
  return { admin, adminToken, operatorToken, factoryCid, alice, bob }
}

export async function mint(
  client: DevnetTestClient,
  s: Pick<TokenScenario, 'admin' | 'adminToken' | 'factoryCid'>,
  owner: string,
  amount: string,
) {
  return client.ok('POST', '/v2/commands/submit-and-wait', {
    token: s.adminToken,
    body: {
      commandId: randomUUID(),
      actAs: [s.admin],
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.transferFactoryTemplateId,
            contractId: s.factoryCid,
            choice: 'Mint',
            choiceArgument: { owner, instrumentId: INSTRUMENT, amount },
          },
        },
      ],
    },
  })
}

/** Active Holding interface views of a party (amount, lock) with contract ids. */
export async function holdingsOf(client: DevnetTestClient, token: string, party: string) {
  const acs = await client.activeContracts(token, {
    filtersByParty: {
      [party]: {
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
  })
  return acs
    .map((r) => r.contractEntry.JsActiveContract.createdEvent)
    .map((e) => ({ contractId: e.contractId as string, view: e.interfaceViews[0].viewValue }))
    .filter((h) => h.view.owner === party)
}

/** The factory contract to disclose, as a registry would hand it out. */
export async function factoryDisclosure(client: DevnetTestClient, s: TokenScenario) {
  const res = await fetch(`${client.devnet.url}/registry/transfer-instruction/v1/transfer-factory`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ choiceArguments: { expectedAdmin: s.admin } }),
  })
  const body = await res.json()
  expectMatchesSpec(
    '/registry/transfer-instruction/v1/transfer-factory',
    'POST',
    res.status,
    body,
    'transferInstruction',
  )
  return body as {
    factoryId: string
    choiceContext: {
      disclosedContracts: {
        templateId: string
        contractId: string
        createdEventBlob: string
        synchronizerId: string
      }[]
    }
  }
}

/** Prepares TransferFactory_Transfer from `sender` to `receiver` on behalf of the external sender. */
export async function prepareTransfer(
  client: DevnetTestClient,
  s: TokenScenario,
  sender: TestExternalParty,
  receiver: string,
  amount: string,
  options: { executeBefore?: string; inputs?: string[] } = {},
) {
  const factory = await factoryDisclosure(client, s)
  const inputs =
    options.inputs ??
    (await holdingsOf(client, s.operatorToken, sender.partyId))
      .filter((h) => !h.view.lock)
      .map((h) => h.contractId)
  const now = Date.now()
  return client.ok('POST', '/v2/interactive-submission/prepare', {
    token: s.operatorToken,
    body: {
      commandId: randomUUID(),
      actAs: [sender.partyId],
      synchronizerId: client.devnet.synchronizerId,
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.transferFactoryInterfaceId,
            contractId: factory.factoryId,
            choice: 'TransferFactory_Transfer',
            choiceArgument: {
              expectedAdmin: s.admin,
              transfer: {
                sender: sender.partyId,
                receiver,
                amount,
                instrumentId: { admin: s.admin, id: INSTRUMENT },
                requestedAt: new Date(now - 1000).toISOString(),
                executeBefore: options.executeBefore ?? new Date(now + 3600_000).toISOString(),
                inputHoldingCids: inputs,
                meta: { values: {} },
              },
              extraArgs: { context: { values: {} }, meta: { values: {} } },
            },
          },
        },
      ],
      disclosedContracts: factory.choiceContext.disclosedContracts,
    },
  })
}

/** Prepares a TransferInstruction choice (Accept / Reject / Withdraw) for `actor`. */
export async function prepareInstructionChoice(
  client: DevnetTestClient,
  s: TokenScenario,
  actor: TestExternalParty,
  instructionCid: string,
  choice: 'TransferInstruction_Accept' | 'TransferInstruction_Reject' | 'TransferInstruction_Withdraw',
) {
  return client.ok('POST', '/v2/interactive-submission/prepare', {
    token: s.operatorToken,
    body: {
      commandId: randomUUID(),
      actAs: [actor.partyId],
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.transferInstructionInterfaceId,
            contractId: instructionCid,
            choice,
            choiceArgument: { extraArgs: { context: { values: {} }, meta: { values: {} } } },
          },
        },
      ],
    },
  })
}

/** Signs the prepared hash as `party` and calls executeAndWait. */
export async function executeSigned(
  client: DevnetTestClient,
  s: TokenScenario,
  prepared: { preparedTransaction: string; preparedTransactionHash: string },
  party: TestExternalParty,
  submissionId: string = randomUUID(),
) {
  return client.call('POST', '/v2/interactive-submission/executeAndWait', {
    token: s.operatorToken,
    body: {
      preparedTransaction: prepared.preparedTransaction,
      partySignatures: { signatures: [signHash(party, prepared.preparedTransactionHash)] },
      submissionId,
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      deduplicationPeriod: { Empty: {} },
    },
  })
}
