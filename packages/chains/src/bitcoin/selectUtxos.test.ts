import { describe, expect, test } from 'vitest'
import { p2wpkhVsize } from './p2wpkhVsize.js'
import { feeFor, type SpendableUtxo, selectUtxos } from './selectUtxos.js'

const utxo = (txid: string, value: bigint, confirmed = true): SpendableUtxo => ({
  txid: txid.repeat(64).slice(0, 64),
  vout: 0,
  value,
  confirmed,
})
const RATE = 2000n // 2 sat/vB

describe('p2wpkhVsize', () => {
  test('behavior: one P2WPKH input to two P2WPKH outputs is 141 vB, one output 110 vB', () => {
    // 141 vB is the size wallets quote for a 1-in 2-out P2WPKH spend with a 72-byte signature.
    expect(p2wpkhVsize(1, [31, 31])).toBe(141)
    expect(p2wpkhVsize(1, [31])).toBe(110)
    expect(p2wpkhVsize(2, [43, 31])).toBe(221)
  })
})

describe('selectUtxos', () => {
  test('behavior: confirmed outputs first, largest first, change back when not dust', () => {
    const result = selectUtxos({
      utxos: [utxo('a', 5_000n), utxo('b', 80_000n, false), utxo('c', 60_000n), utxo('d', 20_000n)],
      amount: 70_000n,
      recipientVsize: 31,
      feeRateMsatPerVb: RATE,
    })
    expect(result.inputs.map((i) => i.txid[0])).toEqual(['c', 'd'])
    expect(result.vsize).toBe(p2wpkhVsize(2, [31, 31]))
    expect(result.fee).toBe(feeFor(result.vsize, RATE))
    expect(result.change).toBe(80_000n - 70_000n - result.fee)
    expect(result.dustAddedToFee).toBe(0n)
  })

  test('behavior: own pending change is used once the confirmed outputs run out', () => {
    const result = selectUtxos({
      utxos: [utxo('a', 10_000n), utxo('b', 50_000n, false)],
      amount: 30_000n,
      recipientVsize: 31,
      feeRateMsatPerVb: RATE,
    })
    expect(result.inputs.map((i) => [i.txid[0], i.confirmed])).toEqual([
      ['a', true],
      ['b', false],
    ])
  })

  test('behavior: change below the dust limit is added to the fee, not created', () => {
    // 1 input: 220 sat without change (110 vB), 282 with (141 vB); 100 sat left over is dust.
    const result = selectUtxos({
      utxos: [utxo('a', 10_000n)],
      amount: 10_000n - 220n - 100n,
      recipientVsize: 31,
      feeRateMsatPerVb: RATE,
    })
    expect(result.change).toBeUndefined()
    expect(result.fee).toBe(320n)
    expect(result.dustAddedToFee).toBe(100n)
    expect(result.vsize).toBe(110)
  })

  test('behavior: a fractional fee rate rounds the fee up', () => {
    expect(feeFor(141, 1500n)).toBe(212n)
    expect(feeFor(141, 1001n)).toBe(142n)
  })

  test('error: more than the outputs hold is INSUFFICIENT_FUNDS', () => {
    expect(() =>
      selectUtxos({ utxos: [utxo('a', 1_000n)], amount: 2_000n, recipientVsize: 31, feeRateMsatPerVb: RATE }),
    ).toThrow(
      expect.objectContaining({
        code: 'INSUFFICIENT_FUNDS',
        shortMessage: expect.stringContaining('2,000 sat asked'),
      }),
    )
  })

  test('error: the amount fits but not with the fee is INSUFFICIENT_FUNDS_FOR_FEE, naming the most to send', () => {
    expect(() =>
      selectUtxos({
        utxos: [utxo('a', 10_000n)],
        amount: 9_900n,
        recipientVsize: 31,
        feeRateMsatPerVb: RATE,
      }),
    ).toThrow(
      expect.objectContaining({
        code: 'INSUFFICIENT_FUNDS_FOR_FEE',
        shortMessage: expect.stringContaining('Send at most 9,780 sat'),
      }),
    )
  })
})
