import { describe, expect, test } from 'vitest'
import { ApiError } from '../errors.js'
import {
  createTokenRegistry,
  EMPTY_EXTRA_ARGS,
  type TransferFactoryChoiceArguments,
} from './tokenRegistry.js'

// The happy paths run against canton-devnet's registry (features/canton/canton.test.ts); these
// answer from a stand-in registry (an injected fetch) what the devnet never sends: answers off the
// token standard's shape.
const ARGS: TransferFactoryChoiceArguments = {
  expectedAdmin: 'registry::1220ab',
  transfer: {
    sender: 'alice::1220aa',
    receiver: 'bob::1220bb',
    amount: '1',
    instrumentId: { admin: 'registry::1220ab', id: 'USDX' },
    requestedAt: '2026-12-03T00:00:00Z',
    executeBefore: '2026-12-04T00:00:00Z',
    inputHoldingCids: ['00aa'],
    meta: { values: {} },
  },
  extraArgs: EMPTY_EXTRA_ARGS,
}

/** A stand-in registry answering `body` with `status`; records what it was asked. */
function standIn(status: number, body: unknown) {
  const asked: Request[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    asked.push(new Request(input, init))
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status })
  }) as typeof globalThis.fetch
  return { asked, fetch }
}

const disclosed = { templateId: 't', contractId: 'c', createdEventBlob: 'b', synchronizerId: 's' }

describe('createTokenRegistry (stand-in registry)', () => {
  test('behavior: posts the full arguments with the bearer token; keeps only what the standard defines', async () => {
    const registry = standIn(200, {
      factoryId: 'f',
      transferKind: 'direct',
      choiceContext: {
        choiceContextData: { values: { k: { tag: 'AV_Text', value: 'v' } } },
        disclosedContracts: [{ ...disclosed, debugPackageName: 'x', debugPayload: {} }],
      },
    })
    const client = createTokenRegistry({
      url: 'https://v.example/api/validator/v0/scan-proxy/',
      token: 'tok',
      fetch: registry.fetch,
    })
    expect(await client.transferFactory(ARGS)).toEqual({
      factoryId: 'f',
      transferKind: 'direct',
      choiceContext: {
        choiceContextData: { values: { k: { tag: 'AV_Text', value: 'v' } } },
        disclosedContracts: [disclosed],
      },
    })
    const [request] = registry.asked
    expect(request?.url).toBe(
      'https://v.example/api/validator/v0/scan-proxy/registry/transfer-instruction/v1/transfer-factory',
    )
    expect(request?.headers.get('Authorization')).toBe('Bearer tok')
    expect(await request?.json()).toEqual({ choiceArguments: ARGS, excludeDebugFields: true })
  })

  test('error: an answer off the standard’s shape, or not JSON, is 502 CANTON_REGISTRY_ERROR', async () => {
    for (const body of [
      { factoryId: 'f', choiceContext: { choiceContextData: { values: {} }, disclosedContracts: [] } },
      {
        factoryId: 'f',
        transferKind: 'later',
        choiceContext: { choiceContextData: { values: {} }, disclosedContracts: [] },
      },
      { factoryId: 'f', transferKind: 'offer', choiceContext: { disclosedContracts: [] } },
      'not json',
    ]) {
      const client = createTokenRegistry({
        url: 'https://r.example',
        token: undefined,
        fetch: standIn(200, body).fetch,
      })
      const error = await client.transferFactory(ARGS).catch((e: unknown) => e)
      expect(error, JSON.stringify(body)).toBeInstanceOf(ApiError)
      expect(error).toMatchObject({ status: 502, code: 'CANTON_REGISTRY_ERROR' })
    }
  })

  test('error: a refusal keeps the registry’s reason; 404 stays 404; no URL is 503', async () => {
    const refused = createTokenRegistry({
      url: 'https://r.example',
      token: undefined,
      fetch: standIn(400, { error: "the key 'extraArgs' is required" }).fetch,
    })
    await expect(refused.transferFactory(ARGS)).rejects.toMatchObject({
      status: 502,
      message: expect.stringContaining("the key 'extraArgs' is required"),
    })
    const missing = createTokenRegistry({
      url: 'https://r.example',
      token: undefined,
      fetch: standIn(404, { error: 'no' }).fetch,
    })
    await expect(missing.instructionChoiceContext('00ab', 'accept')).rejects.toMatchObject({
      status: 404,
      code: 'CANTON_NOT_FOUND',
    })
    const none = createTokenRegistry({ url: undefined, token: undefined })
    await expect(none.transferFactory(ARGS)).rejects.toMatchObject({
      status: 503,
      code: 'CANTON_REGISTRY_NOT_CONFIGURED',
    })
  })
})
