import { formatEther } from 'viem'

/**
 * Wei as a decimal coin amount, cut (never rounded up) to `maxDecimals` fraction digits with
 * trailing zeros dropped: `9499978999999999999n` -> `"9.499978"`. A non-zero amount too small to
 * show is written as `"< 0.000001"`.
 */
export function formatNative(wei: bigint, maxDecimals = 6): string {
  const [whole, fraction = ''] = formatEther(wei).split('.')
  const cut = fraction.slice(0, maxDecimals).replace(/0+$/, '')
  if (wei > 0n && whole === '0' && !cut) return `< 0.${'0'.repeat(maxDecimals - 1)}1`
  return cut ? `${whole}.${cut}` : `${whole}`
}
