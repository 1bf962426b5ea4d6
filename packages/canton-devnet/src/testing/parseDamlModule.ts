/**
 * A reader for the subset of Daml the project's templates are written in, so a test can hold
 * canton-devnet's TypeScript twins (`src/templates/`) to the Daml source without a Daml compiler.
 * It reads declarations, not semantics: template fields and their types, `signatory`, `observer`,
 * whether there is an `ensure`, and each choice's name, consuming-ness, result type, argument
 * fields and controllers; plus the `data` enums the fields use. Anything it does not know in a
 * template's `where` block (a key, an interface instance, a choice observer, a party expression
 * other than field names) is an error naming the line, so a construct it cannot check is never
 * skipped silently.
 */

/** A Daml type as written, resolved against the module's enums. */
export type DamlTypeExpr =
  | { kind: 'prim'; name: 'Party' | 'Text' | 'Int' | 'Time' | 'Date' | 'Bool' | 'Decimal' | 'Unit' }
  | { kind: 'numeric'; scale: number }
  | { kind: 'optional'; of: DamlTypeExpr }
  | { kind: 'list'; of: DamlTypeExpr }
  | { kind: 'textMap'; of: DamlTypeExpr }
  | { kind: 'contractId'; template: string }
  | { kind: 'enum'; name: string; constructors: string[] }

export interface DamlField {
  name: string
  type: DamlTypeExpr
}

export interface DamlChoice {
  name: string
  /** `choice` and `preconsuming`/`postconsuming` archive the contract; `nonconsuming` does not. */
  consuming: 'consuming' | 'nonconsuming' | 'preconsuming' | 'postconsuming'
  result: DamlTypeExpr
  /** The `with` fields of the choice argument, in order (none when the choice has no `with`). */
  fields: DamlField[]
  /** The controller expressions: names of the template's or the choice's fields. */
  controllers: string[]
}

export interface DamlTemplate {
  name: string
  fields: DamlField[]
  /** The `signatory` expressions: names of the template's fields. */
  signatories: string[]
  /** The `observer` expressions (none when the template has no `observer` line). */
  observers: string[]
  hasEnsure: boolean
  choices: DamlChoice[]
}

export interface DamlModule {
  name: string
  templates: DamlTemplate[]
  enums: Record<string, string[]>
}

/** A construct the reader does not know, or malformed source, with the 1-based line. */
export class DamlParseError extends Error {
  override name = 'DamlParseError'
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
  }
}

interface Line {
  number: number
  indent: number
  text: string
}

/** Drops a `--` comment (outside a string literal) and trailing blanks. */
function stripComment(raw: string): string {
  let inString = false
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]
    if (c === '"' && raw[i - 1] !== '\\') inString = !inString
    else if (!inString && c === '-' && raw[i + 1] === '-') return raw.slice(0, i).trimEnd()
  }
  return raw.trimEnd()
}

function linesOf(source: string): Line[] {
  return source
    .split('\n')
    .map((raw, i) => {
      const text = stripComment(raw)
      return { number: i + 1, indent: text.length - text.trimStart().length, text: text.trim() }
    })
    .filter((l) => l.text !== '')
}

const IDENT = /^[a-z_][A-Za-z0-9_']*$/
const TYPE_NAME = /^[A-Z][A-Za-z0-9_']*$/

/** Splits on top-level commas (outside brackets and parentheses). */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(' || c === '[') depth++
    else if (c === ')' || c === ']') depth--
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i).trim())
      start = i + 1
    }
  }
  parts.push(text.slice(start).trim())
  return parts
}

function parseType(text: string, enums: Record<string, string[]>, line: number): DamlTypeExpr {
  const t = text.trim()
  if (t === '()') return { kind: 'prim', name: 'Unit' }
  if (t.startsWith('(') && t.endsWith(')')) return parseType(t.slice(1, -1), enums, line)
  if (t.startsWith('[') && t.endsWith(']'))
    return { kind: 'list', of: parseType(t.slice(1, -1), enums, line) }
  const [head, ...rest] = t.split(/\s+/)
  const arg = rest.join(' ')
  switch (head) {
    case 'Party':
    case 'Text':
    case 'Int':
    case 'Time':
    case 'Date':
    case 'Bool':
    case 'Decimal':
      if (arg !== '') break
      return { kind: 'prim', name: head }
    case 'Numeric':
      if (!/^\d+$/.test(arg)) break
      return { kind: 'numeric', scale: Number(arg) }
    case 'Optional':
      return { kind: 'optional', of: parseType(arg, enums, line) }
    case 'TextMap':
      return { kind: 'textMap', of: parseType(arg, enums, line) }
    case 'ContractId':
      if (!TYPE_NAME.test(arg)) break
      return { kind: 'contractId', template: arg }
    default: {
      const constructors = head === undefined ? undefined : enums[head]
      if (constructors && arg === '') return { kind: 'enum', name: head!, constructors }
    }
  }
  throw new DamlParseError(line, `unsupported type "${t}"`)
}

/** `a, b` where each part is a field name (Party, Optional Party or [Party]). */
function parseParties(text: string, line: number): string[] {
  return splitTopLevel(text, ',').map((part) => {
    if (!IDENT.test(part)) throw new DamlParseError(line, `unsupported party expression "${part}"`)
    return part
  })
}

/** The `name : Type` lines of a `with` block: every line more indented than `withIndent`. */
function readFields(
  lines: Line[],
  start: number,
  withIndent: number,
  enums: Record<string, string[]>,
): { fields: DamlField[]; next: number } {
  const fields: DamlField[] = []
  let i = start
  while (i < lines.length && lines[i]!.indent > withIndent) {
    const l = lines[i]!
    const m = /^([a-z_][A-Za-z0-9_']*)\s*:\s*(.+)$/.exec(l.text)
    if (!m) throw new DamlParseError(l.number, `expected "field : Type", got "${l.text}"`)
    fields.push({ name: m[1]!, type: parseType(m[2]!, enums, l.number) })
    i++
  }
  return { fields, next: i }
}

/** Skips the lines of a clause: those more indented than its first line. */
function skipBlock(lines: Line[], start: number): number {
  const indent = lines[start]!.indent
  let i = start + 1
  while (i < lines.length && lines[i]!.indent > indent) i++
  return i
}

function readChoice(
  lines: Line[],
  start: number,
  enums: Record<string, string[]>,
): { choice: DamlChoice; next: number } {
  const head = lines[start]!
  const m =
    /^(?:(nonconsuming|preconsuming|postconsuming)\s+)?choice\s+([A-Z][A-Za-z0-9_']*)\s*:\s*(.+)$/.exec(
      head.text,
    )
  if (!m) throw new DamlParseError(head.number, `expected "choice Name : Type", got "${head.text}"`)
  const choice: DamlChoice = {
    name: m[2]!,
    consuming: (m[1] as DamlChoice['consuming'] | undefined) ?? 'consuming',
    result: parseType(m[3]!, enums, head.number),
    fields: [],
    controllers: [],
  }
  let i = start + 1
  let sawController = false
  while (i < lines.length && lines[i]!.indent > head.indent) {
    const l = lines[i]!
    if (l.text === 'with') {
      const read = readFields(lines, i + 1, l.indent, enums)
      choice.fields = read.fields
      i = read.next
    } else if (l.text.startsWith('controller ')) {
      choice.controllers = parseParties(l.text.slice('controller '.length), l.number)
      sawController = true
      i++
    } else if (l.text === 'do' || l.text.startsWith('do ')) {
      i = skipBlock(lines, i)
    } else {
      throw new DamlParseError(l.number, `unsupported in choice ${choice.name}: "${l.text}"`)
    }
  }
  if (!sawController) throw new DamlParseError(head.number, `choice ${choice.name} has no controller`)
  return { choice, next: i }
}

function readTemplate(
  lines: Line[],
  start: number,
  enums: Record<string, string[]>,
): { template: DamlTemplate; next: number } {
  const head = lines[start]!
  const name = head.text.slice('template '.length).trim()
  if (!TYPE_NAME.test(name)) throw new DamlParseError(head.number, `bad template name "${name}"`)
  const template: DamlTemplate = {
    name,
    fields: [],
    signatories: [],
    observers: [],
    hasEnsure: false,
    choices: [],
  }
  let i = start + 1
  const withLine = lines[i]
  if (withLine?.text !== 'with') throw new DamlParseError(head.number, `template ${name}: expected "with"`)
  const read = readFields(lines, i + 1, withLine.indent, enums)
  template.fields = read.fields
  i = read.next
  const whereLine = lines[i]
  if (whereLine?.text !== 'where') throw new DamlParseError(head.number, `template ${name}: expected "where"`)
  i++
  while (i < lines.length && lines[i]!.indent > whereLine.indent) {
    const l = lines[i]!
    const [keyword] = l.text.split(/\s+/)
    if (keyword === 'signatory') {
      template.signatories.push(...parseParties(l.text.slice('signatory'.length), l.number))
      i++
    } else if (keyword === 'observer') {
      template.observers.push(...parseParties(l.text.slice('observer'.length), l.number))
      i++
    } else if (keyword === 'ensure') {
      template.hasEnsure = true
      i = skipBlock(lines, i)
    } else if (keyword === 'choice' || /^(non|pre|post)consuming$/.test(keyword ?? '')) {
      const read = readChoice(lines, i, enums)
      template.choices.push(read.choice)
      i = read.next
    } else {
      throw new DamlParseError(l.number, `unsupported in template ${name}: "${l.text}"`)
    }
  }
  if (template.signatories.length === 0)
    throw new DamlParseError(head.number, `template ${name} has no signatory`)
  return { template, next: i }
}

/**
 * Reads a Daml module's enums (`data X = A | B`), templates, their fields, parties, `ensure` and
 * choices (see the file comment for the subset). Throws {@link DamlParseError} on what it cannot read.
 */
export function parseDamlModule(source: string): DamlModule {
  const lines = linesOf(source)
  const moduleLine = lines.find((l) => l.indent === 0 && l.text.startsWith('module '))
  const moduleName = /^module\s+([A-Z][\w.]*)\s+where$/.exec(moduleLine?.text ?? '')?.[1]
  if (!moduleName) throw new DamlParseError(moduleLine?.number ?? 1, 'expected "module Name where"')
  const enums: Record<string, string[]> = {}
  const templates: DamlTemplate[] = []
  let i = 0
  while (i < lines.length) {
    const l = lines[i]!
    if (l.indent === 0 && l.text.startsWith('data ')) {
      // An enum: `data Name = A | B` (a `deriving` clause may follow on the next lines).
      const m = /^data\s+([A-Z]\w*)\s*=\s*(.+)$/.exec(l.text)
      const constructors = m?.[2]?.split('|').map((c) => c.trim())
      if (!m || !constructors?.every((c) => TYPE_NAME.test(c)))
        throw new DamlParseError(l.number, `only enums are supported, got "${l.text}"`)
      enums[m[1]!] = constructors
      i = skipBlock(lines, i)
    } else if (l.indent === 0 && l.text.startsWith('template ')) {
      const read = readTemplate(lines, i, enums)
      templates.push(read.template)
      i = read.next
    } else {
      i++
    }
  }
  return { name: moduleName, templates, enums }
}
