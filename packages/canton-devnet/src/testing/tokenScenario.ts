import { randomUUID } from 'node:crypto'
import type { DamlJson } from '../daml/DamlJson.js'
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
  /** The factory's template (default `TestTransferFactory`), whose `Mint` funds the parties. */
  factoryTemplateId?: string
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

/**
 * Like {@link setupTokenScenario}, with a registry whose transfers complete at once (transferKind
 * `direct`): a `TestDirectTransferFactory` and the `TestInstrumentRules` its choice needs, both
 * registry-only (a submission must disclose them, as Amulet's rules).
 */
export async function setupDirectTokenScenario(
  client: DevnetTestClient,
  aliceFunds = '100',
): Promise<TokenScenario & { rulesCid: string }> {
  const admin = await client.allocateHostedParty(`direct-registry-${randomUUID().slice(0, 8)}`)
  const adminToken = await client.devnet.tokenFor({ actAs: [admin] })
  const operatorToken = await client.devnet.tokenFor({ readAsAnyParty: true, executeAsAnyParty: true })
  const create = (templateId: string) => ({
    CreateCommand: { templateId, createArguments: { admin, meta: { values: {} } } },
  })
  const created = await client.ok('POST', '/v2/commands/submit-and-wait-for-transaction', {
    token: adminToken,
    body: {
      commands: {
        commandId: randomUUID(),
        actAs: [admin],
        commands: [
          create(TokenStandard.directTransferFactoryTemplateId),
          create(TokenStandard.instrumentRulesTemplateId),
        ],
      },
    },
  })
  const [factoryCid, rulesCid] = created.transaction.events.map(
    (e: DamlJson) => e.CreatedEvent.contractId as string,
  )
  const alice = await client.onboardExternalParty(`alice-${randomUUID().slice(0, 8)}`)
  const bob = await client.onboardExternalParty(`bob-${randomUUID().slice(0, 8)}`)
  const s = {
    admin,
    adminToken,
    operatorToken,
    factoryCid,
    factoryTemplateId: TokenStandard.directTransferFactoryTemplateId,
    rulesCid,
    alice,
    bob,
  }
  if (aliceFunds !== '0') await mint(client, s, alice.partyId, aliceFunds)
  return s
}

export async function mint(
  client: DevnetTestClient,
  s: Pick<TokenScenario, 'admin' | 'adminToken' | 'factoryCid' | 'factoryTemplateId'>,
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
            templateId: s.factoryTemplateId ?? TokenStandard.transferFactoryTemplateId,
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

/** `TransferFactory_Transfer`'s argument (Daml JSON) for a transfer of the scenario's instrument. */
export function transferChoiceArguments(
  s: Pick<TokenScenario, 'admin'>,
  sender: string,
  receiver: string,
  amount: string,
  options: { executeBefore?: string; inputs?: string[]; instrumentId?: string } = {},
) {
  const now = Date.now()
  return {
    expectedAdmin: s.admin,
    transfer: {
      sender,
      receiver,
      amount,
      instrumentId: { admin: s.admin, id: options.instrumentId ?? INSTRUMENT },
      requestedAt: new Date(now - 1000).toISOString(),
      executeBefore: options.executeBefore ?? new Date(now + 3600_000).toISOString(),
      inputHoldingCids: options.inputs ?? [],
      meta: { values: {} },
    },
    extraArgs: {
      context: { values: {} as Record<string, DamlJson> },
      meta: { values: {} as Record<string, string> },
    },
  }
}

/** The registry's answer to a transfer-factory request (token-standard transfer-instruction-v1). */
export interface FactoryWithChoiceContext {
  factoryId: string
  transferKind: 'offer' | 'direct' | 'self'
  choiceContext: {
    choiceContextData: { values: Record<string, DamlJson> }
    disclosedContracts: {
      templateId: string
      contractId: string
      createdEventBlob: string
      synchronizerId: string
    }[]
  }
}

/**
 * The factory to exercise and the contracts to disclose, as the registry hands them out for
 * `choiceArguments` (default: a transfer of 1 from alice to bob, which suits any factory lookup).
 */
export async function factoryDisclosure(
  client: DevnetTestClient,
  s: TokenScenario,
  choiceArguments: unknown = transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '1'),
): Promise<FactoryWithChoiceContext> {
  const res = await fetch(`${client.devnet.url}/registry/transfer-instruction/v1/transfer-factory`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ choiceArguments }),
  })
  const body = await res.json()
  expectMatchesSpec(
    '/registry/transfer-instruction/v1/transfer-factory',
    'POST',
    res.status,
    body,
    'transferInstruction',
  )
  if (res.status !== 200) throw new Error(`transfer-factory answered ${res.status}: ${body.error}`)
  return body
}

/**
 * Prepares TransferFactory_Transfer from `sender` to `receiver` on behalf of the external sender,
 * with the factory, choice context and disclosed contracts the registry prescribes.
 */
export async function prepareTransfer(
  client: DevnetTestClient,
  s: TokenScenario,
  sender: TestExternalParty,
  receiver: string,
  amount: string,
  options: { executeBefore?: string; inputs?: string[]; maxRecordTime?: string } = {},
) {
  const inputs =
    options.inputs ??
    (await holdingsOf(client, s.operatorToken, sender.partyId))
      .filter((h) => !h.view.lock)
      .map((h) => h.contractId)
  const choiceArgument = transferChoiceArguments(s, sender.partyId, receiver, amount, {
    ...options,
    inputs,
  })
  const factory = await factoryDisclosure(client, s, choiceArgument)
  choiceArgument.extraArgs.context = factory.choiceContext.choiceContextData
  return client.ok('POST', '/v2/interactive-submission/prepare', {
    token: s.operatorToken,
    body: {
      commandId: randomUUID(),
      actAs: [sender.partyId],
      synchronizerId: client.devnet.synchronizerId,
      ...(options.maxRecordTime ? { maxRecordTime: options.maxRecordTime } : {}),
      commands: [
        {
          ExerciseCommand: {
            templateId: TokenStandard.transferFactoryInterfaceId,
            contractId: factory.factoryId,
            choice: 'TransferFactory_Transfer',
            choiceArgument,
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
