/** Daml `Numeric 10`: amounts as integers of 10^-10 units, so sums are exact. */
const SCALE = 10n ** 10n

/** `'12.5'` -> 125000000000n; throws on anything but a plain non-negative decimal of at most 10 places. */
export function parseDecimal(text: string): bigint {
  const match = /^(\d+)(?:\.(\d{1,10}))?$/.exec(text.trim())
  if (!match) throw new Error(`"${text}" is not an amount (digits, at most 10 decimals)`)
  return BigInt(match[1]!) * SCALE + BigInt((match[2] ?? '').padEnd(10, '0'))
}

/** 125000000000n -> `'12.5'`. */
export function formatDecimal(units: bigint): string {
  const whole = units / SCALE
  const fraction = (units % SCALE).toString().padStart(10, '0').replace(/0+$/, '')
  return fraction ? `${whole}.${fraction}` : whole.toString()
}
