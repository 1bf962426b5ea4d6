import { CantonError } from '../CantonError.js'

const SCALE = 10
const ONE = 10n ** BigInt(SCALE)

/**
 * Daml `Decimal` (`Numeric 10`) arithmetic on scaled bigints, so amounts never pass through
 * floating point. `Numeric.parse('1.5')` is `15000000000n`; `Numeric.format` gives Canton's
 * canonical text (`'1.5000000000'`).
 */
export const Numeric = {
  scale: SCALE,
  parse(value: unknown, path = 'value'): bigint {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value
    if (typeof text !== 'string' || !/^-?\d{1,28}(\.\d{0,10})?$/.test(text)) {
      throw new CantonError(
        'COMMAND_PREPROCESSING_FAILED',
        `Expected a Numeric 10 (at most 28 integer and 10 fractional digits) at ${path}, got ${JSON.stringify(value)}`,
      )
    }
    const negative = text.startsWith('-')
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.')
    const scaled = BigInt(whole) * ONE + BigInt(fraction.padEnd(SCALE, '0') || '0')
    return negative ? -scaled : scaled
  },
  format(scaled: bigint): string {
    const negative = scaled < 0n
    const abs = negative ? -scaled : scaled
    const whole = abs / ONE
    const fraction = (abs % ONE).toString().padStart(SCALE, '0')
    return `${negative ? '-' : ''}${whole}.${fraction}`
  },
}
