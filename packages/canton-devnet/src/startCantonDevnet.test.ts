import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sign } from 'hono/jwt'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from './startCantonDevnet.js'
import { buildTestDar } from './testing/buildDar.js'
import { DevnetTestClient } from './testing/DevnetTestClient.js'
import { holdingsOf, setupTokenScenario } from './testing/tokenScenario.js'

describe('startCantonDevnet', () => {
  let devnet: CantonDevnet
  let client: DevnetTestClient
  beforeAll(async () => {
    devnet = await startCantonDevnet()
    client = await new DevnetTestClient(devnet).init()
  })
  afterAll(() => devnet.stop())

  test('behavior: serves version (no token needed), ledger end, participant id and the connected synchronizer', async () => {
    const version = await client.ok('GET', '/v2/version', { token: null })
    expect(version.version).toMatch(/^3\.5/)
    expect((await client.ok('GET', '/v2/state/ledger-end')).offset).toBeGreaterThanOrEqual(0)
    expect((await client.ok('GET', '/v2/parties/participant-id')).participantId).toBe(devnet.participantId)
    const sync = await client.ok('GET', '/v2/state/connected-synchronizers')
    expect(sync.connectedSynchronizers[0].synchronizerId).toBe(devnet.synchronizerId)
  })

  test('error: a missing, forged or scope-less token is 401 UNAUTHENTICATED', async () => {
    const forged = await sign(
      { sub: 'participant_admin', scope: 'daml_ledger_api' },
      'not-the-secret',
      'HS256',
    )
    const noScope = await sign({ sub: 'participant_admin' }, devnet.jwtSecret, 'HS256')
    for (const token of [null, 'garbage', forged, noScope]) {
      const res = await client.call('GET', '/v2/parties', { token })
      expect(res.status).toBe(401)
      expect(res.body.code).toBe('UNAUTHENTICATED')
    }
  })

  test('error: a token of an unknown user, or without admin rights for an admin endpoint, is 403', async () => {
    const unknown = await sign({ sub: 'ghost', scope: 'daml_ledger_api' }, devnet.jwtSecret, 'HS256')
    expect((await client.call('GET', '/v2/parties', { token: unknown })).status).toBe(403)
    const plain = await devnet.tokenFor('plain-user')
    const res = await client.call('POST', '/v2/parties', { token: plain, body: { partyIdHint: 'x' } })
    expect(res.status).toBe(403)
    expect(res.body.code).toBe('PERMISSION_DENIED')
  })

  test('error: malformed JSON and wrongly typed fields are 400 with a JsCantonError body, never a crash', async () => {
    const res = await fetch(`${devnet.url}/v2/commands/submit-and-wait`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${client.adminToken}`, 'Content-Type': 'application/json' },
      body: '{"commands": [',
    })
    expect(res.status).toBe(400)
    expect((await res.json()).code).toBe('INVALID_ARGUMENT')
    const typed = await client.call('POST', '/v2/state/active-contracts', {
      body: { activeAtOffset: 'x', filter: 3 },
    })
    expect(typed.status).toBe(400)
    const nonsense = await client.call('POST', '/v2/commands/submit-and-wait', {
      body: { commandId: 'c', actAs: 'me', commands: {} },
    })
    expect(nonsense.status).toBe(400)
  })

  test('behavior: an unknown route answers 404 with a JsCantonError body', async () => {
    const res = await fetch(`${devnet.url}/v2/nothing-here`, {
      headers: { Authorization: `Bearer ${client.adminToken}` },
    })
    expect(res.status).toBe(404)
    expect((await res.json()).code).toBe('NOT_FOUND')
  })
})

describe('startCantonDevnet with a data folder', () => {
  test('behavior: stop and start on the same folder keeps parties, users, packages, contracts, offsets and the JWT secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'canton-devnet-'))
    try {
      const first = await startCantonDevnet({ dataDir })
      const c1 = await new DevnetTestClient(first).init()
      const s = await setupTokenScenario(c1)
      const packageId = 'ab'.repeat(32)
      await c1.ok('POST', '/v2/packages', { raw: buildTestDar('persisted-pkg', '1.0.0', packageId) })
      const end = (await c1.ok('GET', '/v2/state/ledger-end')).offset
      const identity = {
        participantId: first.participantId,
        synchronizerId: first.synchronizerId,
        jwtSecret: first.jwtSecret,
      }
      await first.stop()

      const second = await startCantonDevnet({ dataDir })
      try {
        expect({
          participantId: second.participantId,
          synchronizerId: second.synchronizerId,
          jwtSecret: second.jwtSecret,
        }).toEqual(identity)
        const c2 = await new DevnetTestClient(second).init()
        const parties = (await c2.ok('GET', '/v2/parties')).partyDetails.map(
          (p: { party: string }) => p.party,
        )
        expect(parties).toEqual(expect.arrayContaining([s.admin, s.alice.partyId, s.bob.partyId]))
        expect((await c2.ok('GET', '/v2/packages')).packageIds).toContain(packageId)
        expect((await c2.ok('GET', '/v2/state/ledger-end')).offset).toBe(end)
        // A token issued before the restart still works, and the contracts are still there.
        const holdings = await holdingsOf(c2, s.operatorToken, s.alice.partyId)
        expect(holdings.map((h) => h.view.amount)).toEqual(['100.0000000000'])
        // And the ledger goes on: hosted commands still run after the restart.
        await c2.ok('POST', '/v2/commands/submit-and-wait', {
          token: s.adminToken,
          body: {
            commandId: randomUUID(),
            actAs: [s.admin],
            commands: [
              {
                ExerciseCommand: {
                  templateId: '#stratos-devnet-token:Stratos.Devnet.Token:TestTransferFactory',
                  contractId: s.factoryCid,
                  choice: 'Mint',
                  choiceArgument: { owner: s.bob.partyId, instrumentId: 'USDX', amount: '1' },
                },
              },
            ],
          },
        })
        expect((await c2.ok('GET', '/v2/state/ledger-end')).offset).toBe(end + 1)
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
