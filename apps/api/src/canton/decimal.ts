/** Daml `Numeric 10` amounts as fixed-point bigints (10 decimals), without floating point. */
const SCALE = 10

/** `"25"`, `"0.5"`, `"100.0000000000"` -> units of 10^-10. Throws on anything else. */
export function parseDecimal(value: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,10}))?$/.exec(value)
  if (!match) throw new Error(`not a decimal with at most ${SCALE} decimals: ${value}`)
  const units = BigInt(match[2]! + (match[3] ?? '').padEnd(SCALE, '0'))
  return match[1] ? -units : units
}

/** Units of 10^-10 -> the shortest decimal string (`"25"`, `"0.5"`). */
export function formatDecimal(units: bigint): string {
  const negative = units < 0n
  const digits = (negative ? -units : units).toString().padStart(SCALE + 1, '0')
  const whole = digits.slice(0, -SCALE)
  const fraction = digits.slice(-SCALE).replace(/0+$/, '')
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`
}
