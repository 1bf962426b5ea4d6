import { ChainsError } from '../ChainsError.js'
import { p2wpkhVsize } from './p2wpkhVsize.js'

/** A spendable output of the sender, as coin selection sees it. */
export interface SpendableUtxo {
  txid: string
  vout: number
  value: bigint
  /** Confirmed, or the unconfirmed change of the sender's own transaction. */
  confirmed: boolean
}

export interface SelectUtxosParameters {
  utxos: readonly SpendableUtxo[]
  amount: bigint
  /** vbytes of the recipient's output. */
  recipientVsize: number
  /** Fee rate in millisatoshi per vbyte (integer, so the arithmetic stays in bigint). */
  feeRateMsatPerVb: bigint
  /** Change is P2WPKH back to the sender: 31 vbytes, dust below 294 sat. */
  changeVsize?: number
  changeDustLimit?: bigint
}

export interface SelectUtxosReturnType {
  inputs: SpendableUtxo[]
  /** Absent when the change would be dust: then it is part of `fee`. */
  change?: bigint
  fee: bigint
  /** Of `fee`, what was change below the dust limit, added to the fee rather than created. */
  dustAddedToFee: bigint
  vsize: number
}

/** ceil(vsize x rate / 1000) sat. */
export function feeFor(vsize: number, feeRateMsatPerVb: bigint): bigint {
  return (BigInt(vsize) * feeRateMsatPerVb + 999n) / 1000n
}

/**
 * Largest-first coin selection: confirmed outputs by value descending, then the sender's own
 * unconfirmed change by value descending, added one at a time until they pay the amount and the
 * fee. With each added input it first tries a transaction with change (the change at least the
 * dust limit); failing that, one without change whose excess over the fee is below the dust limit
 * and goes to the fee (`dustAddedToFee`). Throws `INSUFFICIENT_FUNDS` when the outputs do not
 * cover the amount, `INSUFFICIENT_FUNDS_FOR_FEE` when they cover it but not the fee too.
 */
export function selectUtxos(parameters: SelectUtxosParameters): SelectUtxosReturnType {
  const { amount, recipientVsize, feeRateMsatPerVb, changeVsize = 31, changeDustLimit = 294n } = parameters
  const byValue = (a: SpendableUtxo, b: SpendableUtxo) =>
    a.value === b.value ? 0 : a.value > b.value ? -1 : 1
  const ordered = [
    ...parameters.utxos.filter((u) => u.confirmed).sort(byValue),
    ...parameters.utxos.filter((u) => !u.confirmed).sort(byValue),
  ]
  const inputs: SpendableUtxo[] = []
  let total = 0n
  for (const utxo of ordered) {
    inputs.push(utxo)
    total += utxo.value
    const vsizeWithChange = p2wpkhVsize(inputs.length, [recipientVsize, changeVsize])
    const feeWithChange = feeFor(vsizeWithChange, feeRateMsatPerVb)
    const change = total - amount - feeWithChange
    if (change >= changeDustLimit)
      return { inputs, change, fee: feeWithChange, dustAddedToFee: 0n, vsize: vsizeWithChange }
    const vsize = p2wpkhVsize(inputs.length, [recipientVsize])
    const fee = feeFor(vsize, feeRateMsatPerVb)
    if (total - amount >= fee)
      return { inputs, fee: total - amount, dustAddedToFee: total - amount - fee, vsize }
  }
  const sats = (n: bigint) => `${n.toLocaleString('en-US')} sat`
  if (total < amount)
    throw new ChainsError(
      'INSUFFICIENT_FUNDS',
      `Not enough bitcoin: ${sats(amount)} asked, ${sats(total)} spendable. Send less or add funds.`,
      { details: 'Spendable: confirmed outputs and the change of your own pending transactions.' },
    )
  const fee = feeFor(p2wpkhVsize(ordered.length, [recipientVsize]), feeRateMsatPerVb)
  throw new ChainsError(
    'INSUFFICIENT_FUNDS_FOR_FEE',
    `Not enough bitcoin for the network fee: ${sats(amount)} plus a fee of about ${sats(fee)} is more than the ${sats(total)} spendable. Send at most ${sats(total - fee > 0n ? total - fee : 0n)}.`,
  )
}
