import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { expectMatchesSpec, type SpecName } from '../testing/expectMatchesSpec.js'
import {
  executeSigned,
  factoryDisclosure,
  holdingsOf,
  INSTRUMENT,
  setupDirectTokenScenario,
  setupTokenScenario,
  type TokenScenario,
  transferChoiceArguments,
} from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupTokenScenario(client, '0')
})
afterAll(() => devnet.stop())

const FACTORY = '/registry/transfer-instruction/v1/transfer-factory'

/** A request to the registry; the answer must match the token standard's spec. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${devnet.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const json = await res.json()
  const template = path
    .replace(/^\/registries\/[^/]+/, '')
    .replace(/v1\/[0-9a-f]+\/choice-contexts/, 'v1/{transferInstructionId}/choice-contexts')
    .replace(/instruments\/[^/]+$/, 'instruments/{instrumentId}')
  const spec: SpecName = template.includes('/metadata/') ? 'tokenMetadata' : 'transferInstruction'
  expectMatchesSpec(template, method, res.status, json, spec)
  return { status: res.status, body: json }
}
const post = (path: string, body: unknown) => call('POST', path, body)
const withoutKey = (record: Record<string, unknown>, key: string) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))

describe('registryRoutes: transfer-factory decoded with the official TransferFactory_Transfer codec', () => {
  test('behavior: the transfer factory of an admin, with the factory contract to disclose', async () => {
    const res = await post(FACTORY, {
      choiceArguments: transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '10'),
    })
    expect(res.status).toBe(200)
    expect(res.body.factoryId).toBe(s.factoryCid)
    expect(res.body.transferKind).toBe('offer')
    expect(res.body.choiceContext.choiceContextData).toEqual({ values: {} })
    expect(res.body.choiceContext.disclosedContracts).toEqual([
      expect.objectContaining({ contractId: s.factoryCid, synchronizerId: devnet.synchronizerId }),
    ])
    const self = await post(FACTORY, {
      choiceArguments: transferChoiceArguments(s, s.alice.partyId, s.alice.partyId, '10'),
    })
    expect(self.body.transferKind).toBe('self')
  })

  test('error: choice arguments without extraArgs are refused with the decoder’s complaint', async () => {
    const res = await post(FACTORY, {
      choiceArguments: withoutKey(
        transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '10'),
        'extraArgs',
      ),
    })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatch(/extraArgs/)
    expect(res.body.error).toMatch(/required/)
  })

  test('error: a transfer without meta, a bad amount or no transfer at all is a 400', async () => {
    const args = transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '10')
    const noMeta = { ...args, transfer: withoutKey(args.transfer, 'meta') }
    expect((await post(FACTORY, { choiceArguments: noMeta })).body.error).toMatch(/meta/)
    const badAmount = { ...args, transfer: { ...args.transfer, amount: 10 } }
    expect((await post(FACTORY, { choiceArguments: badAmount })).status).toBe(400)
    expect((await post(FACTORY, { choiceArguments: { expectedAdmin: s.admin } })).status).toBe(400)
    expect((await post(FACTORY, { choiceArguments: {} })).status).toBe(400)
    expect((await post(FACTORY, {})).status).toBe(400)
    expect((await post(FACTORY, { choiceArguments: args, excludeDebugFields: 'yes' })).status).toBe(400)
  })

  test('error: an admin without a factory, and an unknown instruction, are 404', async () => {
    const otherAdmin = transferChoiceArguments({ admin: s.bob.partyId }, s.alice.partyId, s.bob.partyId, '1')
    expect((await post(FACTORY, { choiceArguments: otherAdmin })).status).toBe(404)
    const unknown = `/registry/transfer-instruction/v1/${'00'.repeat(33)}/choice-contexts/accept`
    expect((await post(unknown, { excludeDebugFields: true })).status).toBe(404)
  })

  test('error: the ledger refuses TransferFactory_Transfer without extraArgs, as Daml type-checks it', async () => {
    const factory = await factoryDisclosure(client, s)
    const choiceArgument = withoutKey(
      transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '1', { inputs: [] }),
      'extraArgs',
    )
    const res = await client.call('POST', '/v2/interactive-submission/prepare', {
      token: s.operatorToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.alice.partyId],
        synchronizerId: devnet.synchronizerId,
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
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/extraArgs/)
  })
})

describe('registryRoutes: a registry answering transferKind direct with a choice context', () => {
  test('behavior: direct, the rules in the context and disclosed; the transfer completes at once', async () => {
    const d = await setupDirectTokenScenario(client)
    const inputs = (await holdingsOf(client, d.operatorToken, d.alice.partyId)).map((h) => h.contractId)
    const choiceArgument = transferChoiceArguments(d, d.alice.partyId, d.bob.partyId, '30', { inputs })
    const factory = await factoryDisclosure(client, d, choiceArgument)
    expect(factory.transferKind).toBe('direct')
    expect(factory.factoryId).toBe(d.factoryCid)
    expect(factory.choiceContext.choiceContextData).toEqual({
      values: { [TokenStandard.rulesContextKey]: { tag: 'AV_ContractId', value: d.rulesCid } },
    })
    expect(factory.choiceContext.disclosedContracts.map((c) => c.contractId)).toEqual([
      d.factoryCid,
      d.rulesCid,
    ])

    const prepare = (context: unknown, disclosed: unknown[]) =>
      client.call('POST', '/v2/interactive-submission/prepare', {
        token: d.operatorToken,
        body: {
          commandId: randomUUID(),
          actAs: [d.alice.partyId],
          synchronizerId: devnet.synchronizerId,
          commands: [
            {
              ExerciseCommand: {
                templateId: TokenStandard.transferFactoryInterfaceId,
                contractId: factory.factoryId,
                choice: 'TransferFactory_Transfer',
                choiceArgument: { ...choiceArgument, extraArgs: { context, meta: { values: {} } } },
              },
            },
          ],
          disclosedContracts: disclosed,
        },
      })
    const { disclosedContracts, choiceContextData } = factory.choiceContext

    // The choice needs the context passed back, and the rules disclosed with it.
    const noContext = await prepare({ values: {} }, disclosedContracts)
    expect(noContext.status).toBe(400)
    expect(JSON.stringify(noContext.body)).toMatch(
      /Missing context entry for: stratos-devnet\/instrument-rules/,
    )
    const noRules = await prepare(choiceContextData, disclosedContracts.slice(0, 1))
    expect(noRules.status).toBe(404)
    expect(noRules.body.code).toBe('CONTRACT_NOT_FOUND')

    const prepared = await prepare(choiceContextData, disclosedContracts)
    expect(prepared.status).toBe(200)
    const done = await executeSigned(client, d, prepared.body, d.alice)
    expect(done.status).toBe(200)
    const amounts = async (party: string) =>
      (await holdingsOf(client, d.operatorToken, party)).map((h) => [h.view.amount, h.view.lock])
    expect(await amounts(d.bob.partyId)).toEqual([['30.0000000000', null]])
    expect(await amounts(d.alice.partyId)).toEqual([['70.0000000000', null]])
  })
})

describe('registryRoutes: the registry of one admin (/registries/{admin}/registry)', () => {
  test('behavior: metadata info and instruments of the admin; its transfer factory', async () => {
    const d = await setupTokenScenario(client, '42')
    const base = `/registries/${encodeURIComponent(d.admin)}/registry`
    const info = await call('GET', `${base}/metadata/v1/info`)
    expect(info.body).toEqual({
      adminId: d.admin,
      supportedApis: { 'splice-api-token-metadata-v1': 1, 'splice-api-token-transfer-instruction-v1': 1 },
    })
    const list = await call('GET', `${base}/metadata/v1/instruments`)
    expect(list.body.instruments).toEqual([
      expect.objectContaining({ id: INSTRUMENT, totalSupply: '42.0000000000', decimals: 10 }),
    ])
    expect((await call('GET', `${base}/metadata/v1/instruments/${INSTRUMENT}`)).body.id).toBe(INSTRUMENT)
    expect((await call('GET', `${base}/metadata/v1/instruments/NOPE`)).status).toBe(404)
    const factory = await post(`${base}/transfer-instruction/v1/transfer-factory`, {
      choiceArguments: transferChoiceArguments(d, d.alice.partyId, d.bob.partyId, '1'),
    })
    expect(factory.body.factoryId).toBe(d.factoryCid)
  })

  test('error: another admin’s transfer at this registry is a 400; the shared registry has no info', async () => {
    const base = `/registries/${encodeURIComponent(s.bob.partyId)}/registry`
    const res = await post(`${base}/transfer-instruction/v1/transfer-factory`, {
      choiceArguments: transferChoiceArguments(s, s.alice.partyId, s.bob.partyId, '1'),
    })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatch(/not the admin of this registry/)
    expect((await call('GET', '/registry/metadata/v1/info')).status).toBe(404)
  })
})

describe('registryRoutes with a registry token (as a validator’s scan-proxy wants one)', () => {
  test('behavior: a request with the bearer token is served; without it, 401', async () => {
    const guarded = await startCantonDevnet({ registryToken: 'scan-proxy-token' })
    try {
      const g = await setupTokenScenario(await new DevnetTestClient(guarded).init(), '0')
      const body = JSON.stringify({
        choiceArguments: transferChoiceArguments(g, g.alice.partyId, g.bob.partyId, '1'),
      })
      const ask = (headers: Record<string, string>) =>
        fetch(`${guarded.url}${FACTORY}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body,
        })
      const refused = await ask({})
      expect(refused.status).toBe(401)
      expect(await refused.json()).toEqual({ error: expect.stringMatching(/Bearer/) })
      expect((await ask({ Authorization: 'Bearer wrong' })).status).toBe(401)
      const served = await ask({ Authorization: 'Bearer scan-proxy-token' })
      expect(served.status).toBe(200)
      expect((await served.json()).factoryId).toBe(g.factoryCid)
    } finally {
      await guarded.stop()
    }
  })
})
