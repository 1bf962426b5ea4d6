import { formatAmount } from '@stratos/chains'

/**
 * An amount as the review shows it, every digit kept (what is signed is exact): `1.5 tUSDC`;
 * with a sign when `signed` (`+1.5`, `-0.1`); in base units when the decimals are unknown.
 */
export function formatEvmAmount(
  value: bigint,
  decimals: number | null,
  symbol: string | null,
  { signed = false }: { signed?: boolean } = {},
): string {
  const sign = value < 0n ? '-' : signed ? '+' : ''
  const magnitude = value < 0n ? -value : value
  const unit = symbol ?? 'tokens'
  if (decimals === null) return `${sign}${magnitude} base units of ${unit}`
  return `${sign}${formatAmount({ value: magnitude, decimals })} ${unit}`
}
