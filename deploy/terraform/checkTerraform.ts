/**
 * Static checks of a tree of Terraform configurations, for a machine without Terraform: every
 * `.tf` file is parsed with HashiCorp's HCL parser (`@cdktf/hcl2json`, compiled to WASM), every
 * expression is parsed to its syntax tree, and the references between blocks are resolved the
 * way `terraform validate` would resolve them — variables, locals, module inputs and outputs,
 * resources, provider requirements — plus the sensitivity rules `terraform plan` enforces on
 * outputs. It does not know provider schemas: a misspelt resource argument goes unnoticed.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { getExpressionAst, parse, type TFExpressionSyntaxTree } from '@cdktf/hcl2json'

type Syntax = TFExpressionSyntaxTree.ExpressionType
type Json = Record<string, unknown>

/** A variable name that holds a credential; such a variable must be `sensitive = true`. */
const SECRET_VARIABLE = /(^|_)(secret|password|passphrase|token|api_key|private_key|instance_key)$/
/** Resource types whose attributes Terraform marks sensitive (the generated values). */
const SENSITIVE_RESOURCE_TYPES = new Set(['random_password', 'random_bytes'])
/** Arguments of a module block that are not the called module's variables. */
const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'for_each', 'count', 'depends_on', 'providers'])
/** Roots of references that name no block of the configuration. */
const BUILT_IN_ROOTS = new Set(['each', 'count', 'path', 'self', 'terraform'])

/** One reference found in an expression, and the block it was found in. */
export interface Reference {
  /** The block holding the expression, e.g. `output.d1_database_id`, `resource.random_bytes.instance_key`. */
  where: string
  /** The traversal's names, index steps left out: `['cloudflare_d1_database', 'this', 'id']`. */
  path: string[]
  /** Set when the reference goes through a for-expression over `module.<name>`: that module's output. */
  moduleOutput?: { module: string; output: string }
}

/** One directory of `.tf` files: a Terraform module (the root configuration is one too). */
export interface TerraformModule {
  dir: string
  variables: Map<string, Json>
  locals: Map<string, unknown>
  outputs: Map<string, Json>
  /** Keyed `type.name`. */
  resources: Map<string, Json>
  /** Keyed `type.name`. */
  data: Map<string, Json>
  moduleCalls: Map<string, Json>
  requiredProviders: Map<string, { source?: string; version?: string }>
  providerBlocks: Set<string>
  references: Reference[]
  /** `*.tfvars.example` files: the variables each sets. */
  tfvarsExamples: Map<string, Json>
}

/** The first block of a `name: [ {...} ]` entry, as hcl2json renders a labelled block. */
function firstBlock(value: unknown): Json {
  return (Array.isArray(value) ? value[0] : value) as Json
}

function entries(value: unknown): [string, unknown][] {
  return value && typeof value === 'object' ? Object.entries(value as Json) : []
}

/** Every directory under `root` holding `.tf` files (provider downloads in `.terraform` left out). */
function moduleDirs(root: string): string[] {
  const found: string[] = []
  const visit = (dir: string) => {
    const items = readdirSync(dir, { withFileTypes: true })
    if (items.some((item) => item.isFile() && item.name.endsWith('.tf'))) found.push(dir)
    for (const item of items)
      if (item.isDirectory() && item.name !== '.terraform' && item.name !== 'node_modules')
        visit(path.join(dir, item.name))
  }
  visit(root)
  return found.sort()
}

/** Strings holding `${…}` are expressions (hcl2json renders every expression so). */
function collectExpressions(value: unknown, where: string, out: { where: string; text: string }[]): void {
  if (typeof value === 'string') {
    if (value.includes('${')) out.push({ where, text: value })
  } else if (Array.isArray(value)) {
    for (const item of value) collectExpressions(item, where, out)
  } else if (value && typeof value === 'object') {
    for (const [, item] of Object.entries(value)) collectExpressions(item, where, out)
  }
}

/**
 * The references in one hcl2json expression string. The string is parsed as a heredoc template,
 * which takes both forms hcl2json produces — a whole expression `${…}` and a template with text
 * around interpolations — without re-escaping the text.
 */
async function referencesIn(file: string, where: string, text: string): Promise<Reference[]> {
  const marker = '__STRATOS_TF_EXPRESSION__'
  const ast = await getExpressionAst(file, `<<${marker}\n${text}\n${marker}\n`)
  const found: Reference[] = []
  const visit = (node: Syntax | null | undefined, bound: Map<string, string | null>) => {
    if (!node) return
    if (node.type === 'scopeTraversal') {
      const names = node.meta.traversal.filter((part) => part.type === 'nameTraversal').map((p) => p.segment)
      const root = names[0]
      if (root === undefined) return
      if (bound.has(root)) {
        const module = bound.get(root)
        if (module && names[1] !== undefined)
          found.push({ where, path: names, moduleOutput: { module, output: names[1] } })
        return
      }
      found.push({ where, path: names })
      return
    }
    if (node.type === 'for') {
      // `for k, v in module.x : … v.out …`: v's attributes are the outputs of module x.
      const collection = /^module\.([A-Za-z_][\w-]*)$/.exec(node.meta.collectionExpression.trim())
      const inner = new Map(bound)
      if (node.meta.keyVar) inner.set(node.meta.keyVar, null)
      if (node.meta.valVar) inner.set(node.meta.valVar, collection?.[1] ?? null)
      const [first, ...rest] = node.children
      visit(first, bound)
      for (const child of rest) visit(child, inner)
      return
    }
    for (const child of node.children ?? []) visit(child, bound)
  }
  visit(ast, new Map())
  return found
}

/** Parses every `.tf` file of one directory into its blocks and references. */
async function readModule(dir: string): Promise<TerraformModule> {
  const module: TerraformModule = {
    dir,
    variables: new Map(),
    locals: new Map(),
    outputs: new Map(),
    resources: new Map(),
    data: new Map(),
    moduleCalls: new Map(),
    requiredProviders: new Map(),
    providerBlocks: new Set(),
    references: [],
    tfvarsExamples: new Map(),
  }
  const files = readdirSync(dir).sort()
  for (const file of files.filter((name) => name.endsWith('.tf'))) {
    const filePath = path.join(dir, file)
    const parsed = await parse(filePath, readFileSync(filePath, 'utf8'))
    const expressions: { where: string; text: string }[] = []
    for (const [name, block] of entries(parsed.variable)) {
      const { type: _typeConstraint, ...rest } = firstBlock(block)
      module.variables.set(name, firstBlock(block))
      // The type is a type constraint (`map(object({…}))`), not an expression to resolve.
      collectExpressions(rest, `variable.${name}`, expressions)
    }
    for (const locals of (parsed.locals ?? []) as Json[])
      for (const [name, value] of Object.entries(locals)) {
        module.locals.set(name, value)
        collectExpressions(value, `local.${name}`, expressions)
      }
    for (const [name, block] of entries(parsed.output)) {
      module.outputs.set(name, firstBlock(block))
      collectExpressions(block, `output.${name}`, expressions)
    }
    for (const [kind, target] of [
      ['resource', module.resources],
      ['data', module.data],
    ] as const)
      for (const [type, named] of entries(parsed[kind]))
        for (const [name, block] of entries(named)) {
          target.set(`${type}.${name}`, firstBlock(block))
          collectExpressions(block, `${kind}.${type}.${name}`, expressions)
        }
    for (const [name, block] of entries(parsed.module)) {
      module.moduleCalls.set(name, firstBlock(block))
      collectExpressions(block, `module.${name}`, expressions)
    }
    for (const [name, block] of entries(parsed.provider)) {
      module.providerBlocks.add(name)
      collectExpressions(block, `provider.${name}`, expressions)
    }
    for (const [name, block] of entries(parsed.check)) collectExpressions(block, `check.${name}`, expressions)
    for (const terraform of (parsed.terraform ?? []) as Json[])
      for (const required of (terraform.required_providers ?? []) as Json[])
        for (const [name, requirement] of Object.entries(required))
          module.requiredProviders.set(name, requirement as { source?: string; version?: string })
    for (const { where, text } of expressions)
      module.references.push(...(await referencesIn(filePath, where, text)))
  }
  for (const file of files.filter((name) => name.endsWith('.tfvars.example'))) {
    const filePath = path.join(dir, file)
    module.tfvarsExamples.set(file, await parse(filePath, readFileSync(filePath, 'utf8')))
  }
  return module
}

/** Reads every Terraform module under `root`, keyed by absolute directory. */
export async function readTerraformModules(root: string): Promise<Map<string, TerraformModule>> {
  const modules = new Map<string, TerraformModule>()
  for (const dir of moduleDirs(path.resolve(root))) modules.set(dir, await readModule(dir))
  return modules
}

/** The names of a module's outputs that Terraform treats as sensitive (declared so). */
function sensitiveOutputs(module: TerraformModule | undefined): Set<string> {
  return new Set(
    [...(module?.outputs ?? [])].filter(([, block]) => block.sensitive === true).map(([name]) => name),
  )
}

/**
 * Checks every module under `root` and returns one sentence per problem (empty: none found):
 * undeclared or unused variables and locals; module calls passing unknown variables or missing
 * required ones; references to undeclared resources, modules or module outputs; resource types
 * whose provider is not in `required_providers` (or is, without source and version), and module
 * calls whose providers the caller does not require by the same source; secret
 * variables without `sensitive = true`; outputs carrying a sensitive value without it; example
 * tfvars setting undeclared or sensitive variables.
 */
export async function checkTerraform(root: string): Promise<string[]> {
  const absoluteRoot = path.resolve(root)
  const modules = await readTerraformModules(absoluteRoot)
  const problems: string[] = []
  const calledWithRepetition = new Set<string>()
  for (const module of modules.values())
    for (const call of module.moduleCalls.values())
      if (typeof call.source === 'string' && (call.for_each !== undefined || call.count !== undefined))
        calledWithRepetition.add(path.resolve(module.dir, call.source))

  for (const module of modules.values()) {
    const at = path.relative(absoluteRoot, module.dir) || '.'
    const report = (problem: string) => problems.push(`${at}: ${problem}`)
    const calledModule = (name: string) => {
      const source = module.moduleCalls.get(name)?.source
      return typeof source === 'string' ? modules.get(path.resolve(module.dir, source)) : undefined
    }

    // Providers: every one required with its source and version; every resource type covered.
    for (const [name, requirement] of module.requiredProviders)
      if (!requirement.source || !requirement.version)
        report(`required_providers.${name} needs both source and version`)
    const resourceTypes = [
      ...[...module.resources.keys()].map((key) => ({ kind: 'resource', key })),
      ...[...module.data.keys()].map((key) => ({ kind: 'data', key })),
    ]
    for (const { kind, key } of resourceTypes) {
      const provider = key.split('.')[0]!.split('_')[0]!
      if (!module.requiredProviders.has(provider))
        report(`${kind} ${key}: provider '${provider}' is not in required_providers`)
    }
    for (const provider of module.providerBlocks) {
      if (!module.requiredProviders.has(provider))
        report(`provider "${provider}" is configured but not in required_providers`)
      if (calledWithRepetition.has(module.dir))
        report(`provider "${provider}" is configured in a module called with for_each or count`)
    }

    // Variables: declared when used, used when declared, sensitive when they hold a credential.
    const usedVariables = new Set<string>()
    for (const reference of module.references) {
      const [root, name] = reference.path
      if (root !== 'var' || name === undefined) continue
      if (!module.variables.has(name)) report(`var.${name} is used in ${reference.where} but not declared`)
      if (!reference.where.startsWith('variable.')) usedVariables.add(name)
    }
    for (const [name, block] of module.variables) {
      if (!usedVariables.has(name)) report(`variable "${name}" is declared but never used`)
      if (SECRET_VARIABLE.test(name) && block.sensitive !== true)
        report(`variable "${name}" holds a secret but lacks sensitive = true`)
    }

    // Locals.
    const usedLocals = new Set<string>()
    for (const reference of module.references) {
      const [root, name] = reference.path
      if (root !== 'local' || name === undefined) continue
      if (!module.locals.has(name)) report(`local.${name} is used in ${reference.where} but not declared`)
      if (reference.where !== `local.${name}`) usedLocals.add(name)
    }
    for (const name of module.locals.keys())
      if (!usedLocals.has(name)) report(`local "${name}" is declared but never used`)

    // Module calls: the called module exists and declares every argument; required ones are given.
    for (const [name, call] of module.moduleCalls) {
      const called = calledModule(name)
      if (!called) {
        report(`module "${name}": source ${String(call.source)} is not a directory of .tf files here`)
        continue
      }
      const calledAt = path.relative(absoluteRoot, called.dir)
      for (const argument of Object.keys(call))
        if (!MODULE_META_ARGUMENTS.has(argument) && !called.variables.has(argument))
          report(`module "${name}" passes ${argument}, which ${calledAt} does not declare`)
      for (const [variable, block] of called.variables)
        if (!('default' in block) && !(variable in call))
          report(`module "${name}" does not pass ${variable}, which ${calledAt} requires`)
      // A provider the caller does not require by the same source would be installed as
      // hashicorp/<name> for the caller, a different provider from the module's.
      for (const [provider, requirement] of called.requiredProviders)
        if (module.requiredProviders.get(provider)?.source !== requirement.source)
          report(
            `module "${name}" uses provider ${provider} (${requirement.source}), not in required_providers here`,
          )
    }

    // References to resources, data sources and module outputs resolve.
    for (const reference of module.references) {
      const [root, second, third] = reference.path
      if (reference.moduleOutput) {
        const { module: moduleName, output } = reference.moduleOutput
        const called = calledModule(moduleName)
        if (called && !called.outputs.has(output))
          report(
            `${reference.where} reads output ${output} of module.${moduleName}, which it does not declare`,
          )
        continue
      }
      if (root === undefined || root === 'var' || root === 'local' || BUILT_IN_ROOTS.has(root)) continue
      if (root === 'module') {
        if (second === undefined || !module.moduleCalls.has(second))
          report(`${reference.where} refers to module.${second}, which is not declared`)
        else if (third !== undefined && !calledModule(second)?.outputs.has(third))
          report(`${reference.where} reads output ${third} of module.${second}, which it does not declare`)
      } else if (root === 'data') {
        if (!module.data.has(`${second}.${third}`))
          report(`${reference.where} refers to data.${second}.${third}, which is not declared`)
      } else if (!module.resources.has(`${root}.${second}`)) {
        report(`${reference.where} refers to ${root}.${second}, which is not declared`)
      }
    }

    // Sensitive values reach an output only through an output marked sensitive (terraform plan
    // refuses the rest). Sources: sensitive variables, generated secrets, sensitive module
    // outputs, and locals built from any of them.
    const sensitiveVariables = new Set(
      [...module.variables].filter(([, block]) => block.sensitive === true).map(([name]) => name),
    )
    const taints = (reference: Reference, taintedLocals: Set<string>): boolean => {
      const [root, second, third] = reference.path
      if (reference.moduleOutput)
        return sensitiveOutputs(calledModule(reference.moduleOutput.module)).has(
          reference.moduleOutput.output,
        )
      if (root === 'var') return second !== undefined && sensitiveVariables.has(second)
      if (root === 'local') return second !== undefined && taintedLocals.has(second)
      if (root === 'module')
        return (
          second !== undefined && third !== undefined && sensitiveOutputs(calledModule(second)).has(third)
        )
      return root !== undefined && SENSITIVE_RESOURCE_TYPES.has(root)
    }
    const taintedLocals = new Set<string>()
    for (let changed = true; changed; ) {
      changed = false
      for (const reference of module.references) {
        const name = reference.where.startsWith('local.') ? reference.where.slice('local.'.length) : null
        if (name && !taintedLocals.has(name) && taints(reference, taintedLocals)) {
          taintedLocals.add(name)
          changed = true
        }
      }
    }
    for (const [name, block] of module.outputs) {
      if (block.sensitive === true) continue
      const source = module.references.find(
        (reference) => reference.where === `output.${name}` && taints(reference, taintedLocals),
      )
      if (source)
        report(
          `output "${name}" carries a sensitive value (${source.path.join('.')}) but lacks sensitive = true`,
        )
    }

    // Example variable files: only declared variables, never a secret.
    for (const [file, values] of module.tfvarsExamples)
      for (const name of Object.keys(values)) {
        if (!module.variables.has(name)) report(`${file} sets ${name}, which is not a variable here`)
        else if (module.variables.get(name)?.sensitive === true)
          report(`${file} sets the sensitive variable ${name}: give it as TF_VAR_${name} instead`)
      }
  }
  return problems
}
