import { formatAmount, parseAmount } from '@stratos/chains'

/** Canton token-standard amounts are Daml `Numeric 10`: base units of 10^-10. */
const DAML_DECIMALS = 10

/** `"25"`, `"0.5"`, `"100.0000000000"` -> units of 10^-10 (ChainsError INVALID_AMOUNT or AMOUNT_PRECISION otherwise). */
export function parseDecimal(value: string): bigint {
  return parseAmount({ amount: value, decimals: DAML_DECIMALS })
}

/** Units of 10^-10 -> the shortest decimal string (`"25"`, `"0.5"`). */
export function formatDecimal(units: bigint): string {
  return formatAmount({ value: units, decimals: DAML_DECIMALS })
}
