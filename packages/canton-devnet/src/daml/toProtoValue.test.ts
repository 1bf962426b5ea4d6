import type { Value } from '@canton-network/core-ledger-proto'
import { describe, expect, test } from 'vitest'
import { T } from './DamlType.js'
import { normalizeValue } from './normalizeValue.js'
import { toProtoValue } from './toProtoValue.js'

const keysOf = (value: Value): string[] => {
  const scalar = (v: Value | undefined) => {
    const sum = v?.sum
    if (sum?.oneofKind === 'party') return sum.party
    if (sum?.oneofKind === 'int64') return sum.int64
    throw new Error('unexpected key type')
  }
  if (value.sum.oneofKind === 'textMap') return value.sum.textMap.entries.map((e) => e.key)
  if (value.sum.oneofKind === 'genMap') return value.sum.genMap.entries.map((e) => scalar(e.key))
  throw new Error('not a map')
}

describe('toProtoValue', () => {
  test("behavior: TextMap entries are sorted by Unicode code point, as Canton's SortedLookupList (Utf8.Ordering) holds them", () => {
    const type = T.textMap(T.text)
    // Insertion order, integer-like keys (which JS objects enumerate first, numerically) and a
    // character above U+FFFF (UTF-16 sorts its surrogate pair before U+FF01; code points do not).
    const value = normalizeValue(type, {
      b: '1',
      '\u{FF01}': '2',
      '\u{1F600}': '3',
      a: '4',
      '10': '5',
      '9': '6',
    })
    expect(keysOf(toProtoValue(type, value))).toEqual(['10', '9', 'a', 'b', '\u{FF01}', '\u{1F600}'])
  })

  test('behavior: a Map (GenMap) from JSON [key, value] pairs is sorted by key: parties as text, Int64 by value', () => {
    const parties = T.genMap(T.party, T.text)
    const value = normalizeValue(parties, [
      ['bob::1220ab', 'accept'],
      ['alice::1220ab', 'approve'],
    ])
    expect(value).toEqual([
      ['alice::1220ab', 'approve'],
      ['bob::1220ab', 'accept'],
    ])
    expect(keysOf(toProtoValue(parties, value))).toEqual(['alice::1220ab', 'bob::1220ab'])
    const ints = T.genMap(T.int64, T.text)
    expect(
      keysOf(
        toProtoValue(
          ints,
          normalizeValue(ints, [
            ['10', 'a'],
            ['-9223372036854775808', 'b'],
            ['9', 'c'],
          ]),
        ),
      ),
    ).toEqual(['-9223372036854775808', '9', '10'])
  })

  test('error: a Map given as an object, a malformed pair or a repeated key is COMMAND_PREPROCESSING_FAILED', () => {
    const type = T.genMap(T.party, T.text)
    for (const bad of [
      { alice: 'x' },
      [['alice']],
      [
        ['alice', 'x'],
        ['alice', 'y'],
      ],
    ])
      expect(() => normalizeValue(type, bad)).toThrow(
        expect.objectContaining({ code: 'COMMAND_PREPROCESSING_FAILED' }),
      )
  })
})
