import { formatAmount as formatUnits, parseAmount } from '@stratos/chains'

/** Canton token-standard amounts are Daml `Numeric 10`: base units of 10^-10. */
const DAML_DECIMALS = 10

/**
 * A Daml decimal for display, in its shortest form (`"100.0000000000"` -> `"100"`). Throws
 * ChainsError `INVALID_AMOUNT` for anything that is not a decimal, `AMOUNT_PRECISION` past 10 decimals.
 */
export function formatAmount(amount: string): string {
  return formatUnits({ value: parseAmount({ amount, decimals: DAML_DECIMALS }), decimals: DAML_DECIMALS })
}

/**
 * True when two decimal strings denote the same Daml amount (`"25"` and `"25.0000000000"`). An
 * amount that is not a Daml decimal equals nothing: a prepared transaction carrying one is refused.
 */
export function sameAmount(a: string, b: string): boolean {
  try {
    return (
      parseAmount({ amount: a, decimals: DAML_DECIMALS }) ===
      parseAmount({ amount: b, decimals: DAML_DECIMALS })
    )
  } catch {
    return false
  }
}
