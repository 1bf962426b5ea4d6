import { CantonError } from '../CantonError.js'
import type { DamlType } from './DamlType.js'
import { Numeric } from './Numeric.js'

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

function fail(path: string, expected: string, got: unknown): never {
  throw new CantonError(
    'COMMAND_PREPROCESSING_FAILED',
    `Expected ${expected} at ${path}, got ${JSON.stringify(got) ?? 'undefined'}`,
  )
}

/**
 * Daml-LF's order of Text (`Utf8.Ordering`): by Unicode code point, which is UTF-8 byte order.
 * JavaScript's `<` compares UTF-16 code units and puts a character above U+FFFF (a surrogate
 * pair) before U+E000..U+FFFF; TextMap keys are sorted with this, as Canton's SortedLookupList is.
 */
export function compareText(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0)
    if (d !== 0) return d
  }
  return x.length - y.length
}

/**
 * Order of canonical GenMap keys (Daml-LF orders GenMap entries by key,
 * `SMap.fromStrictlyOrderedEntries`): Text and Party by code point, Int64 and Numeric (one scale,
 * canonical strings) by value, Bool false first, Time and Date chronologically (their canonical
 * strings sort so). Keys of other types, which no devnet template uses, by their JSON text.
 */
function compareKeys(type: DamlType, a: unknown, b: unknown): number {
  const t = type.t === 'lazy' ? type.get() : type
  if (t.t === 'int64' || t.t === 'numeric') {
    const [x, y] = [BigInt(String(a).replace('.', '')), BigInt(String(b).replace('.', ''))]
    return x < y ? -1 : x > y ? 1 : 0
  }
  if (t.t === 'bool') return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return compareText(a, b)
  return compareText(JSON.stringify(a), JSON.stringify(b))
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks a value in the Daml-LF JSON encoding against its type and returns its canonical form:
 * Numeric as `'1.0000000000'`, Int64 as a decimal string, Time as an ISO-8601 string, Optional
 * as the value or `null`, variants as `{ tag, value }`. Wrong input throws
 * `COMMAND_PREPROCESSING_FAILED` naming the path, as Canton's command preprocessing does.
 */
export function normalizeValue(type: DamlType, value: unknown, path = 'argument'): unknown {
  switch (type.t) {
    case 'lazy':
      return normalizeValue(type.get(), value, path)
    case 'unit':
      if (value !== undefined && value !== null && !isObject(value)) fail(path, 'Unit ({})', value)
      return {}
    case 'bool':
      if (typeof value !== 'boolean') fail(path, 'Bool', value)
      return value
    case 'int64': {
      const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value
      if (typeof text !== 'string' || !/^-?\d{1,19}$/.test(text)) fail(path, 'Int64', value)
      const n = BigInt(text)
      if (n < INT64_MIN || n > INT64_MAX) fail(path, 'Int64', value)
      return n.toString()
    }
    case 'numeric':
      return Numeric.format(Numeric.parse(value, path))
    case 'text':
      if (typeof value !== 'string') fail(path, 'Text', value)
      return value
    case 'party':
      // Party ids: non-empty, at most 255 chars of [a-zA-Z0-9:_ -] (Daml-LF PartyIdString).
      if (typeof value !== 'string' || !/^[a-zA-Z0-9:\-_ ]{1,255}$/.test(value)) fail(path, 'Party', value)
      return value
    case 'time': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) fail(path, 'Time (ISO-8601)', value)
      return new Date(Date.parse(value)).toISOString()
    }
    case 'date':
      if (
        typeof value !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
        Number.isNaN(Date.parse(value))
      ) {
        fail(path, 'Date (YYYY-MM-DD)', value)
      }
      return value
    case 'contractId':
      if (typeof value !== 'string' || !/^([0-9a-f]{2})+$/.test(value)) fail(path, 'ContractId', value)
      return value
    case 'optional':
      if (value === null || value === undefined) return null
      return normalizeValue(type.of, value, path)
    case 'list':
      if (!Array.isArray(value)) fail(path, 'List', value)
      return value.map((v, i) => normalizeValue(type.of, v, `${path}[${i}]`))
    case 'textMap': {
      if (!isObject(value)) fail(path, 'TextMap (object)', value)
      const out: Record<string, unknown> = {}
      for (const k of Object.keys(value).sort(compareText))
        Object.defineProperty(out, k, {
          value: normalizeValue(type.of, value[k], `${path}.${k}`),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      return out
    }
    case 'genMap': {
      // Daml-LF JSON encoding of `Map k v`: an array of [key, value] pairs, keys unique.
      if (!Array.isArray(value)) fail(path, 'Map (an array of [key, value] pairs)', value)
      const entries = value.map((pair, i): [unknown, unknown] => {
        if (!Array.isArray(pair) || pair.length !== 2) fail(`${path}[${i}]`, 'a [key, value] pair', pair)
        return [
          normalizeValue(type.key, pair[0], `${path}[${i}][0]`),
          normalizeValue(type.value, pair[1], `${path}[${i}][1]`),
        ]
      })
      entries.sort(([a], [b]) => compareKeys(type.key, a, b))
      for (let i = 1; i < entries.length; i++)
        if (compareKeys(type.key, entries[i - 1]?.[0], entries[i]?.[0]) === 0)
          fail(path, 'a Map with unique keys', entries[i]?.[0])
      return entries
    }
    case 'record': {
      if (!isObject(value)) fail(path, `record ${type.id.moduleName}:${type.id.entityName}`, value)
      const known = new Set(type.fields.map(([name]) => name))
      const extra = Object.keys(value).filter((k) => !known.has(k))
      if (extra.length > 0) fail(path, `only the fields ${[...known].join(', ')}`, extra)
      const out: Record<string, unknown> = {}
      for (const [name, fieldType] of type.fields) {
        const v = value[name]
        const resolved = fieldType.t === 'lazy' ? fieldType.get() : fieldType
        if (v === undefined && resolved.t !== 'optional')
          fail(`${path}.${name}`, 'a value (missing field)', v)
        out[name] = normalizeValue(fieldType, v, `${path}.${name}`)
      }
      return out
    }
    case 'variant': {
      if (!isObject(value) || typeof value.tag !== 'string' || !(value.tag in type.cons)) {
        fail(path, `a variant {tag, value} with tag in ${Object.keys(type.cons).join(', ')}`, value)
      }
      const consType = type.cons[value.tag]!
      return { tag: value.tag, value: normalizeValue(consType, value.value, `${path}.${value.tag}`) }
    }
    case 'enum':
      if (typeof value !== 'string' || !type.cons.includes(value))
        fail(path, `one of ${type.cons.join(', ')}`, value)
      return value
  }
}
