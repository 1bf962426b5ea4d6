import type { HistoryItem } from '../ChainAdapter.js'
import type { EsploraTx } from './esplora.js'

/**
 * What `tx` did to `address`: the sum of its inputs that spent the address's outputs is what the
 * address sent, the sum of outputs to it what it received. Nothing sent: `in`, the amount
 * received, from the first input's address. Something sent and every output back to the address:
 * `self`, the amount moved. Otherwise `out`, to the first other output's address: when every input
 * was the address's, the outputs to others and the fee; in a transaction with others' inputs too
 * (a coinjoin), the net amount that left, the fee share being unknown.
 */
export function bitcoinHistoryItem(tx: EsploraTx, address: string): HistoryItem {
  let sent = 0n
  let ownInputs = 0
  for (const input of tx.vin) {
    if (input.prevout?.scriptpubkey_address === address) {
      sent += BigInt(input.prevout.value)
      ownInputs++
    }
  }
  let received = 0n
  let toOthers = 0n
  let counterparty: string | undefined
  for (const output of tx.vout) {
    if (output.scriptpubkey_address === address) received += BigInt(output.value)
    else {
      toOthers += BigInt(output.value)
      counterparty ??= output.scriptpubkey_address
    }
  }
  const base = {
    txId: tx.txid,
    state: tx.status.confirmed ? ('confirmed' as const) : ('pending' as const),
    ...(tx.status.block_time === undefined ? {} : { time: tx.status.block_time }),
  }
  if (sent === 0n) {
    const from = tx.vin.find((input) => input.prevout?.scriptpubkey_address)?.prevout?.scriptpubkey_address
    return { ...base, direction: 'in', amount: received, ...(from ? { counterparty: from } : {}) }
  }
  const allOwn = ownInputs === tx.vin.length
  const fee = allOwn ? { fee: BigInt(tx.fee) } : {}
  if (toOthers === 0n) return { ...base, direction: 'self', amount: received, ...fee }
  const amount = allOwn ? toOthers : sent > received ? sent - received : 0n
  return { ...base, direction: 'out', amount, ...(counterparty ? { counterparty } : {}), ...fee }
}
