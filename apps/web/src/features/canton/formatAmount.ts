/** A Daml decimal for display: trailing zeros dropped (`"100.0000000000"` -> `"100"`). */
export function formatAmount(amount: string): string {
  if (!amount.includes('.')) return amount
  return amount.replace(/0+$/, '').replace(/\.$/, '')
}

/** True when two decimal strings denote the same amount (`"25"` and `"25.0000000000"`). */
export function sameAmount(a: string, b: string): boolean {
  const normalize = (v: string) => formatAmount(v.trim()).replace(/^0+(?=\d)/, '')
  return normalize(a) === normalize(b)
}
