import type { Price } from './PriceProvider.js'

/**
 * The JSON number a provider sent as a `Price`: the shortest decimal that reads back as the same
 * number (what `Number#toString` gives), written without an exponent (`1.23e-8` ->
 * `"0.0000000123"`). So the digits are the provider's, not a float's expansion. Undefined for
 * anything but a finite number >= 0.
 */
export function toPrice(value: unknown): Price | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined
  const text = value.toString()
  const match = /^(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
  if (!match) return text
  const [, whole = '', fraction = '', exponentText = '0'] = match
  const exponent = Number(exponentText)
  const digits = whole + fraction
  // The position of the point within `digits` after applying the exponent.
  const point = whole.length + exponent
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`.replace(/0+$/, '')
  if (point >= digits.length) return digits + '0'.repeat(point - digits.length)
  return `${digits.slice(0, point)}.${digits.slice(point)}`.replace(/\.?0+$/, '')
}
