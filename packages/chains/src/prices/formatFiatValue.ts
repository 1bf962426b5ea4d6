import type { FiatValue } from './fiatValue.js'

export interface FormatFiatValueOptions {
  /** BCP 47 locale of the digits and separators; default the runtime's. */
  locale?: string | undefined
}

/** What a value without a price reads as. */
export const FIAT_UNAVAILABLE = 'unavailable'

/** Digits after the point for a currency code that is not an ISO 4217 currency (`btc`, `eth`). */
const NON_ISO_FRACTION_DIGITS = 8

/**
 * A value for display, formatted once: rounded half up to the currency's minor unit (2 for USD,
 * 0 for JPY; 8 for a code that is not an ISO currency, such as `btc`) and written by
 * `Intl.NumberFormat` from the exact decimal text (`"$1,234.57"`). A positive value that rounds to
 * nothing reads `"< $0.01"`; null (no price) reads {@link FIAT_UNAVAILABLE}.
 */
export function formatFiatValue(
  value: FiatValue | null,
  currency: string,
  { locale }: FormatFiatValueOptions = {},
): string {
  if (value === null) return FIAT_UNAVAILABLE
  const code = currency.toUpperCase()
  const iso = Intl.supportedValuesOf('currency').includes(code)
  const format = new Intl.NumberFormat(
    locale,
    iso
      ? { style: 'currency', currency: code }
      : {
          style: 'currency',
          currency: code,
          minimumFractionDigits: 2,
          maximumFractionDigits: NON_ISO_FRACTION_DIGITS,
        },
  )
  const digits = iso ? (format.resolvedOptions().maximumFractionDigits ?? 2) : NON_ISO_FRACTION_DIGITS
  const rounded = roundHalfUp(value, digits)
  if (rounded === 0n && value.units > 0n) return `< ${format.format(decimalText(1n, digits))}`
  return format.format(decimalText(rounded, digits))
}

/** `value` in units of 10^-digits, rounded half up. */
function roundHalfUp({ units, scale }: FiatValue, digits: number): bigint {
  if (scale <= digits) return units * 10n ** BigInt(digits - scale)
  const divisor = 10n ** BigInt(scale - digits)
  const quotient = units / divisor
  return (units % divisor) * 2n >= divisor ? quotient + 1n : quotient
}

/** `units / 10^digits` as decimal text, which Intl.NumberFormat reads exactly (no float on the way). */
function decimalText(units: bigint, digits: number): Intl.StringNumericLiteral {
  const text = units.toString().padStart(digits + 1, '0')
  return (
    digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`
  ) as Intl.StringNumericLiteral
}
