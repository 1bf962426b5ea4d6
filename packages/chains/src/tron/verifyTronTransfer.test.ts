import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import createFixture from './fixtures/createtransaction.json' with { type: 'json' }
import triggerFixture from './fixtures/triggersmartcontract.json' with { type: 'json' }
import { normalizeTronAddress } from './tronAddress.js'
import { decodeRawData } from './tronProtobuf.js'
import { verifyTronTransfer } from './verifyTronTransfer.js'

// The recorded Nile transactions (fixtures/*.json): 1 TRX, and a TRC-20 transfer of 100 units.
const transfer = decodeRawData(hexToBytes(createFixture.response.raw_data_hex))
const trc20 = decodeRawData(hexToBytes(triggerFixture.response.transaction.raw_data_hex))
const from = normalizeTronAddress(createFixture.request.owner_address)
const to = normalizeTronAddress(createFixture.request.to_address)
const builtAt = createFixture.response.raw_data.timestamp
const token = {
  address: normalizeTronAddress(triggerFixture.request.contract_address),
  symbol: 'T',
  decimals: 6,
}
const tokenTo = normalizeTronAddress('41088a2bfcb1c7271029fd69a66859d55560895884')

describe('verifyTronTransfer', () => {
  test('behavior: the transfers java-tron built for these requests pass', () => {
    expect(() =>
      verifyTronTransfer({ raw: transfer, request: { from, to, amount: 1_000_000n }, now: builtAt }),
    ).not.toThrow()
    expect(() =>
      verifyTronTransfer({
        raw: trc20,
        request: { from, to: tokenTo, amount: 100n, token },
        maxFeeLimit: 100_000_000n,
      }),
    ).not.toThrow()
  })

  test('error: another amount, recipient, asset or contract is TRANSACTION_REJECTED with what differs', () => {
    const cases: [Parameters<typeof verifyTronTransfer>[0], RegExp][] = [
      [{ raw: transfer, request: { from, to, amount: 999_999n } }, /amount 1000000/],
      [{ raw: transfer, request: { from, to: tokenTo, amount: 1_000_000n } }, /recipient/],
      [{ raw: transfer, request: { from: to, to: from, amount: 1_000_000n } }, /owner/],
      [{ raw: transfer, request: { from, to, amount: 1_000_000n, token } }, /contract type TransferContract/],
      [{ raw: trc20, request: { from, to, amount: 100n, token } }, /call data/],
      [{ raw: trc20, request: { from, to: tokenTo, amount: 101n, token } }, /call data/],
      [
        { raw: trc20, request: { from, to: tokenTo, amount: 100n, token }, maxFeeLimit: 99_999_999n },
        /fee_limit/,
      ],
      [{ raw: trc20, request: { from, to: tokenTo, amount: 100n } }, /contract type TriggerSmartContract/],
    ]
    for (const [parameters, difference] of cases)
      expect(() => verifyTronTransfer(parameters)).toThrow(
        expect.objectContaining({ code: 'TRANSACTION_REJECTED', details: expect.stringMatching(difference) }),
      )
  })

  test('error: an expiration beyond 24 h (a long replay window) is refused', () => {
    const now = builtAt - 2 * 86_400_000
    expect(() =>
      verifyTronTransfer({ raw: transfer, request: { from, to, amount: 1_000_000n }, now }),
    ).toThrow(/expiration/)
  })
})
