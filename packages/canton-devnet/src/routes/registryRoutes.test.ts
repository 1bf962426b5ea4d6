import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'
import { expectMatchesSpec } from '../testing/expectMatchesSpec.js'
import { setupTokenScenario, type TokenScenario } from '../testing/tokenScenario.js'

let devnet: CantonDevnet
let client: DevnetTestClient
let s: TokenScenario
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
  s = await setupTokenScenario(client, '0')
})
afterAll(() => devnet.stop())

async function post(path: string, body: unknown) {
  const res = await fetch(`${devnet.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = await res.json()
  const template = path.replace(
    /v1\/[0-9a-f]+\/choice-contexts/,
    'v1/{transferInstructionId}/choice-contexts',
  )
  expectMatchesSpec(template, 'POST', res.status, json, 'transferInstruction')
  return { status: res.status, body: json }
}

describe('registryRoutes (token standard transfer-instruction API)', () => {
  test('behavior: the transfer factory of an admin, with the factory contract to disclose', async () => {
    const res = await post('/registry/transfer-instruction/v1/transfer-factory', {
      choiceArguments: {
        expectedAdmin: s.admin,
        transfer: { sender: s.alice.partyId, receiver: s.bob.partyId },
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.factoryId).toBe(s.factoryCid)
    expect(res.body.transferKind).toBe('offer')
    expect(res.body.choiceContext.disclosedContracts[0]).toEqual(
      expect.objectContaining({ contractId: s.factoryCid, synchronizerId: devnet.synchronizerId }),
    )
  })

  test('error: an admin without a factory, a bad request and an unknown instruction', async () => {
    expect(
      (
        await post('/registry/transfer-instruction/v1/transfer-factory', {
          choiceArguments: { expectedAdmin: s.bob.partyId },
        })
      ).status,
    ).toBe(404)
    expect(
      (await post('/registry/transfer-instruction/v1/transfer-factory', { choiceArguments: {} })).status,
    ).toBe(400)
    expect(
      (await post(`/registry/transfer-instruction/v1/${'00'.repeat(33)}/choice-contexts/accept`, {})).status,
    ).toBe(404)
  })
})
