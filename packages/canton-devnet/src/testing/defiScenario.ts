import { randomBytes, randomUUID } from 'node:crypto'
import type { DamlJson } from '../daml/DamlJson.js'
import type { CantonDevnet } from '../startCantonDevnet.js'
import {
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  type DeFiIntentArgs,
  type DeFiIntentOutcomeArgs,
} from '../templates/registerDeFiIntent.js'
import { type CallResult, DevnetTestClient, signHash, type TestExternalParty } from './DevnetTestClient.js'

/**
 * A Canton DeFi setup: an external institution party (onboarded as a wallet does), the relayer
 * operator (a hosted party with its own Ledger API user), a regulator and an unrelated hosted party.
 */
export interface DeFiScenario {
  /** The spec-checking client the scenario was set up with (use it for further calls). */
  client: DevnetTestClient
  institution: TestExternalParty
  /** Token of a user with CanExecuteAs for the institution: prepares and executes its signed commands. */
  institutionToken: string
  /** The relayer operator's party (hosted). */
  operator: string
  /** The operator's Ledger API user: primary party and CanActAs for the operator, nothing else. */
  operatorUserId: string
  /** Token of `operatorUserId`: what the relayer uses to read intents and mark them. */
  operatorToken: string
  /** A hosted party unrelated to the intents, with its own act-as token. */
  outsider: string
  outsiderToken: string
  /** A hosted party to name as an intent's `regulator` (intents have none unless a test names it). */
  regulator: string
  /** Token of a user with CanReadAs for the regulator and nothing else: what a regulator's reader holds. */
  regulatorToken: string
}

/** The fields of a `DeFiIntent` besides its parties, as a command sends them. */
export interface DeFiIntentFields {
  intentId: string
  vaultId: string
  chainId: number | string
  vault: string
  adapter: string
  callData: string
  value: string
  nonce: number | string
  /** ISO-8601. */
  deadline: string
  /** The intent's regulator; omitted (None) unless given. */
  regulator?: string | null
}

/** An active contract of the DeFi templates: its id and argument (Int fields as decimal strings). */
export interface ActiveContract<A> {
  contractId: string
  args: A
}

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`
const suffix = () => randomUUID().slice(0, 8)

/**
 * A well-formed intent (chain 31337, random ids and addresses, an Aave-shaped `supply` call,
 * value 0, nonce 0, due in an hour) with `overrides` applied. A fresh random `intentId` each call.
 */
export function sampleIntentFields(overrides: Partial<DeFiIntentFields> = {}): DeFiIntentFields {
  return {
    intentId: hex(32),
    vaultId: hex(32),
    chainId: 31337,
    vault: hex(20),
    adapter: hex(20),
    // supply(address,uint256) selector + asset + amount.
    callData: `0xf2b9fdb8${'0'.repeat(24)}${randomBytes(20).toString('hex')}${1000n.toString(16).padStart(64, '0')}`,
    value: '0',
    nonce: 0,
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    ...overrides,
  }
}

/**
 * Sets up a {@link DeFiScenario} on a devnet (or on an existing spec-checking client of one):
 * onboards the institution as an external party (generate-topology -> sign -> allocate),
 * allocates the operator, the regulator and the outsider as hosted parties and creates the
 * operator's user (`relayer-<random>`, CanActAs operator) through `POST /v2/users`.
 */
export async function setupDeFiScenario(target: CantonDevnet | DevnetTestClient): Promise<DeFiScenario> {
  const client = target instanceof DevnetTestClient ? target : await new DevnetTestClient(target).init()
  const id = suffix()
  const institution = await client.onboardExternalParty(`institution-${id}`)
  const institutionToken = await client.devnet.tokenFor({ executeAs: [institution.partyId] })
  const operator = await client.allocateHostedParty(`relayer-operator-${id}`)
  const operatorUserId = `relayer-${id}`
  await client.ok('POST', '/v2/users', {
    body: {
      user: { id: operatorUserId, primaryParty: operator },
      rights: [{ kind: { CanActAs: { value: { party: operator } } } }],
    },
  })
  const operatorToken = await client.devnet.tokenFor(operatorUserId)
  const outsider = await client.allocateHostedParty(`outsider-${id}`)
  const outsiderToken = await client.devnet.tokenFor({ actAs: [outsider] })
  const regulator = await client.allocateHostedParty(`regulator-${id}`)
  const regulatorToken = await client.devnet.tokenFor({ readAs: [regulator] })
  return {
    client,
    institution,
    institutionToken,
    operator,
    operatorUserId,
    operatorToken,
    outsider,
    outsiderToken,
    regulator,
    regulatorToken,
  }
}

/** A token that may prepare and execute for an external party (CanExecuteAs; the signature is the authority). */
const executorToken = (client: DevnetTestClient, party: TestExternalParty) =>
  client.devnet.tokenFor({ executeAs: [party.partyId] })

/**
 * Prepares `commands` for the external `party`, signs the prepared transaction hash with its key
 * and calls executeAndWait. Returns the first failing response (prepare or execute) or the
 * executeAndWait response.
 */
export async function submitAsExternalParty(
  client: DevnetTestClient,
  party: TestExternalParty,
  commands: DamlJson[],
): Promise<CallResult> {
  const token = await executorToken(client, party)
  const prepared = await client.call('POST', '/v2/interactive-submission/prepare', {
    token,
    body: {
      commandId: randomUUID(),
      actAs: [party.partyId],
      synchronizerId: client.devnet.synchronizerId,
      commands,
    },
  })
  if (prepared.status !== 200) return prepared
  return client.call('POST', '/v2/interactive-submission/executeAndWait', {
    token,
    body: {
      preparedTransaction: prepared.body.preparedTransaction,
      partySignatures: { signatures: [signHash(party, prepared.body.preparedTransactionHash)] },
      submissionId: randomUUID(),
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      deduplicationPeriod: { Empty: {} },
    },
  })
}

/** The CreateCommand of a `DeFiIntent`. */
export function createIntentCommand(institution: string, operator: string, fields: DeFiIntentFields) {
  return {
    CreateCommand: {
      templateId: DEFI_INTENT_TEMPLATE_ID,
      createArguments: { institution, operator, ...fields },
    },
  }
}

/**
 * The institution creates a `DeFiIntent` as an external party: prepare -> sign -> executeAndWait.
 * `fields` default to {@link sampleIntentFields}. Returns the response, for tests of refusals.
 */
export function tryCreateIntent(
  client: DevnetTestClient,
  institution: TestExternalParty,
  operator: string,
  fields: Partial<DeFiIntentFields> = {},
): Promise<CallResult> {
  return submitAsExternalParty(client, institution, [
    createIntentCommand(institution.partyId, operator, sampleIntentFields(fields)),
  ])
}

/**
 * The institution creates a `DeFiIntent` (prepare -> sign -> executeAndWait) and the new
 * contract's id is returned (read from the update). Throws when the ledger refuses it. Pass
 * `intentId` (e.g. from {@link sampleIntentFields}) when the caller needs to know it.
 */
export async function createIntent(
  client: DevnetTestClient,
  institution: TestExternalParty,
  operator: string,
  fields: Partial<DeFiIntentFields> = {},
): Promise<string> {
  const res = await tryCreateIntent(client, institution, operator, fields)
  if (res.status !== 200) throw new Error(`createIntent -> ${res.status}: ${JSON.stringify(res.body)}`)
  const update = await client.ok('POST', '/v2/updates/update-by-id', {
    token: await executorToken(client, institution),
    body: {
      updateId: res.body.updateId,
      updateFormat: {
        includeTransactions: {
          transactionShape: 'TRANSACTION_SHAPE_ACS_DELTA',
          eventFormat: { filtersByParty: { [institution.partyId]: {} } },
        },
      },
    },
  })
  return update.update.Transaction.value.events[0].CreatedEvent.contractId
}

/** The institution cancels an intent (prepare -> sign -> executeAndWait of `DeFiIntent_Cancel`). */
export function cancelIntent(
  client: DevnetTestClient,
  institution: TestExternalParty,
  contractId: string,
): Promise<CallResult> {
  return submitAsExternalParty(client, institution, [
    {
      ExerciseCommand: {
        templateId: DEFI_INTENT_TEMPLATE_ID,
        contractId,
        choice: DEFI_INTENT_CHOICES.cancel,
        choiceArgument: {},
      },
    },
  ])
}

/** A hosted party exercises a `DeFiIntent` choice through submit-and-wait, as the relayer does. */
export function exerciseIntentChoice(
  client: DevnetTestClient,
  token: string,
  actAs: string,
  contractId: string,
  choice: string,
  choiceArgument: DamlJson,
): Promise<CallResult> {
  return client.call('POST', '/v2/commands/submit-and-wait', {
    token,
    body: {
      commandId: randomUUID(),
      actAs: [actAs],
      commands: [
        { ExerciseCommand: { templateId: DEFI_INTENT_TEMPLATE_ID, contractId, choice, choiceArgument } },
      ],
    },
  })
}

/** The operator marks an intent executed in the EVM transaction `txHash`. */
export function markExecuted(s: DeFiScenario, contractId: string, txHash: string): Promise<CallResult> {
  return exerciseIntentChoice(
    s.client,
    s.operatorToken,
    s.operator,
    contractId,
    DEFI_INTENT_CHOICES.markExecuted,
    {
      txHash,
    },
  )
}

/** The operator marks an intent failed, with the reverted transaction's hash when there is one. */
export function markFailed(
  s: DeFiScenario,
  contractId: string,
  reason: string,
  txHash: string | null = null,
): Promise<CallResult> {
  return exerciseIntentChoice(
    s.client,
    s.operatorToken,
    s.operator,
    contractId,
    DEFI_INTENT_CHOICES.markFailed,
    {
      reason,
      txHash,
    },
  )
}

async function activeOf<A>(
  client: DevnetTestClient,
  token: string,
  party: string,
  templateId: string,
): Promise<ActiveContract<A>[]> {
  const acs = await client.activeContracts(token, {
    filtersByParty: {
      [party]: { cumulative: [{ identifierFilter: { TemplateFilter: { value: { templateId } } } }] },
    },
  })
  return acs.map((r) => {
    const event = r.contractEntry.JsActiveContract.createdEvent
    return { contractId: event.contractId as string, args: event.createArgument as A }
  })
}

/** Active `DeFiIntent`s `party` sees (read with `token`), oldest first. */
export function intentsOf(
  client: DevnetTestClient,
  token: string,
  party: string,
): Promise<ActiveContract<DeFiIntentArgs>[]> {
  return activeOf(client, token, party, DEFI_INTENT_TEMPLATE_ID)
}

/** Active `DeFiIntentOutcome`s `party` sees (read with `token`), oldest first. */
export function outcomesOf(
  client: DevnetTestClient,
  token: string,
  party: string,
): Promise<ActiveContract<DeFiIntentOutcomeArgs>[]> {
  return activeOf(client, token, party, DEFI_INTENT_OUTCOME_TEMPLATE_ID)
}
