import { randomUUID } from 'node:crypto'
import { CustomLogAdapter, SDK } from '@canton-network/wallet-sdk'
import { ed25519 } from '@noble/curves/ed25519.js'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from './startCantonDevnet.js'
import { TokenStandard } from './templates/registerTokenStandard.js'
import { DevnetTestClient } from './testing/DevnetTestClient.js'
import { specPathOf, specValidatingFetch } from './testing/expectMatchesSpec.js'

// The official @canton-network/wallet-sdk onboards external parties against the devnet, with
// nothing but the JSON Ledger API: no validator, scan or registry URL (those are only needed by
// the SDK's amulet/token/asset extensions, which are not configured here), no OAuth server (a
// static HS256 token from the devnet). Every response the SDK receives is checked against the spec.
let devnet: CantonDevnet
let helper: DevnetTestClient

const quiet = new CustomLogAdapter(() => {})

/**
 * An SDK acting as a fresh wallet-backend user. The user is ParticipantAdmin because the SDK grants
 * it CanActAs on the party it has just allocated (POST /v2/users/{user-id}/rights).
 */
async function walletSdk() {
  const userId = `wallet-${randomUUID().slice(0, 8)}`
  await helper.ok('POST', '/v2/users', {
    body: { user: { id: userId, primaryParty: '' }, rights: [{ kind: { ParticipantAdmin: { value: {} } } }] },
  })
  requests.length = 0
  return SDK.create({
    auth: { method: 'static', token: await devnet.tokenFor(userId) },
    ledgerClientUrl: devnet.url,
    logAdapter: quiet,
  })
}

/** Every request the SDK makes (method and path); anything not aimed at the devnet fails. */
const requests: string[] = []
const originalFetch = globalThis.fetch
beforeAll(async () => {
  devnet = await startCantonDevnet()
  const validating = specValidatingFetch(originalFetch)
  globalThis.fetch = async (input, init) => {
    const request = new Request(input, init)
    const url = new URL(request.url)
    if (url.origin !== new URL(devnet.url).origin) throw new Error(`Unexpected request to ${url.origin}`)
    requests.push(`${request.method} ${specPathOf(url.pathname, request.method) ?? url.pathname}`)
    return validating(request)
  }
  helper = await new DevnetTestClient(devnet).init()
})
afterAll(async () => {
  globalThis.fetch = originalFetch
  await devnet.stop()
})

const createFactory = (admin: string) => ({
  CreateCommand: {
    templateId: TokenStandard.transferFactoryTemplateId,
    createArguments: { admin, meta: { values: {} } },
  },
})

describe('@canton-network/wallet-sdk against the devnet', () => {
  test('behavior: SDK key pair, external party create -> sign -> execute, listed, then prepare/sign/execute', async () => {
    const sdk = await walletSdk()
    const keys = sdk.keys.generate()
    const hint = `sdk-${randomUUID().slice(0, 8)}`

    const party = await sdk.party.external
      .create(keys.publicKey, { partyHint: hint })
      .sign(keys.privateKey)
      .execute()

    expect(party.partyId).toBe(`${hint}::${party.publicKeyFingerprint}`)
    expect(await sdk.keys.fingerprint(keys.publicKey)).toBe(party.publicKeyFingerprint)
    // The SDK recomputes the multiHash from the topology transactions: the devnet's must match.
    expect(await sdk.utils.hash.topologyTransaction(party.topologyTransactions)).toBe(party.multiHash)
    // execute() granted the SDK's user CanActAs, so the party is one of "its" wallets.
    expect(await sdk.party.list()).toEqual([party.partyId])
    const details = await helper.ok('GET', '/v2/parties/{party}', { params: { party: party.partyId } })
    expect(details.partyDetails).toEqual([expect.objectContaining({ party: party.partyId, isLocal: true })])

    // Interactive submission through the SDK: prepare, check the hash locally, sign, executeAndWait.
    const prepared = sdk.ledger.prepare({ partyId: party.partyId, commands: createFactory(party.partyId) })
    const response = (await prepared.toJSON()).response
    expect((await sdk.utils.hash.preparedTransaction(response.preparedTransaction!)).toBase64()).toBe(
      response.preparedTransactionHash,
    )
    const done = await prepared.sign(keys.privateKey).execute({ partyId: party.partyId })
    expect(done.updateId).toMatch(/^1220/)

    const factories = await sdk.ledger.acs.read({
      parties: [party.partyId],
      filterByParty: true,
      templateIds: [TokenStandard.transferFactoryTemplateId],
    })
    expect(factories).toHaveLength(1)
    expect(factories[0]?.createArgument).toEqual({ admin: party.partyId, meta: { values: {} } })

    // Every endpoint the SDK used for all of the above (the helper also read GET /v2/parties/{party}, as the SDK does).
    expect(new Set(requests)).toEqual(
      new Set([
        'GET /v2/version',
        'GET /v2/authenticated-user',
        'GET /v2/state/connected-synchronizers',
        'POST /v2/parties/external/generate-topology',
        'GET /v2/parties/{party}',
        'POST /v2/parties/external/allocate',
        'POST /v2/users/{user-id}/rights',
        'GET /v2/users/{user-id}/rights',
        'POST /v2/interactive-submission/prepare',
        'POST /v2/interactive-submission/executeAndWait',
        'GET /v2/state/ledger-end',
        'POST /v2/state/active-contracts',
      ]),
    )
  })

  test('behavior: a given Ed25519 key, offline signing of the topology multiHash, then execute(signature)', async () => {
    const sdk = await walletSdk()
    const secretKey = ed25519.utils.randomSecretKey()
    const publicKey = Buffer.from(ed25519.getPublicKey(secretKey)).toString('base64')
    const hint = `given-${randomUUID().slice(0, 8)}`

    const pending = sdk.party.external.create(publicKey, { partyHint: hint })
    const topology = await pending.topology()
    const signature = Buffer.from(
      ed25519.sign(Buffer.from(topology.multiHash, 'base64'), secretKey),
    ).toString('base64')
    const party = await pending.execute(signature)
    expect(party.partyId).toBe(topology.partyId)
    expect(await sdk.party.list()).toEqual([party.partyId])

    // Executing again is a no-op: the SDK sees the party exists and returns it.
    expect((await pending.execute(signature)).partyId).toBe(party.partyId)

    // A transaction signed outside the SDK and handed back to it (sdk.ledger.fromSignature).
    const prepared = await sdk.ledger
      .prepare({ partyId: party.partyId, commands: createFactory(party.partyId) })
      .toJSON()
    const txSignature = Buffer.from(
      ed25519.sign(Buffer.from(prepared.response.preparedTransactionHash, 'base64'), secretKey),
    ).toString('base64')
    const done = await sdk.ledger.execute(sdk.ledger.fromSignature(prepared.response, txSignature), {
      partyId: party.partyId,
    })
    expect(done.updateId).toMatch(/^1220/)
  })

  test('behavior: a topology signed with the wrong key is refused and no party appears', async () => {
    const sdk = await walletSdk()
    const keys = sdk.keys.generate()
    const other = sdk.keys.generate()
    const hint = `forged-${randomUUID().slice(0, 8)}`
    const pending = sdk.party.external.create(keys.publicKey, { partyHint: hint })
    const refused = await pending
      .sign(other.privateKey)
      .execute({ grantUserRights: false })
      .catch((e) => e)
    expect(refused).toMatchObject({
      code: 'INVALID_ARGUMENT',
      cause: expect.stringContaining('multiHashSignatures'),
    })
    const topology = await pending.topology()
    const res = await helper.ok('GET', '/v2/parties/{party}', { params: { party: topology.partyId } })
    expect(res.partyDetails ?? []).toEqual([])
    expect(await sdk.party.list()).toEqual([])
  })
})
