import type { CantonPreparedResponse, CantonPreparedTransferResponse, MeResponse } from '@stratos/schemas'
import { afterEach, describe, expect, expectTypeOf, test, vi } from 'vitest'
import { ApiRequestError } from './AppError'
import { api } from './api'

/** What the client sent, answered by a stand-in for the server (the e2e suite runs the real one). */
function answer(status: number, body: unknown) {
  const sent: { url: string; init: RequestInit }[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return new Response(body === undefined ? null : JSON.stringify(body), { status })
  })
  return sent
}

const prepared: CantonPreparedResponse = {
  preparedTransaction: 'AA==',
  preparedTransactionHash: 'AA==',
  hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
}

describe('api', () => {
  afterEach(() => vi.unstubAllGlobals())

  test('types: requests and answers are typed by the route contract', () => {
    expectTypeOf(api.me).returns.resolves.toEqualTypeOf<MeResponse | null>()
    expectTypeOf(api.canton.prepareTransfer).returns.resolves.toEqualTypeOf<CantonPreparedTransferResponse>()
    // @ts-expect-error: the contract names the field `receiver`; a misspelt field does not compile
    const misspelt = () => api.canton.prepareTransfer({ reciever: 'a::1220', amount: '1' })
    // @ts-expect-error: an action the contract does not list does not compile
    const unknownAction = () => api.canton.prepareInstruction('cid', 'cancel')
    expect([misspelt, unknownAction]).toHaveLength(2)
  })

  test('behavior: path parameters are encoded into the contract path, queries appended, bodies sent as JSON', async () => {
    const sent = answer(200, prepared)
    await api.canton.prepareInstruction('00ab/cd', 'withdraw')
    expect(sent[0]?.url).toBe('/api/canton/instructions/00ab%2Fcd/withdraw/prepare')
    expect(sent[0]?.init.method).toBe('POST')

    const history = answer(200, { partyId: 'p', items: [], nextBefore: null })
    await api.canton.history({ limit: 5, before: undefined })
    expect(history[0]?.url).toBe('/api/canton/history?limit=5')

    const transfer = answer(200, { ...prepared, transferKind: 'offer' })
    await api.canton.prepareTransfer({ receiver: 'b::1220', amount: '2.5' })
    expect(transfer[0]?.init.headers).toEqual({ 'content-type': 'application/json' })
    expect(JSON.parse(String(transfer[0]?.init.body))).toEqual({ receiver: 'b::1220', amount: '2.5' })
  })

  test('error: an answer that does not match the contract is BAD_RESPONSE, an error body keeps its code', async () => {
    answer(200, { preparedTransaction: 1 })
    await expect(api.canton.prepareTransfer({ receiver: 'b::1220', amount: '1' })).rejects.toMatchObject({
      code: 'BAD_RESPONSE',
    })
    answer(409, { code: 'CANTON_NOT_ONBOARDED', message: 'You have no Canton party yet' })
    const error = await api.canton.holdings().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiRequestError)
    expect(error).toMatchObject({ status: 409, code: 'CANTON_NOT_ONBOARDED' })
  })

  test('behavior: a 204 route resolves without a body; me() is null without a session', async () => {
    answer(204, undefined)
    await expect(api.logout()).resolves.toBeUndefined()
    answer(401, { code: 'UNAUTHENTICATED', message: 'Sign in first' })
    await expect(api.me()).resolves.toBeNull()
  })
})
