import { describe, expect, test } from 'vitest'
import { expectMatchesSpec } from './expectMatchesSpec.js'

describe('expectMatchesSpec', () => {
  const error = { code: 'X', cause: 'y', context: {}, errorCategory: 8 }

  test('behavior: accepts a body matching the response schema (with $refs)', () => {
    expect(() => expectMatchesSpec('/v2/state/ledger-end', 'GET', 200, { offset: 3 })).not.toThrow()
    expect(() =>
      expectMatchesSpec('/v2/parties', 'GET', 200, {
        partyDetails: [{ party: 'a::1220ab', isLocal: true }],
        nextPageToken: '',
      }),
    ).not.toThrow()
  })

  test('behavior: a JSON error body is checked against the default JsCantonError response', () => {
    expect(() => expectMatchesSpec('/v2/parties', 'POST', 400, error)).not.toThrow()
    expect(() => expectMatchesSpec('/v2/parties', 'POST', 403, error)).not.toThrow()
  })

  test('error: a missing required field, a wrong type and an unknown property fail', () => {
    expect(() =>
      expectMatchesSpec('/v2/parties', 'POST', 400, { cause: 'y', context: {}, errorCategory: 8 }),
    ).toThrow(/code/)
    expect(() => expectMatchesSpec('/v2/state/ledger-end', 'GET', 200, { offset: 'three' })).toThrow(
      /integer/,
    )
    expect(() => expectMatchesSpec('/v2/state/ledger-end', 'GET', 200, { offset: 1, extra: true })).toThrow(
      /additional/,
    )
  })

  test('error: an operation the spec does not have', () => {
    expect(() => expectMatchesSpec('/v2/nope', 'GET', 200, {})).toThrow(/no operation/)
  })
})

describe('expectMatchesSpec with the transfer-instruction registry spec', () => {
  test('behavior: resolves $ref responses; an error body must be { error }', () => {
    const path = '/registry/transfer-instruction/v1/transfer-factory'
    expect(() =>
      expectMatchesSpec(path, 'POST', 404, { error: 'no factory' }, 'transferInstruction'),
    ).not.toThrow()
    expect(() =>
      expectMatchesSpec(path, 'POST', 404, { message: 'no factory' }, 'transferInstruction'),
    ).toThrow()
  })
})
