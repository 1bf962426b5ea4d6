import { formatAmount } from '@stratos/chains'

/** Decimals of the EVM native coin (ETH and every chain configured here). */
const NATIVE_DECIMALS = 18

/**
 * Wei as a decimal coin amount, cut (never rounded up) to `maxDecimals` fraction digits with
 * trailing zeros dropped: `9499978999999999999n` -> `"9.499978"`. A non-zero amount too small to
 * show is written as `"< 0.000001"`, never as zero.
 */
export function formatNative(wei: bigint, maxDecimals = 6): string {
  const shown = formatAmount({ value: wei, decimals: NATIVE_DECIMALS, maxFractionDigits: maxDecimals })
  if (wei > 0n && shown === '0') return `< ${formatAmount({ value: 1n, decimals: maxDecimals })}`
  return shown
}
