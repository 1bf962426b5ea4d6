import type { DamlType } from '../daml/DamlType.js'
import type { TemplateDefinition } from '../engine/TemplateRegistry.js'
import type { DamlField, DamlModule, DamlTemplate, DamlTypeExpr } from './parseDamlModule.js'

/** A Daml type as text, the way both sides can say it (`Optional Party`, `IntentStatus = A | B`). */
function damlTypeText(t: DamlTypeExpr): string {
  switch (t.kind) {
    case 'prim':
      if (t.name === 'Unit') return '()'
      return t.name === 'Decimal' ? 'Numeric 10' : t.name
    case 'numeric':
      return `Numeric ${t.scale}`
    case 'optional':
      return `Optional (${damlTypeText(t.of)})`
    case 'list':
      return `[${damlTypeText(t.of)}]`
    case 'textMap':
      return `TextMap (${damlTypeText(t.of)})`
    case 'contractId':
      // The devnet's types do not say which template a contract id points to.
      return 'ContractId'
    case 'enum':
      return `${t.name} = ${t.constructors.join(' | ')}`
  }
}

function devnetTypeText(t: DamlType): string {
  switch (t.t) {
    case 'unit':
      return '()'
    case 'bool':
      return 'Bool'
    case 'int64':
      return 'Int'
    case 'numeric':
      return `Numeric ${t.scale}`
    case 'text':
      return 'Text'
    case 'party':
      return 'Party'
    case 'time':
      return 'Time'
    case 'date':
      return 'Date'
    case 'contractId':
      return 'ContractId'
    case 'optional':
      return `Optional (${devnetTypeText(t.of)})`
    case 'list':
      return `[${devnetTypeText(t.of)}]`
    case 'textMap':
      return `TextMap (${devnetTypeText(t.of)})`
    case 'genMap':
      return `Map (${devnetTypeText(t.key)}) (${devnetTypeText(t.value)})`
    case 'record':
      return `record ${t.id.entityName}`
    case 'variant':
      return `variant ${t.id.entityName}`
    case 'enum':
      return `${t.id.entityName} = ${t.cons.join(' | ')}`
    case 'lazy':
      return devnetTypeText(t.get())
  }
}

const fieldsText = (fields: readonly DamlField[]) => fields.map((f) => `${f.name} : ${damlTypeText(f.type)}`)
const devnetFieldsText = (fields: ReadonlyArray<readonly [string, DamlType]>) =>
  fields.map(([name, type]) => `${name} : ${devnetTypeText(type)}`)

/**
 * A sample argument whose party-typed fields hold their own names (`prefix` + name), so the parties
 * a devnet function returns say which fields it read. `someOptional` decides whether
 * `Optional Party` fields are Some or None. Other fields are null: party functions do not read them.
 */
function sampleArg(fields: readonly DamlField[], prefix: string, someOptional: boolean) {
  const arg: Record<string, unknown> = {}
  for (const { name, type } of fields) {
    const marker = `${prefix}${name}`
    if (type.kind === 'prim' && type.name === 'Party') arg[name] = marker
    else if (type.kind === 'optional' && type.of.kind === 'prim' && type.of.name === 'Party')
      arg[name] = someOptional ? marker : null
    else if (type.kind === 'list' && type.of.kind === 'prim' && type.of.name === 'Party') arg[name] = [marker]
    else arg[name] = null
  }
  return arg
}

/** Daml's `IsParties` on the named fields, looked up in `scopes` (first match wins: choice fields shadow). */
function partiesOf(names: readonly string[], scopes: { arg: Record<string, unknown> }[]): string[] {
  const out = new Set<string>()
  for (const name of names) {
    const scope = scopes.find((s) => name in s.arg)
    const value = scope?.arg[name]
    if (scope === undefined) out.add(`<unknown field ${name}>`)
    else if (typeof value === 'string') out.add(value)
    else if (Array.isArray(value)) for (const p of value) out.add(String(p))
    else if (value !== null) out.add(`<${name} is not a party>`)
  }
  return [...out].sort()
}

const sorted = (parties: readonly string[]) => [...new Set(parties)].sort()
const same = (a: readonly string[], b: readonly string[]) => JSON.stringify(a) === JSON.stringify(b)

function compareTemplate(daml: DamlTemplate, devnet: TemplateDefinition, out: string[]) {
  const where = `${daml.name}`
  const damlFields = fieldsText(daml.fields)
  const devnetFields = devnetFieldsText(devnet.argType.fields)
  if (!same(damlFields, devnetFields))
    out.push(`${where}: fields differ: Daml [${damlFields.join(', ')}], devnet [${devnetFields.join(', ')}]`)
  if (daml.hasEnsure !== (devnet.ensure !== undefined))
    out.push(`${where}: ensure ${daml.hasEnsure ? 'in Daml only' : 'in the devnet only'}`)

  for (const someOptional of [true, false]) {
    const arg = sampleArg(daml.fields, '', someOptional)
    const when = someOptional ? 'optional parties Some' : 'optional parties None'
    const scopes = [{ arg }]
    for (const [what, expressions, actual] of [
      ['signatories', daml.signatories, devnet.signatories(arg as never)],
      ['observers', daml.observers, devnet.observers(arg as never)],
    ] as const) {
      const expected = partiesOf(expressions, scopes)
      const got = sorted(actual)
      if (!same(expected, got))
        out.push(
          `${where}: ${what} (${when}) differ: Daml [${expected.join(', ')}], devnet [${got.join(', ')}]`,
        )
    }
  }

  const devnetChoices = devnet.choices ?? {}
  const damlNames = daml.choices.map((c) => c.name).sort()
  const devnetNames = Object.keys(devnetChoices).sort()
  if (!same(damlNames, devnetNames))
    out.push(`${where}: choices differ: Daml [${damlNames.join(', ')}], devnet [${devnetNames.join(', ')}]`)
  for (const choice of daml.choices) {
    const twin = devnetChoices[choice.name]
    if (!twin) continue
    const at = `${where}.${choice.name}`
    const consuming = choice.consuming !== 'nonconsuming'
    if (consuming !== twin.consuming)
      out.push(
        `${at}: consuming differs: Daml ${choice.consuming}, devnet ${twin.consuming ? 'consuming' : 'nonconsuming'}`,
      )
    const damlArgs = fieldsText(choice.fields)
    const devnetArgs = devnetFieldsText(twin.argType.t === 'record' ? twin.argType.fields : [])
    if (twin.argType.t !== 'record') out.push(`${at}: the devnet's argument is not a record`)
    if (!same(damlArgs, devnetArgs))
      out.push(
        `${at}: argument fields differ: Daml [${damlArgs.join(', ')}], devnet [${devnetArgs.join(', ')}]`,
      )
    const damlResult = damlTypeText(choice.result)
    const devnetResult = devnetTypeText(twin.resultType)
    if (damlResult !== devnetResult)
      out.push(`${at}: result differs: Daml ${damlResult}, devnet ${devnetResult}`)
    if (twin.observers !== undefined) out.push(`${at}: choice observers in the devnet only`)
    for (const someOptional of [true, false]) {
      const contract = sampleArg(daml.fields, '', someOptional)
      const arg = sampleArg(choice.fields, 'arg:', someOptional)
      const expected = partiesOf(choice.controllers, [{ arg }, { arg: contract }])
      const got = sorted(twin.controllers(contract as never, arg as never))
      if (!same(expected, got))
        out.push(`${at}: controllers differ: Daml [${expected.join(', ')}], devnet [${got.join(', ')}]`)
    }
  }
}

/**
 * Every difference between a Daml module's templates (see parseDamlModule) and canton-devnet's
 * TypeScript definitions of the same module: the set of templates, each one's fields with their
 * types (in order), signatories and observers (evaluated with optional parties Some and None),
 * whether it has an `ensure`, and its choices: names, consuming-ness, argument fields, result type
 * and controllers. Empty when they agree. Not compared: what `ensure` and the choice bodies compute
 * (the devnet's behaviour tests mirror the Daml Script tests for that), and which template a
 * `ContractId` result points to.
 */
export function compareDamlTemplates(daml: DamlModule, devnet: readonly TemplateDefinition[]): string[] {
  const out: string[] = []
  const ofModule = devnet.filter((d) => d.moduleName === daml.name)
  const damlNames = daml.templates.map((t) => t.name).sort()
  const devnetNames = ofModule.map((d) => d.entityName).sort()
  if (!same(damlNames, devnetNames))
    out.push(`templates differ: Daml [${damlNames.join(', ')}], devnet [${devnetNames.join(', ')}]`)
  for (const template of daml.templates) {
    const twin = ofModule.find((d) => d.entityName === template.name)
    if (twin) compareTemplate(template, twin, out)
  }
  return out
}
