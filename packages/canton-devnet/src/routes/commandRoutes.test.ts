import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

const createFactory = (admin: string, commandId = randomUUID()) => ({
  commandId,
  actAs: [admin],
  commands: [
    {
      CreateCommand: {
        templateId: TokenStandard.transferFactoryTemplateId,
        createArguments: { admin, meta: { values: {} } },
      },
    },
  ],
})

describe('commandRoutes', () => {
  test('behavior: submit-and-wait commits for a hosted party and moves the ledger end', async () => {
    const admin = await client.allocateHostedParty('issuer-a')
    const token = await devnet.tokenFor({ actAs: [admin] })
    const before = (await client.ok('GET', '/v2/state/ledger-end')).offset
    const res = await client.ok('POST', '/v2/commands/submit-and-wait', { token, body: createFactory(admin) })
    expect(res.completionOffset).toBe(before + 1)
    expect(res.updateId).toMatch(/^1220[0-9a-f]{64}$/)
  })

  test('behavior: submit-and-wait-for-transaction returns the created event', async () => {
    const admin = await client.allocateHostedParty('issuer-b')
    const token = await devnet.tokenFor({ actAs: [admin] })
    const res = await client.ok('POST', '/v2/commands/submit-and-wait-for-transaction', {
      token,
      body: { commands: createFactory(admin) },
    })
    const created = res.transaction.events[0].CreatedEvent
    expect(created.templateId).toMatch(/:Stratos\.Devnet\.Token:TestTransferFactory$/)
    expect(created.createArgument).toEqual({ admin, meta: { values: {} } })
    expect(created.signatories).toEqual([admin])
  })

  test('error: a party the JWT may not act as is refused with 403 PERMISSION_DENIED', async () => {
    const admin = await client.allocateHostedParty('issuer-c')
    const other = await client.allocateHostedParty('someone-else')
    const token = await devnet.tokenFor({ actAs: [other], readAs: [admin] })
    const res = await client.call('POST', '/v2/commands/submit-and-wait', {
      token,
      body: createFactory(admin),
    })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('PERMISSION_DENIED')
  })

  test('error: a reused command id is DUPLICATE_COMMAND; missing authorization is DAML_AUTHORIZATION_ERROR', async () => {
    const admin = await client.allocateHostedParty('issuer-d')
    const other = await client.allocateHostedParty('issuer-e')
    const token = await devnet.tokenFor({ actAs: [admin, other] })
    const commandId = randomUUID()
    await client.ok('POST', '/v2/commands/submit-and-wait', { token, body: createFactory(admin, commandId) })
    const dup = await client.call('POST', '/v2/commands/submit-and-wait', {
      token,
      body: createFactory(admin, commandId),
    })
    expect(dup.status).toBe(409)
    expect(dup.body.code).toBe('DUPLICATE_COMMAND')
    // `other` signs a factory whose admin (signatory) is `admin`: not authorized.
    const unauthorized = await client.call('POST', '/v2/commands/submit-and-wait', {
      token,
      body: { ...createFactory(admin), actAs: [other] },
    })
    expect(unauthorized.status).toBe(400)
    expect(unauthorized.body.code).toBe('DAML_AUTHORIZATION_ERROR')
  })

  test('error: unknown templates, bad arguments and external act-as parties are refused', async () => {
    const admin = await client.allocateHostedParty('issuer-f')
    const token = await devnet.tokenFor({ actAs: [admin] })
    const unknown = await client.call('POST', '/v2/commands/submit-and-wait', {
      token,
      body: {
        ...createFactory(admin),
        commands: [{ CreateCommand: { templateId: '#nope:A:B', createArguments: {} } }],
      },
    })
    expect(unknown.status).toBe(404)
    expect(unknown.body.code).toBe('TEMPLATES_OR_INTERFACES_NOT_FOUND')
    const badArg = await client.call('POST', '/v2/commands/submit-and-wait', {
      token,
      body: {
        ...createFactory(admin),
        commands: [
          {
            CreateCommand: {
              templateId: TokenStandard.transferFactoryTemplateId,
              createArguments: { admin },
            },
          },
        ],
      },
    })
    expect(badArg.status).toBe(400)
    expect(badArg.body.code).toBe('COMMAND_PREPROCESSING_FAILED')
    const ext = await client.onboardExternalParty('ext-submitter')
    const extToken = await devnet.tokenFor({ actAs: [ext.partyId] })
    const refused = await client.call('POST', '/v2/commands/submit-and-wait', {
      token: extToken,
      body: createFactory(ext.partyId),
    })
    expect(refused.status).toBe(400)
    expect(refused.body.cause).toMatch(/external party/)
  })
})
