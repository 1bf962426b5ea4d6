import { formatAmount } from '../amount/formatAmount.js'
import type { FeeDetail } from '../ChainAdapter.js'

/** The fee lines of the review: gas limit, and the fee caps per gas in gwei. */
export function formatFeeDetails(
  gas: bigint,
  maxFeePerGas: bigint,
  maxPriorityFeePerGas: bigint,
): FeeDetail[] {
  return [
    { label: 'Gas limit', value: gas.toLocaleString('en-US') },
    { label: 'Max fee per gas', value: gwei(maxFeePerGas) },
    { label: 'Priority fee per gas', value: gwei(maxPriorityFeePerGas) },
  ]
}

/** Four digits after the point from 1 gwei up; every digit below (L2 fees are often < 0.01 gwei). */
function gwei(wei: bigint): string {
  const maxFractionDigits = wei >= 1_000_000_000n ? 4 : 9
  return `${formatAmount({ value: wei, decimals: 9, maxFractionDigits })} gwei`
}
