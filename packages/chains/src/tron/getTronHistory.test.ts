import { describe, expect, test } from 'vitest'
import transactionsFixture from './fixtures/trongrid-account-transactions.json' with { type: 'json' }
import trc20Fixture from './fixtures/trongrid-account-trc20.json' with { type: 'json' }
import { getTronHistory } from './getTronHistory.js'
import { normalizeTronAddress } from './tronAddress.js'
import { tronHttp } from './tronHttp.js'

const USDT = { address: 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t', symbol: 'USDT', decimals: 6 }

/** Serves the recorded TronGrid bodies for the two list paths (TronGrid itself is not reachable here). */
function recordedTronGrid(transactions: unknown, trc20: unknown) {
  const asked: string[] = []
  const fetchStub: typeof fetch = async (input) => {
    const url = new URL(String(input))
    asked.push(`${url.pathname}?${url.searchParams}`)
    const body = url.pathname.endsWith('/trc20') ? trc20 : transactions
    return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })
  }
  return { http: tronHttp('https://api.trongrid.io', fetchStub), asked }
}

describe('getTronHistory (recorded TronGrid responses, served by a stub)', () => {
  test('behavior: a recorded TRX transfer out, with the fee its sender burned', async () => {
    const { http } = recordedTronGrid(transactionsFixture.response, { data: [], success: true, meta: {} })
    const me = normalizeTronAddress('41458437be39f3a8bfdbfee7bef93e2c5f632ceff4')
    const page = await getTronHistory(http, me, { limit: 20 })
    expect(page).toEqual({
      items: [
        {
          txId: '8145535b24f71bc592b8ab2d94e91a30d12f74ab33fa4aab2ff2a27b767fc49b',
          direction: 'out',
          amount: 10_000n,
          counterparty: normalizeTronAddress('412efffc7686e54ab669a1cdb1e2cc17cf4b4eca96'),
          fee: 266_000n,
          time: 1756914747,
          state: 'confirmed',
        },
      ],
    })
  })

  test('behavior: recorded TRC-20 transfers both ways, only of the tokens asked, one contract filter', async () => {
    const { http, asked } = recordedTronGrid({ data: [], success: true, meta: {} }, trc20Fixture.response)
    const page = await getTronHistory(http, 'TGJn1wnUYHJbvN88cynZbsAz2EMeZq73yx', {
      tokens: [USDT],
      limit: 20,
    })
    expect(page.nextCursor).toBeUndefined()
    expect(page.items.map((i) => [i.direction, i.token, i.amount, i.counterparty])).toEqual([
      ['out', USDT.address, 10_000n, 'TEFik7dGm6r5Y1Af9mGwnELuJLa1jXDDUB'],
      ['in', USDT.address, 1_067_519n, 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE'],
    ])
    expect(asked).toContain(
      `/v1/accounts/TGJn1wnUYHJbvN88cynZbsAz2EMeZq73yx/transactions/trc20?limit=20&contract_address=${USDT.address}`,
    )
  })

  test('behavior: a full page gives a cursor at its oldest time, skipping what was returned', async () => {
    const { http, asked } = recordedTronGrid({ data: [], success: true, meta: {} }, trc20Fixture.response)
    const first = await getTronHistory(http, 'TGJn1wnUYHJbvN88cynZbsAz2EMeZq73yx', {
      tokens: [USDT],
      limit: 3,
    })
    expect(first.nextCursor).toBe(
      '1755862641000~t.036fd19d19626c2be4010619a365ca8d1e15f6b615585170500c7b25f1932686.TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE.TGJn1wnUYHJbvN88cynZbsAz2EMeZq73yx.1067519',
    )
    await getTronHistory(http, 'TGJn1wnUYHJbvN88cynZbsAz2EMeZq73yx', {
      tokens: [USDT],
      limit: 3,
      ...(first.nextCursor ? { cursor: first.nextCursor } : {}),
    })
    expect(asked.at(-1)).toContain('limit=4&max_timestamp=1755862641000')
  })
})
