import type { Identifier, Value } from '@canton-network/core-ledger-proto'

/**
 * Readers for Daml values in a prepared transaction (`com.daml.ledger.api.v2.Value`). Each throws
 * `ShapeError` when the value is not of the expected kind, so a summarizer can fall back to
 * "unknown" instead of showing a guess. Internal to the package.
 */
export class ShapeError extends Error {
  override name = 'ShapeError'
}

/** `packageId:Module.Name:Entity`, the Ledger API's string form of an identifier ('' when absent). */
export function identifierToString(id: Identifier | undefined): string {
  return id ? `${id.packageId}:${id.moduleName}:${id.entityName}` : ''
}

/**
 * Field of a record value. By `label` when the record carries labels (Canton fills them in
 * prepared transactions); by `position` only where the label is empty (proto3 default: an encoder
 * that omits labels), following the order in which the Daml record declares its fields. A record
 * whose labels do not include `label` is another shape and throws.
 */
export function field(value: Value | undefined, label: string, position: number): Value {
  if (value?.sum.oneofKind !== 'record') throw new ShapeError(`${label}: the enclosing value is not a record`)
  const fields = value.sum.record.fields
  const byLabel = fields.find((f) => f.label === label)
  if (byLabel?.value) return byLabel.value
  const atPosition = fields[position]
  if (atPosition && atPosition.label === '' && atPosition.value) return atPosition.value
  throw new ShapeError(`record has no field ${label}`)
}

/** True when the value is a record that has a field labelled `label`. */
export function hasField(value: Value | undefined, label: string): boolean {
  return value?.sum.oneofKind === 'record' && value.sum.record.fields.some((f) => f.label === label)
}

export function asParty(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'party') throw new ShapeError(`${what}: expected a party`)
  return value.sum.party
}

export function asText(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'text') throw new ShapeError(`${what}: expected text`)
  return value.sum.text
}

export function asContractId(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'contractId') throw new ShapeError(`${what}: expected a contract id`)
  return value.sum.contractId
}

/** A Daml Numeric as its decimal string (e.g. `"10.0000000000"`), checked to be one. */
export function asNumeric(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'numeric' || !/^-?\d+(?:\.\d+)?$/.test(value.sum.numeric))
    throw new ShapeError(`${what}: expected a decimal number`)
  return value.sum.numeric
}

/** A Daml Int (int64) as its decimal string, checked to be one. */
export function asInt64(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'int64' || !/^-?\d{1,19}$/.test(value.sum.int64))
    throw new ShapeError(`${what}: expected an Int`)
  return value.sum.int64
}

/** A Daml Optional: the value inside, or null for None. */
export function asOptional(value: Value, what: string): Value | null {
  if (value.sum.oneofKind !== 'optional') throw new ShapeError(`${what}: expected an Optional`)
  return value.sum.optional.value ?? null
}

export function asList(value: Value, what: string): Value[] {
  if (value.sum.oneofKind !== 'list') throw new ShapeError(`${what}: expected a list`)
  return value.sum.list.elements
}

/**
 * A Daml Time (microseconds since the epoch, an int64 string) as ISO-8601 UTC, with the
 * microseconds kept when they are not whole milliseconds (`2026-01-01T00:00:00.000001Z`).
 */
export function asTimestamp(value: Value, what: string): string {
  if (value.sum.oneofKind !== 'timestamp' || !/^-?\d{1,19}$/.test(value.sum.timestamp))
    throw new ShapeError(`${what}: expected a timestamp`)
  return microsToIso(BigInt(value.sum.timestamp))
}

/** Microseconds since the epoch -> ISO-8601 UTC (millisecond precision unless finer is needed). */
export function microsToIso(micros: bigint): string {
  let ms = micros / 1000n
  let rest = micros % 1000n
  if (rest < 0n) {
    rest += 1000n
    ms -= 1n
  }
  const date = new Date(Number(ms))
  if (Number.isNaN(date.getTime())) throw new ShapeError('timestamp out of range')
  const iso = date.toISOString()
  return rest === 0n ? iso : `${iso.slice(0, -1)}${rest.toString().padStart(3, '0')}Z`
}
