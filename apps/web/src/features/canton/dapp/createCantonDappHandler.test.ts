import { ed25519 } from '@noble/curves/ed25519.js'
import { base64 } from '@scure/base'
import { DEFI_INTENT_CHOICES, DEFI_INTENT_TEMPLATE_ID } from '@stratos/canton'
import { sampleIntentFields } from '@stratos/canton-devnet/testing'
import { RPC_ERROR } from '@stratos/dock-sdk'
import type { Vault } from '@stratos/keys'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
// The real API with canton-devnet, in process: the handler's requests are served as in the browser.
import { EMPTY_EXTRA_ARGS, EMPTY_METADATA } from '../../../../../api/src/canton/tokenRegistry'
import { TRANSFER_FACTORY_INTERFACE } from '../../../../../api/src/canton/tokenStandard'
import { useCantonDevnet } from '../../../../../api/src/testing/cantonDevnet'
import {
  type CantonPerson,
  cantonPerson,
  onboardCantonPerson,
} from '../../../../../api/src/testing/cantonPeople'
import { createTestApp, type TestApp } from '../../../../../api/src/testing/testApp'
import { useTestDatabases } from '../../../../../api/src/testing/testDatabases'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'
import { cantonNetworkId, createCantonDappHandler } from './createCantonDappHandler'
import type { CantonDappReviewData } from './reviewDappTransaction'

const realFetch = globalThis.fetch

/** Sends the browser's `fetch('/api/…')` to the person's session in the in-process API. */
function serveAs(person: CantonPerson, tamper?: (path: string, body: Record<string, unknown>) => void) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    if (!url.startsWith('/api/')) return realFetch(url, init)
    const res = await person.client.request(init.method ?? 'GET', url, init.body as string | undefined)
    if (tamper && res.status === 200 && res.body) {
      tamper(url, res.body)
      return new Response(JSON.stringify(res.body), { status: res.status })
    }
    return new Response(res.text, { status: res.status })
  })
}

interface Harness {
  t: TestApp
  ada: CantonPerson
  party: string
  events: { event: string; data: unknown }[]
  reviews: CantonDappReviewData[]
  /** What the person answers in the review. */
  decide: (review: CantonDappReviewData) => boolean
  vault: Vault | null
  handler: ReturnType<typeof createCantonDappHandler>
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a DockRpcFailure')
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(DockRpcFailure)
      return error as DockRpcFailure
    },
  )

const createIntent = (institution: string, operator: string) => ({
  CreateCommand: {
    templateId: DEFI_INTENT_TEMPLATE_ID,
    createArguments: { institution, operator, ...sampleIntentFields() },
  },
})

describe('createCantonDappHandler (the API and canton-devnet in process)', () => {
  const canton = useCantonDevnet()
  const databases = useTestDatabases('sqlite')
  let h: Harness
  let seed = 60

  beforeEach(async () => {
    const t = await createTestApp(await databases.fresh(), { devMode: true, canton: canton.current.config })
    seed += 1
    const ada = await cantonPerson(t, 'Ada', seed)
    const party = await onboardCantonPerson(ada)
    serveAs(ada)
    const harness = {
      t,
      ada,
      party,
      events: [],
      reviews: [],
      decide: () => true,
      vault: ada.vault,
    } as unknown as Harness
    harness.handler = createCantonDappHandler({
      vault: () => harness.vault,
      approve: async (review) => {
        harness.reviews.push(review)
        return harness.decide(review)
      },
      emit: (event, data) => harness.events.push({ event, data }),
    })
    h = harness
  })
  afterEach(() => vi.unstubAllGlobals())

  const granted = () => ({ party: h.party })
  const txEvents = () => h.events.filter((e) => e.event === 'txChanged').map((e) => e.data)

  test('behavior: connect, status and accounts give the user party to an app granted it, nothing to others', async () => {
    const connected = await h.handler.handle('connect', undefined, granted())
    expect(connected).toEqual({
      isConnected: true,
      reason: 'OK',
      isNetworkConnected: true,
      networkReason: 'OK',
    })
    const network = (await h.handler.handle('getActiveNetwork', undefined, granted())) as {
      networkId: string
    }
    expect(network.networkId).toMatch(/^canton:[-_a-zA-Z0-9]{1,32}$/)
    const [fingerprint] = h.party.split('::').slice(1)
    const primary = await h.handler.handle('getPrimaryAccount', undefined, granted())
    expect(primary).toEqual({
      primary: true,
      partyId: h.party,
      status: 'allocated',
      hint: 'ada',
      publicKey: base64.encode(Buffer.from(h.ada.publicKey, 'hex')),
      namespace: fingerprint,
      networkId: network.networkId,
      signingProviderId: 'stratos-passkey',
    })
    expect(await h.handler.handle('listAccounts', undefined, granted())).toEqual([primary])
    expect(h.events.map((e) => e.event)).toEqual(['statusChanged', 'accountsChanged'])
    expect(h.events[1]?.data).toEqual([primary])
    const status = (await h.handler.handle('status', undefined, granted())) as Record<string, unknown>
    expect(status).toMatchObject({ provider: { id: 'stratos-vault' }, network })
    expect(status).not.toHaveProperty('session')

    const other = { party: null }
    expect(await h.handler.handle('listAccounts', undefined, other)).toEqual([])
    expect(await h.handler.handle('isConnected', undefined, other)).toMatchObject({ isConnected: false })
    for (const method of [
      'getPrimaryAccount',
      'getActiveNetwork',
      'prepareExecute',
      'signMessage',
      'ledgerApi',
    ])
      expect((await failureOf(h.handler.handle(method, {}, other))).code, method).toBe(RPC_ERROR.unauthorized)
    expect((await failureOf(h.handler.handle('eth_accounts', [], granted()))).code).toBe(
      RPC_ERROR.unsupportedMethod,
    )
  })

  test('behavior: prepareExecuteAndWait of a create is verified, listed with a warning, signed on confirm and executed', async () => {
    const operator = canton.current.config.instrument?.admin as string
    const result = (await h.handler.handle(
      'prepareExecuteAndWait',
      { commands: [createIntent(h.party, operator)], commandId: 'dapp-create-1' },
      granted(),
    )) as {
      tx: { status: string; commandId: string; payload: { updateId: string; completionOffset: number } }
    }
    expect(result.tx).toEqual({
      status: 'executed',
      commandId: 'dapp-create-1',
      payload: { updateId: expect.any(String), completionOffset: expect.any(Number) },
    })
    expect(txEvents()).toEqual([
      { status: 'pending', commandId: 'dapp-create-1' },
      {
        status: 'signed',
        commandId: 'dapp-create-1',
        payload: { signature: expect.any(String), signedBy: h.party.split('::')[1], party: h.party },
      },
      result.tx,
    ])
    const [review] = h.reviews
    expect(review).toMatchObject({
      kind: 'transaction',
      method: 'prepareExecuteAndWait',
      partyId: h.party,
      commandId: 'dapp-create-1',
      description: { kind: 'actions', actions: [{ kind: 'create', depth: 0, signatories: [h.party] }] },
      warning: expect.stringContaining('cannot describe'),
    })

    // The app reads its contract back through ledgerApi and cancels it with prepareExecute.
    const end = (await h.handler.handle(
      'ledgerApi',
      { requestMethod: 'get', resource: '/v2/state/ledger-end' },
      granted(),
    )) as { offset: number }
    const contracts = (await h.handler.handle(
      'ledgerApi',
      {
        requestMethod: 'post',
        resource: '/v2/state/active-contracts',
        body: {
          activeAtOffset: end.offset,
          eventFormat: { filtersByParty: { [h.party]: {} } },
        },
      },
      granted(),
    )) as { contractEntry: { JsActiveContract: { createdEvent: { contractId: string } } } }[]
    const contractId = contracts[0]?.contractEntry.JsActiveContract.createdEvent.contractId
    const cancel = {
      ExerciseCommand: {
        templateId: DEFI_INTENT_TEMPLATE_ID,
        contractId,
        choice: DEFI_INTENT_CHOICES.cancel,
        choiceArgument: {},
      },
    }
    expect(await h.handler.handle('prepareExecute', { commands: [cancel] }, granted())).toBeNull()
    expect(h.reviews[1]).toMatchObject({
      method: 'prepareExecute',
      description: { actions: [{ kind: 'exercise', choice: DEFI_INTENT_CHOICES.cancel, consuming: true }] },
    })
    expect(txEvents().at(-1)).toMatchObject({ status: 'executed' })
  })

  test('behavior: a token-standard transfer the app builds is reviewed as a transfer, without a warning', async () => {
    const bob = await cantonPerson(h.t, 'Bob', seed + 100)
    const receiver = await onboardCantonPerson(bob)
    serveAs(h.ada)
    expect((await h.ada.client.post('/api/dev/canton-faucet')).status).toBe(200)
    const { config } = canton.current
    const instrument = config.instrument as { admin: string; id: string }
    const holdings = (await h.ada.client.get('/api/canton/holdings')).body.holdings
    const now = Date.now()
    const choiceArguments = {
      expectedAdmin: instrument.admin,
      transfer: {
        sender: h.party,
        receiver,
        amount: '12.5',
        instrumentId: instrument,
        requestedAt: new Date(now - 5_000).toISOString(),
        executeBefore: new Date(now + 3600_000).toISOString(),
        inputHoldingCids: holdings.map((x: { contractId: string }) => x.contractId),
        meta: EMPTY_METADATA,
      },
      extraArgs: EMPTY_EXTRA_ARGS,
    }
    // The app asks the registry through the wallet (the registry wants the wallet server's token).
    const factory = (await h.handler.handle(
      'ledgerApi',
      {
        requestMethod: 'post',
        resource: '/registry/transfer-instruction/v1/transfer-factory',
        body: { choiceArguments },
      },
      granted(),
    )) as { factoryId: string; choiceContext: { choiceContextData: unknown; disclosedContracts: unknown[] } }
    await h.handler.handle(
      'prepareExecute',
      {
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
      },
      granted(),
    )
    expect(h.reviews[0]).toMatchObject({
      description: { kind: 'transfer', transfer: { sender: h.party, receiver, amount: '12.5000000000' } },
      warning: null,
    })
    expect(txEvents().at(-1)).toMatchObject({ status: 'executed' })
    serveAs(bob)
    expect((await bob.client.get('/api/canton/instructions')).body.incoming).toMatchObject([
      { amount: '12.5' },
    ])
  })

  test('error: the person cancels: 4001, txChanged failed, nothing signed or executed', async () => {
    h.decide = () => false
    const operator = canton.current.config.instrument?.admin as string
    const error = await failureOf(
      h.handler.handle('prepareExecuteAndWait', { commands: [createIntent(h.party, operator)] }, granted()),
    )
    expect(error.code).toBe(RPC_ERROR.userRejected)
    expect(txEvents().map((e) => (e as { status: string }).status)).toEqual(['pending', 'failed'])
    expect(h.ada.client.transcript.some((line) => line.includes('completionOffset'))).toBe(false)
  })

  test('error: the wallet locked before confirming: 4100 "unlock the wallet", txChanged failed', async () => {
    h.decide = () => {
      h.vault = null
      return true
    }
    const operator = canton.current.config.instrument?.admin as string
    const error = await failureOf(
      h.handler.handle('prepareExecute', { commands: [createIntent(h.party, operator)] }, granted()),
    )
    expect([error.code, error.message]).toEqual([
      RPC_ERROR.unauthorized,
      expect.stringContaining('unlock the wallet'),
    ])
    expect(txEvents().map((e) => (e as { status: string }).status)).toEqual(['pending', 'failed'])
  })

  test('error: a server whose prepared hash does not match is refused before the review; nothing signed', async () => {
    serveAs(h.ada, (path, body) => {
      if (path !== '/api/canton/dapp/prepare') return
      const hash = base64.decode(body.preparedTransactionHash as string)
      hash[0] = (hash[0] as number) ^ 0xff
      body.preparedTransactionHash = base64.encode(hash)
    })
    const operator = canton.current.config.instrument?.admin as string
    const error = await failureOf(
      h.handler.handle('prepareExecute', { commands: [createIntent(h.party, operator)] }, granted()),
    )
    expect(error.code).toBe(RPC_ERROR.internal)
    expect(error.message).toContain('does not match its hash; nothing was signed')
    expect(h.reviews).toEqual([])
    expect(txEvents().map((e) => (e as { status: string }).status)).toEqual(['pending', 'failed'])
  })

  test('error: acting as another party, bad commands and a refused ledger read keep their meaning', async () => {
    const create = createIntent(h.party, h.party)
    const actAs = await failureOf(
      h.handler.handle('prepareExecute', { commands: [create], actAs: ['eve::1220ab'] }, granted()),
    )
    expect(actAs.code).toBe(RPC_ERROR.unauthorized)
    const bad = await failureOf(h.handler.handle('prepareExecute', { commands: [] }, granted()))
    expect([bad.code, bad.message]).toEqual([
      RPC_ERROR.invalidParams,
      expect.stringContaining('at least one command'),
    ])
    const read = await failureOf(
      h.handler.handle('ledgerApi', { requestMethod: 'get', resource: '/v2/users' }, granted()),
    )
    expect(read.code).toBe(RPC_ERROR.unauthorized)
    expect(h.reviews).toEqual([])
  })

  test('behavior: signMessage signs the UTF-8 text with the party key after review; 4001 when cancelled', async () => {
    const primary = (await h.handler.handle('getPrimaryAccount', undefined, granted())) as {
      publicKey: string
    }
    const message = 'Sign in to dock app example: nonce 42'
    const { signature } = (await h.handler.handle('signMessage', { message }, granted())) as {
      signature: string
    }
    expect(h.reviews).toEqual([{ kind: 'message', partyId: h.party, message }])
    expect(
      ed25519.verify(
        base64.decode(signature),
        new TextEncoder().encode(message),
        base64.decode(primary.publicKey),
      ),
    ).toBe(true)
    h.decide = () => false
    expect((await failureOf(h.handler.handle('signMessage', { message }, granted()))).code).toBe(
      RPC_ERROR.userRejected,
    )
  })
})

describe('cantonNetworkId', () => {
  test('behavior: a CAIP-2 id from the synchronizer alias and its namespace', () => {
    expect(cantonNetworkId(`global-domain::1220${'1f0e9a2b'.padEnd(64, '0')}`)).toBe(
      'canton:global-domain-1f0e9a2b',
    )
    expect(cantonNetworkId(`a.very.long.synchronizer.alias.name::1220${'ab'.repeat(32)}`)).toMatch(
      /^canton:[-_a-zA-Z0-9]{1,32}$/,
    )
  })
})
