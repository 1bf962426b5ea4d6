import type { Value } from '@canton-network/core-ledger-proto'
import type { DamlType } from './DamlType.js'
import { compareText } from './normalizeValue.js'

const DAY_MS = 86_400_000

/**
 * Converts a canonical value (see `normalizeValue`) to the Ledger API protobuf `Value` that goes
 * into a prepared transaction. Records carry their record id and field labels.
 */
export function toProtoValue(type: DamlType, value: unknown): Value {
  switch (type.t) {
    case 'lazy':
      return toProtoValue(type.get(), value)
    case 'unit':
      return { sum: { oneofKind: 'unit', unit: {} } }
    case 'bool':
      return { sum: { oneofKind: 'bool', bool: value as boolean } }
    case 'int64':
      return { sum: { oneofKind: 'int64', int64: value as string } }
    case 'numeric':
      return { sum: { oneofKind: 'numeric', numeric: value as string } }
    case 'text':
      return { sum: { oneofKind: 'text', text: value as string } }
    case 'party':
      return { sum: { oneofKind: 'party', party: value as string } }
    case 'time':
      return {
        sum: { oneofKind: 'timestamp', timestamp: (BigInt(Date.parse(value as string)) * 1000n).toString() },
      }
    case 'date':
      return { sum: { oneofKind: 'date', date: Math.floor(Date.parse(value as string) / DAY_MS) } }
    case 'contractId':
      return { sum: { oneofKind: 'contractId', contractId: value as string } }
    case 'optional':
      return {
        sum: {
          oneofKind: 'optional',
          optional: value === null ? {} : { value: toProtoValue(type.of, value) },
        },
      }
    case 'list':
      return {
        sum: {
          oneofKind: 'list',
          list: { elements: (value as unknown[]).map((v) => toProtoValue(type.of, v)) },
        },
      }
    case 'textMap':
      // Sorted by key as Canton's SortedLookupList holds a TextMap: the V2 hash encodes entries
      // in protobuf order, so a participant's order is the one that hashes right.
      return {
        sum: {
          oneofKind: 'textMap',
          textMap: {
            entries: Object.keys(value as Record<string, unknown>)
              .sort(compareText)
              .map((key) => ({ key, value: toProtoValue(type.of, (value as Record<string, unknown>)[key]) })),
          },
        },
      }
    case 'genMap':
      // normalizeValue leaves the entries sorted by key, as Daml-LF orders a GenMap.
      return {
        sum: {
          oneofKind: 'genMap',
          genMap: {
            entries: (value as [unknown, unknown][]).map(([k, v]) => ({
              key: toProtoValue(type.key, k),
              value: toProtoValue(type.value, v),
            })),
          },
        },
      }
    case 'record': {
      const record = value as Record<string, unknown>
      return {
        sum: {
          oneofKind: 'record',
          record: {
            recordId: { ...type.id },
            fields: type.fields.map(([label, fieldType]) => ({
              label,
              value: toProtoValue(fieldType, record[label]),
            })),
          },
        },
      }
    }
    case 'variant': {
      const { tag, value: inner } = value as { tag: string; value: unknown }
      return {
        sum: {
          oneofKind: 'variant',
          variant: {
            variantId: { ...type.id },
            constructor: tag,
            value: toProtoValue(type.cons[tag]!, inner),
          },
        },
      }
    }
    case 'enum':
      return { sum: { oneofKind: 'enum', enum: { enumId: { ...type.id }, constructor: value as string } } }
  }
}
