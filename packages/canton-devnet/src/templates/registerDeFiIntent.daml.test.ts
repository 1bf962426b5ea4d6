import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { T } from '../daml/DamlType.js'
import { type TemplateDefinition, TemplateRegistry } from '../engine/TemplateRegistry.js'
import { compareDamlTemplates } from '../testing/compareDamlTemplates.js'
import { parseDamlModule } from '../testing/parseDamlModule.js'
import {
  DEFI_MODULE,
  DEFI_PACKAGE_NAME,
  DEFI_PACKAGE_VERSION,
  registerDeFiIntent,
} from './registerDeFiIntent.js'

// No Daml compiler runs here (see daml/README.md): this keeps canton-devnet's TypeScript twin and
// the Daml source in lock-step by reading the Daml text.

const PACKAGE_DIR = new URL('../../../../daml/stratos-defi/', import.meta.url)
const damlSource = () => readFileSync(new URL('daml/Stratos/DeFi/Intent.daml', PACKAGE_DIR), 'utf8')

/** What registerDeFiIntent registers, as given to the registry. */
function devnetDefinitions(): TemplateDefinition[] {
  const registry = new TemplateRegistry()
  const definitions: TemplateDefinition[] = []
  const register = registry.registerTemplate.bind(registry)
  registry.registerTemplate = (def) => {
    definitions.push(def as TemplateDefinition)
    return register(def)
  }
  registerDeFiIntent(registry)
  return definitions
}

describe('registerDeFiIntent and daml/stratos-defi', () => {
  test('behavior: package name and version are daml.yaml’s; the module is the Daml module', () => {
    const yaml = parseYaml(readFileSync(new URL('daml.yaml', PACKAGE_DIR), 'utf8'))
    expect([yaml.name, yaml.version]).toEqual([DEFI_PACKAGE_NAME, DEFI_PACKAGE_VERSION])
    expect(parseDamlModule(damlSource()).name).toBe(DEFI_MODULE)
    for (const def of devnetDefinitions())
      expect([def.packageName, def.packageVersion, def.moduleName]).toEqual([
        DEFI_PACKAGE_NAME,
        DEFI_PACKAGE_VERSION,
        DEFI_MODULE,
      ])
  })

  test('behavior: templates, fields, signatories, observers, ensure and choices agree', () => {
    const daml = parseDamlModule(damlSource())
    // What the Daml declares, read from the text (so a reader that reads nothing cannot pass).
    expect(daml.templates.map((t) => t.name)).toEqual(['DeFiIntent', 'DeFiIntentOutcome'])
    const intent = daml.templates[0]!
    expect(intent.observers).toEqual(['operator', 'regulator'])
    expect(intent.fields.at(-1)).toEqual({
      name: 'regulator',
      type: { kind: 'optional', of: { kind: 'prim', name: 'Party' } },
    })
    expect(intent.choices.map((c) => [c.name, c.consuming, c.controllers])).toEqual([
      ['DeFiIntent_MarkExecuted', 'consuming', ['operator']],
      ['DeFiIntent_MarkFailed', 'consuming', ['operator']],
      ['DeFiIntent_Cancel', 'consuming', ['institution']],
    ])
    expect(daml.templates[1]!.observers).toEqual(['regulator'])

    expect(compareDamlTemplates(daml, devnetDefinitions())).toEqual([])
  })

  // A deliberate change to either side is caught.

  test('error: a change to the Daml source is a difference', () => {
    const source = damlSource()
    const changes: [string, string, RegExp][] = [
      [
        'observer operator, regulator',
        'observer operator',
        /DeFiIntent: observers \(optional parties Some\) differ/,
      ],
      ['    observer regulator\n', '', /DeFiIntentOutcome: observers \(optional parties Some\) differ/],
      ['    signatory institution, operator', '    signatory institution', /DeFiIntentOutcome: signatories/],
      ['    nonce : Int\n', '    nonce : Text\n', /DeFiIntent: fields differ/],
      ['    regulator : Optional Party\n  where', '  where', /DeFiIntentOutcome: fields differ/],
      ['      controller institution', '      controller operator', /DeFiIntent_Cancel: controllers differ/],
      [
        '    choice DeFiIntent_Cancel',
        '    nonconsuming choice DeFiIntent_Cancel',
        /DeFiIntent_Cancel: consuming/,
      ],
      [
        '        reason : Text\n        txHash : Optional Text',
        '        reason : Text',
        /MarkFailed: argument fields/,
      ],
      [
        'data IntentStatus = Executed | Failed',
        'data IntentStatus = Executed | Failed | Pending',
        /fields differ/,
      ],
      ['choice DeFiIntent_Cancel : ()', 'choice DeFiIntent_Withdraw : ()', /choices differ/],
      [
        'choice DeFiIntent_Cancel : ()',
        'choice DeFiIntent_Cancel : Bool',
        /DeFiIntent_Cancel: result differs/,
      ],
    ]
    for (const [from, to, difference] of changes) {
      expect(source, `the Daml still contains ${JSON.stringify(from)}`).toContain(from)
      const changed = parseDamlModule(source.replace(from, to))
      expect(compareDamlTemplates(changed, devnetDefinitions()).join('\n')).toMatch(difference)
    }
    // Removing the outcome's ensure (its clause runs to the next blank line).
    const noEnsure = source.replace(/\n {4}ensure\n {6}case status of\n(?: {8}.*\n)+/, '\n')
    expect(noEnsure).not.toBe(source)
    expect(compareDamlTemplates(parseDamlModule(noEnsure), devnetDefinitions())).toEqual([
      'DeFiIntentOutcome: ensure in the devnet only',
    ])
  })

  test('error: a change to the devnet twin is a difference', () => {
    const daml = parseDamlModule(damlSource())
    const changed = (entity: string, change: (def: TemplateDefinition) => TemplateDefinition) =>
      compareDamlTemplates(
        daml,
        devnetDefinitions().map((d) => (d.entityName === entity ? change(d) : d)),
      ).join('\n')
    const intentChoice = (def: TemplateDefinition, name: string) => def.choices![name]!

    expect(
      changed('DeFiIntent', (d) => ({ ...d, observers: (a) => [(a as { operator: string }).operator] })),
    ).toMatch(
      /DeFiIntent: observers \(optional parties Some\) differ: Daml \[operator, regulator\], devnet \[operator\]/,
    )
    expect(changed('DeFiIntentOutcome', (d) => ({ ...d, observers: () => [] }))).toMatch(
      /DeFiIntentOutcome: observers \(optional parties Some\) differ/,
    )
    expect(
      changed('DeFiIntent', (d) => ({
        ...d,
        argType: T.record(d.argType.id, d.argType.fields.slice(0, -1)),
      })),
    ).toMatch(/DeFiIntent: fields differ/)
    expect(
      changed('DeFiIntent', (d) => ({
        ...d,
        argType: T.record(
          d.argType.id,
          d.argType.fields.map(([n, t]) => [n, n === 'regulator' ? T.party : t] as const),
        ),
      })),
    ).toMatch(/DeFiIntent: fields differ/)
    const { ensure: _ensure, ...withoutEnsure } = devnetDefinitions().find(
      (d) => d.entityName === 'DeFiIntent',
    )!
    expect(changed('DeFiIntent', () => withoutEnsure as TemplateDefinition)).toMatch(
      /DeFiIntent: ensure in Daml only/,
    )
    expect(
      changed('DeFiIntent', (d) => ({
        ...d,
        choices: {
          ...d.choices,
          DeFiIntent_Cancel: {
            ...intentChoice(d, 'DeFiIntent_Cancel'),
            controllers: (a) => [(a as { operator: string }).operator],
          },
        },
      })),
    ).toMatch(/DeFiIntent_Cancel: controllers differ: Daml \[institution\], devnet \[operator\]/)
    expect(
      changed('DeFiIntent', (d) => ({
        ...d,
        choices: {
          ...d.choices,
          DeFiIntent_MarkExecuted: { ...intentChoice(d, 'DeFiIntent_MarkExecuted'), consuming: false },
        },
      })),
    ).toMatch(/DeFiIntent_MarkExecuted: consuming differs/)
  })
})
