import { createHmac, randomUUID } from 'node:crypto'
import { CustomLogAdapter, SDK } from '@canton-network/wallet-sdk'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from './startCantonDevnet.js'
import { DevnetTestClient } from './testing/DevnetTestClient.js'
import { specValidatingFetch } from './testing/expectMatchesSpec.js'
import {
  holdingsOf,
  INSTRUMENT,
  mint,
  setupDirectTokenScenario,
  setupTokenScenario,
  type TokenScenario,
} from './testing/tokenScenario.js'

// The official @canton-network/wallet-sdk drives token-standard transfers through the devnet's
// registry: its token-standard service finds the instrument with the token-metadata API, builds
// the transfer-factory request itself (the official request shapes, decoded by the devnet with the
// official codecs), passes the registry's choice context and disclosed contracts into the command,
// and the receiver accepts with the registry's choice context. The registry wants a bearer token,
// which the SDK sends from its `token.auth` configuration. Every Ledger API and registry response
// the SDK receives is checked against its spec.
const REGISTRY_TOKEN = validatorUserToken()
let devnet: CantonDevnet
let helper: DevnetTestClient
const quiet = new CustomLogAdapter(() => {})

/**
 * What a validator's scan-proxy wants: its user's JWT (the SDK reads `exp` to know when to refresh;
 * the devnet registry compares the token as a whole).
 */
function validatorUserToken() {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'validator-user', exp: Math.floor(Date.now() / 1000) + 3600 })}`
  return `${unsigned}.${createHmac('sha256', randomUUID()).update(unsigned).digest('base64url')}`
}

/** Registry requests the SDK made: path and body. */
const registryRequests: { method: string; path: string; body: unknown; authorized: boolean }[] = []
const originalFetch = globalThis.fetch
beforeAll(async () => {
  devnet = await startCantonDevnet({ registryToken: REGISTRY_TOKEN })
  const validating = specValidatingFetch(originalFetch)
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.origin !== new URL(devnet.url).origin) throw new Error(`Unexpected request to ${url.origin}`)
    if (url.pathname.includes('/registry/')) {
      const text = request.method === 'POST' ? await request.clone().text() : ''
      registryRequests.push({
        method: request.method,
        path: decodeURIComponent(url.pathname),
        body: text ? JSON.parse(text) : undefined,
        authorized: request.headers.get('Authorization') === `Bearer ${REGISTRY_TOKEN}`,
      })
    }
    return validating(request)
  }
  helper = await new DevnetTestClient(devnet).init()
})
afterAll(async () => {
  globalThis.fetch = originalFetch
  await devnet.stop()
})

/** A wallet backend user of the SDK, with the token-standard extension pointed at `registryUrl`. */
async function walletSdk(registryUrl: string) {
  const userId = `wallet-${randomUUID().slice(0, 8)}`
  await helper.ok('POST', '/v2/users', {
    body: { user: { id: userId, primaryParty: '' }, rights: [{ kind: { ParticipantAdmin: { value: {} } } }] },
  })
  const sdk = await SDK.create({
    auth: { method: 'static', token: await devnet.tokenFor(userId) },
    ledgerClientUrl: devnet.url,
    logAdapter: quiet,
  })
  return sdk.extend({
    token: { auth: { method: 'static', token: REGISTRY_TOKEN }, registries: [registryUrl] },
  })
}

type WalletSdk = Awaited<ReturnType<typeof walletSdk>>

/** An external party of the SDK's own key, onboarded by the SDK. */
async function sdkParty(sdk: WalletSdk, hint: string) {
  const keys = sdk.keys.generate()
  const party = await sdk.party.external
    .create(keys.publicKey, { partyHint: `${hint}-${randomUUID().slice(0, 8)}` })
    .sign(keys.privateKey)
    .execute()
  return { partyId: party.partyId, privateKey: keys.privateKey }
}

const registryOf = (s: Pick<TokenScenario, 'admin'>) =>
  new URL(`${devnet.url}/registries/${encodeURIComponent(s.admin)}`)

const amountsOf = async (s: TokenScenario, party: string) =>
  (await holdingsOf(helper, s.operatorToken, party)).map((h) => [h.view.amount, h.view.lock === null])

describe('@canton-network/wallet-sdk token-standard transfers through the devnet registry', () => {
  test('behavior: offer -> the SDK sends with the official request shapes; the receiver accepts', async () => {
    const s = await setupTokenScenario(helper, '0')
    const registryUrl = registryOf(s)
    const sender = await walletSdk(registryUrl.href)
    const receiver = await walletSdk(registryUrl.href)
    const alice = await sdkParty(sender, 'sdk-alice')
    const bob = await sdkParty(receiver, 'sdk-bob')
    await mint(helper, s, alice.partyId, '100')
    registryRequests.length = 0

    const [command, disclosed] = await sender.token.transfer.create({
      sender: alice.partyId,
      recipient: bob.partyId,
      amount: '40',
      instrumentId: INSTRUMENT,
      registryUrl,
      memo: 'wallet-sdk test',
    })
    // The SDK found the instrument with the metadata API, then asked for the factory with the
    // complete TransferFactory_Transfer arguments, extraArgs included; always with its token.
    const base = decodeURIComponent(registryUrl.pathname)
    expect(registryRequests.map((r) => `${r.method} ${r.path.slice(base.length)}`)).toEqual([
      'GET /registry/metadata/v1/instruments',
      'GET /registry/metadata/v1/info',
      'POST /registry/transfer-instruction/v1/transfer-factory',
    ])
    expect(registryRequests.every((r) => r.authorized)).toBe(true)
    expect(registryRequests[2]?.body).toMatchObject({
      choiceArguments: {
        expectedAdmin: s.admin,
        transfer: {
          sender: alice.partyId,
          receiver: bob.partyId,
          amount: '40',
          instrumentId: { admin: s.admin, id: INSTRUMENT },
        },
        extraArgs: { context: { values: {} }, meta: { values: {} } },
      },
    })
    expect(disclosed.map((c) => c.contractId)).toEqual([s.factoryCid])

    await sender.ledger
      .prepare({ partyId: alice.partyId, commands: command, disclosedContracts: disclosed })
      .sign(alice.privateKey)
      .execute({ partyId: alice.partyId })
    expect(await amountsOf(s, alice.partyId)).toEqual(
      expect.arrayContaining([
        ['60.0000000000', true],
        ['40.0000000000', false],
      ]),
    )

    // The receiver's SDK lists the pending instruction and accepts it with the registry's context.
    const [pending] = await receiver.token.transfer.pending(bob.partyId)
    expect(pending?.interfaceViewValue.transfer).toMatchObject({
      sender: alice.partyId,
      amount: '40.0000000000',
    })
    const [accept, acceptDisclosed] = await receiver.token.transfer.accept({
      transferInstructionCid: pending!.contractId,
      registryUrl,
    })
    await receiver.ledger
      .prepare({ partyId: bob.partyId, commands: accept, disclosedContracts: acceptDisclosed })
      .sign(bob.privateKey)
      .execute({ partyId: bob.partyId })
    expect(await amountsOf(s, bob.partyId)).toEqual([['40.0000000000', true]])
    expect(await amountsOf(s, alice.partyId)).toEqual([['60.0000000000', true]])
    expect(await receiver.token.transfer.pending(bob.partyId)).toEqual([])
  })

  test('behavior: direct -> the SDK passes the choice context and disclosed rules back; completed at once', async () => {
    const s = await setupDirectTokenScenario(helper, '0')
    const registryUrl = registryOf(s)
    const sender = await walletSdk(registryUrl.href)
    const alice = await sdkParty(sender, 'sdk-alice')
    const bob = await sdkParty(await walletSdk(registryUrl.href), 'sdk-bob')
    await mint(helper, s, alice.partyId, '100')

    const [command, disclosed] = await sender.token.transfer.create({
      sender: alice.partyId,
      recipient: bob.partyId,
      amount: '25',
      instrumentId: INSTRUMENT,
      registryUrl,
    })
    expect(disclosed.map((c) => c.contractId)).toEqual([s.factoryCid, s.rulesCid])
    expect((command.ExerciseCommand.choiceArgument as { extraArgs: unknown }).extraArgs).toMatchObject({
      context: { values: { 'stratos-devnet/instrument-rules': { tag: 'AV_ContractId', value: s.rulesCid } } },
    })
    await sender.ledger
      .prepare({ partyId: alice.partyId, commands: command, disclosedContracts: disclosed })
      .sign(alice.privateKey)
      .execute({ partyId: alice.partyId })
    expect(await amountsOf(s, bob.partyId)).toEqual([['25.0000000000', true]])
    expect(await amountsOf(s, alice.partyId)).toEqual([['75.0000000000', true]])
  })
})
