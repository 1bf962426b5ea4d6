import { describe, expect, test } from 'vitest'
import { DamlParseError, parseDamlModule } from './parseDamlModule.js'

const MODULE = `module Sample.Thing where

import qualified DA.Text as T

data Colour = Red | Green
  deriving (Eq, Show)

-- | A thing.
template Thing
  with
    owner : Party
      -- ^ Who owns it ("--" in a comment is fine).
    viewers : [Party]
    auditor : Optional Party
    colour : Colour
    amount : Numeric 10
    note : Text -- trailing comment
  where
    signatory owner
    observer viewers, auditor

    ensure
      note /= "--"
        && amount > 0.0

    nonconsuming choice Thing_Look : ()
      controller viewers
      do pure ()

    choice Thing_Give : ContractId Thing
      with
        newOwner : Party
      controller owner, newOwner
      do
        create this with owner = newOwner

helper : Int
helper = 1
`

describe('parseDamlModule', () => {
  test('behavior: reads enums, fields with their types, parties, ensure and choices', () => {
    const parsed = parseDamlModule(MODULE)
    expect(parsed.name).toBe('Sample.Thing')
    expect(parsed.enums).toEqual({ Colour: ['Red', 'Green'] })
    expect(parsed.templates).toEqual([
      {
        name: 'Thing',
        fields: [
          { name: 'owner', type: { kind: 'prim', name: 'Party' } },
          { name: 'viewers', type: { kind: 'list', of: { kind: 'prim', name: 'Party' } } },
          { name: 'auditor', type: { kind: 'optional', of: { kind: 'prim', name: 'Party' } } },
          { name: 'colour', type: { kind: 'enum', name: 'Colour', constructors: ['Red', 'Green'] } },
          { name: 'amount', type: { kind: 'numeric', scale: 10 } },
          { name: 'note', type: { kind: 'prim', name: 'Text' } },
        ],
        signatories: ['owner'],
        observers: ['viewers', 'auditor'],
        hasEnsure: true,
        choices: [
          {
            name: 'Thing_Look',
            consuming: 'nonconsuming',
            result: { kind: 'prim', name: 'Unit' },
            fields: [],
            controllers: ['viewers'],
          },
          {
            name: 'Thing_Give',
            consuming: 'consuming',
            result: { kind: 'contractId', template: 'Thing' },
            fields: [{ name: 'newOwner', type: { kind: 'prim', name: 'Party' } }],
            controllers: ['owner', 'newOwner'],
          },
        ],
      },
    ])
  })

  // What the reader cannot check is an error naming the line, never skipped.
  test.each([
    [
      'a contract key',
      '    signatory owner\n',
      '    signatory owner\n    key owner : Party\n',
      /line 20: unsupported in template Thing: "key owner : Party"/,
    ],
    [
      'a party expression other than field names',
      'observer viewers, auditor',
      'observer viewers, optionalToList auditor',
      /unsupported party expression "optionalToList auditor"/,
    ],
    [
      'a choice observer',
      '      controller viewers\n',
      '      controller viewers\n      observer owner\n',
      /unsupported in choice Thing_Look: "observer owner"/,
    ],
    [
      'an unknown type',
      '    note : Text -- trailing comment',
      '    note : Map Text Int',
      /unsupported type "Map Text Int"/,
    ],
    [
      'a data type that is not an enum',
      'data Colour = Red | Green',
      'data Colour = Colour with name : Text',
      /only enums are supported/,
    ],
    ['a choice without controller', '      controller viewers\n', '', /choice Thing_Look has no controller/],
  ])('error: %s', (_what, from, to, message) => {
    expect(MODULE).toContain(from)
    const changed = MODULE.replace(from, to)
    expect(() => parseDamlModule(changed)).toThrow(DamlParseError)
    expect(() => parseDamlModule(changed)).toThrow(message)
  })

  test('error: no module header', () => {
    expect(() => parseDamlModule('template X\n  with\n    p : Party\n  where\n    signatory p\n')).toThrow(
      /expected "module Name where"/,
    )
  })
})
