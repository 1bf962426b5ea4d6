import { randomUUID } from 'node:crypto'
import { type LocalIdp, startMachineTokenIdp } from '@stratos/api/testing/localIdp'
import { CantonError, createLedgerApiTokens } from '@stratos/canton'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import {
  createIntentCommand,
  DevnetTestClient,
  outcomesOf,
  sampleIntentFields,
  signHash,
  type TestExternalParty,
} from '@stratos/canton-devnet/testing'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../config.js'
import { createCantonGateway } from './createCantonGateway.js'
import { ledgerApiCredentialsOf } from './ledgerApiCredentialsOf.js'

/** The audience the participant's jwt-jwks auth service expects (Canton's `target-audience`). */
const AUDIENCE = 'https://ledger.relayer.test'
const ADMIN = { clientId: 'participant_admin', clientSecret: 'admin-client-secret-0123456789' }
const OPERATOR = { clientId: 'stratos-relayer', clientSecret: 'relayer-client-secret-0123456789' }
/** Prepares and executes for the institution (CanExecuteAs); its signature is the authority. */
const EXECUTOR = { clientId: 'institution-executor', clientSecret: 'executor-client-secret-0123456789' }

let idp: LocalIdp
let devnet: CantonDevnet
/** How far the participant's clock runs ahead of the wall clock (the identity provider's). */
let participantAheadMs = 0
let client: DevnetTestClient
let institution: TestExternalParty
let operator: string
let executorToken: () => Promise<string>

const providerTokens = (c: { clientId: string; clientSecret: string }) =>
  createLedgerApiTokens({ kind: 'oauth2', tokenUrl: idp.tokenEndpoint, ...c, audience: AUDIENCE })

beforeAll(async () => {
  idp = await startMachineTokenIdp([ADMIN, OPERATOR, EXECUTOR], {
    scope: 'daml_ledger_api',
    ttlSeconds: 600,
    alg: 'RS256',
  })
  // A participant as run in production: only tokens of the identity provider, for its audience.
  devnet = await startCantonDevnet({
    host: '127.0.0.1',
    authServices: [{ type: 'jwt-jwks', url: idp.jwksUri, targetAudience: AUDIENCE }],
    now: () => Date.now() + participantAheadMs,
  })
  client = new DevnetTestClient(devnet)
  client.adminToken = await providerTokens(ADMIN).token()
  institution = await client.onboardExternalParty(`institution-${randomUUID().slice(0, 8)}`)
  operator = await client.allocateHostedParty(`relayer-operator-${randomUUID().slice(0, 8)}`)
  await client.ok('POST', '/v2/users', {
    body: {
      user: { id: OPERATOR.clientId, primaryParty: operator },
      rights: [{ kind: { CanActAs: { value: { party: operator } } } }],
    },
  })
  await client.ok('POST', '/v2/users', {
    body: {
      user: { id: EXECUTOR.clientId },
      rights: [{ kind: { CanExecuteAs: { value: { party: institution.partyId } } } }],
    },
  })
  const executor = providerTokens(EXECUTOR)
  executorToken = () => executor.token()
})
afterAll(async () => {
  await devnet?.stop()
  await idp?.stop()
})

/** The relayer's environment for the identity provider, as an operator sets it. */
const relayerEnv = (overrides: Record<string, string | undefined> = {}) => ({
  ETCD_ENDPOINTS: 'http://127.0.0.1:2379',
  CANTON_URL: devnet.url,
  CANTON_OAUTH_TOKEN_URL: idp.tokenEndpoint,
  CANTON_OAUTH_CLIENT_ID: OPERATOR.clientId,
  CANTON_OAUTH_CLIENT_SECRET: OPERATOR.clientSecret,
  CANTON_OAUTH_AUDIENCE: AUDIENCE,
  CANTON_OAUTH_SCOPE: 'daml_ledger_api',
  CANTON_USER_ID: OPERATOR.clientId,
  OPERATOR_PARTY: operator,
  RELAYER_CHAINS: '31337=http://127.0.0.1:8545',
  RELAYER_VAULTS: `0x${'ab'.repeat(32)}=31337:0x${'12'.repeat(20)}`,
  RELAYER_PRIVATE_KEY_FILE: '/nonexistent/relayer.key',
  ...overrides,
})

/** The gateway `startRelayerService` builds from `env`. */
function gatewayFor(env: Record<string, string | undefined>) {
  const { canton } = loadConfig(env)
  if (canton.auth?.kind !== 'oauth2') throw new Error('expected OAuth2 credentials')
  return createCantonGateway({
    url: canton.url,
    operatorParty: canton.operatorParty,
    credentials: ledgerApiCredentialsOf(canton.auth),
    ...(canton.userId === undefined ? {} : { userId: canton.userId }),
  })
}

/** The institution creates a DeFiIntent naming the operator: prepare, sign, execute. */
async function createIntent(): Promise<{ contractId: string; intentId: Hex }> {
  const fields = sampleIntentFields()
  const token = await executorToken()
  const prepared = await client.ok('POST', '/v2/interactive-submission/prepare', {
    token,
    body: {
      commandId: randomUUID(),
      actAs: [institution.partyId],
      synchronizerId: devnet.synchronizerId,
      commands: [createIntentCommand(institution.partyId, operator, fields)],
    },
  })
  const executed = await client.ok('POST', '/v2/interactive-submission/executeAndWait', {
    token,
    body: {
      preparedTransaction: prepared.preparedTransaction,
      partySignatures: { signatures: [signHash(institution, prepared.preparedTransactionHash)] },
      submissionId: randomUUID(),
      hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
      deduplicationPeriod: { Empty: {} },
    },
  })
  const update = await client.ok('POST', '/v2/updates/update-by-id', {
    token,
    body: {
      updateId: executed.updateId,
      updateFormat: {
        includeTransactions: {
          transactionShape: 'TRANSACTION_SHAPE_ACS_DELTA',
          eventFormat: { filtersByParty: { [institution.partyId]: {} } },
        },
      },
    },
  })
  return {
    contractId: update.update.Transaction.value.events[0].CreatedEvent.contractId,
    intentId: fields.intentId.toLowerCase() as Hex,
  }
}

describe('createCantonGateway on a participant that checks JWKS-signed tokens', () => {
  test('behavior: from CANTON_OAUTH_* it reads the intents and reports an outcome, all on one provider token', async () => {
    const gateway = gatewayFor(relayerEnv())
    const { contractId, intentId } = await createIntent()
    const issued = idp.accessTokensIssued
    const { intents, invalid } = await gateway.readIntents()
    expect(invalid).toEqual([])
    expect(intents.find((i) => i.contractId === contractId)).toMatchObject({
      intentId,
      institution: institution.partyId,
      operator,
    })
    const txHash = `0x${'cd'.repeat(32)}` as Hex
    expect(await gateway.markExecuted({ contractId, intentId, txHash })).toBe('reported')
    expect(await gateway.ledgerEnd()).toBeGreaterThan(0)
    expect(idp.accessTokensIssued).toBe(issued + 1)
    const outcomes = await outcomesOf(client, await providerTokens(OPERATOR).token(), operator)
    expect(outcomes.find((o) => o.args.intentId.toLowerCase() === intentId)?.args).toMatchObject({
      status: 'Executed',
      txHash,
    })
  })

  test('behavior: a token the participant refuses (expired on its clock) is replaced and the read retried once', async () => {
    const gateway = gatewayFor(relayerEnv())
    await gateway.ledgerEnd()
    const { contractId } = await createIntent()
    const issued = idp.accessTokensIssued
    participantAheadMs += 601_000 // the cached token has expired for the participant, not yet for the relayer
    idp.accessTokenTtl = 3600
    try {
      expect((await gateway.readIntents()).intents.some((i) => i.contractId === contractId)).toBe(true)
      expect(idp.accessTokensIssued).toBe(issued + 1)
    } finally {
      idp.accessTokenTtl = 600
      participantAheadMs -= 601_000
    }
  })

  test('error: tokens for another audience are refused by the participant (401 after one retry)', async () => {
    const gateway = gatewayFor(relayerEnv({ CANTON_OAUTH_AUDIENCE: 'https://another-ledger.example.com' }))
    const issued = idp.accessTokensIssued
    const error = await gateway.readIntents().then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CantonError)
    expect(error).toMatchObject({ code: 'LEDGER_API_ERROR', status: 401 })
    expect(idp.accessTokensIssued).toBe(issued + 2)
  })

  test('error: a refused grant names the endpoint, the client and the provider error, never the secret', async () => {
    const gateway = gatewayFor(relayerEnv({ CANTON_OAUTH_CLIENT_SECRET: 'not-the-secret-of-this-client' }))
    const error = await gateway.readIntents().then(
      () => null,
      (e: unknown) => e as CantonError,
    )
    expect(error).toBeInstanceOf(CantonError)
    expect(error?.code).toBe('TOKEN_GRANT_REFUSED')
    expect(error?.message).toContain(idp.tokenEndpoint)
    expect(error?.message).toContain('client stratos-relayer (invalid_client')
    expect(error?.message).not.toContain('not-the-secret')
  })

  test('error: a CANTON_USER_ID other than the token’s user is refused on the outcome, not executed as another', async () => {
    const gateway = gatewayFor(relayerEnv({ CANTON_USER_ID: EXECUTOR.clientId }))
    const { contractId, intentId } = await createIntent()
    const error = await gateway.markFailed({ contractId, intentId, reason: 'IntentExpired(1)' }).then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(CantonError)
    expect(error).toMatchObject({ code: 'LEDGER_API_ERROR' })
    expect((error as CantonError).ledgerError?.cause).toMatch(/does not match the token's user/)
  })
})
