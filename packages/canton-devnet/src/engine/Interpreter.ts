import { randomBytes } from 'node:crypto'
import { CantonError } from '../CantonError.js'
import type { DamlType } from '../daml/DamlType.js'
import { normalizeValue } from '../daml/normalizeValue.js'
import { newContractId } from './contractId.js'
import {
  archiveChoiceArgType,
  type ContractHandle,
  type RegisteredTemplate,
  type TemplateRegistry,
} from './TemplateRegistry.js'
import type { ExerciseNode, StoredContract, TxNode, TxTree } from './TxTree.js'
import type { UpdateContext } from './UpdateContext.js'

/** Where the interpreter finds active contracts of the ledger. */
export interface ContractSource {
  lookupActive(contractId: string): StoredContract | undefined
}

export interface InterpreterOptions {
  actAs: string[]
  readAs: string[]
  /** Ledger time, ISO-8601. */
  ledgerTime: string
  /** Contracts disclosed with the command (explicit disclosure), by contract id. */
  disclosed?: Map<string, StoredContract>
}

/** A Ledger API command (the JSON API's `Command` oneOf). */
export type LedgerCommand =
  | { CreateCommand: { templateId: string; createArguments: unknown } }
  | { ExerciseCommand: { templateId: string; contractId: string; choice: string; choiceArgument: unknown } }
  | {
      CreateAndExerciseCommand: {
        templateId: string
        createArguments: unknown
        choice: string
        choiceArgument: unknown
      }
    }
  | { ExerciseByKeyCommand: unknown }

const sorted = (parties: Iterable<string>) => [...new Set(parties)].sort()

function unhandled(message: string): never {
  throw new CantonError(
    'UNHANDLED_EXCEPTION',
    `Interpretation error: Error: Unhandled Daml exception: DA.Exception.AssertionFailed:AssertionFailed@3f4deaf1{ message = ${JSON.stringify(message)} }`,
  )
}

function notFound(contractId: string): never {
  throw new CantonError('CONTRACT_NOT_FOUND', `Contract could not be found with id ${contractId}`, {
    resources: [['CONTRACT_ID', contractId]],
  })
}

/**
 * Interprets Ledger API commands against the TypeScript templates of a {@link TemplateRegistry}
 * and produces a Daml transaction tree, enforcing Daml's authorization rules and contract
 * activeness. Nothing is written: the caller commits the tree (or prepares it for signing).
 */
export class Interpreter {
  readonly #registry: TemplateRegistry
  readonly #source: ContractSource
  readonly #options: InterpreterOptions
  readonly #nodes: TxNode[] = []
  readonly #roots: number[] = []
  readonly #childStack: number[][] = []
  readonly #authorizers: Set<string>[] = []
  readonly #created = new Map<string, StoredContract>()
  readonly #consumed = new Set<string>()
  readonly #inputs = new Map<string, StoredContract>()
  #usedTime = false

  constructor(registry: TemplateRegistry, source: ContractSource, options: InterpreterOptions) {
    this.#registry = registry
    this.#source = source
    this.#options = options
  }

  /** Interprets the commands in order as one transaction. */
  run(commands: LedgerCommand[]): TxTree {
    if (commands.length === 0)
      throw new CantonError('MISSING_FIELD', 'The submitted command is missing a mandatory field: commands')
    this.#authorizers.push(new Set(this.#options.actAs))
    for (const [i, command] of commands.entries()) this.#runCommand(command, i)
    return {
      roots: this.#roots,
      nodes: this.#nodes,
      inputContracts: [...this.#inputs.values()],
      created: [...this.#created.values()],
      consumed: [...this.#consumed],
      usedTime: this.#usedTime,
      ledgerTime: this.#options.ledgerTime,
    }
  }

  #runCommand(command: LedgerCommand, index: number) {
    if (typeof command !== 'object' || command === null) {
      throw new CantonError('INVALID_ARGUMENT', `commands[${index}] is not a command object`)
    }
    if ('CreateCommand' in command) {
      const { templateId, createArguments } = command.CreateCommand ?? ({} as never)
      this.#create(this.#template(templateId), createArguments)
    } else if ('ExerciseCommand' in command) {
      const { templateId, contractId, choice, choiceArgument } = command.ExerciseCommand ?? ({} as never)
      if (typeof contractId !== 'string')
        throw new CantonError('MISSING_FIELD', 'ExerciseCommand.contractId is missing')
      this.#exerciseCommand(templateId, contractId, choice, choiceArgument)
    } else if ('CreateAndExerciseCommand' in command) {
      const { templateId, createArguments, choice, choiceArgument } =
        command.CreateAndExerciseCommand ?? ({} as never)
      const cid = this.#create(this.#template(templateId), createArguments)
      this.#exerciseCommand(templateId, cid, choice, choiceArgument)
    } else if ('ExerciseByKeyCommand' in command) {
      throw new CantonError(
        'UNSUPPORTED_OPERATION',
        'ExerciseByKeyCommand is not supported by the devnet (no contract keys)',
      )
    } else {
      throw new CantonError('INVALID_ARGUMENT', `commands[${index}] has no known command kind`)
    }
  }

  #template(ref: unknown): RegisteredTemplate {
    if (typeof ref !== 'string')
      throw new CantonError('MISSING_FIELD', 'The command is missing its templateId')
    const t = this.#registry.resolveTemplate(ref)
    if (!t) {
      throw new CantonError('TEMPLATES_OR_INTERFACES_NOT_FOUND', `Templates do not exist: [${ref}]`, {
        resources: [['TEMPLATE_ID', ref]],
      })
    }
    return t
  }

  #exerciseCommand(ref: unknown, contractId: string, choice: unknown, arg: unknown) {
    if (typeof ref !== 'string')
      throw new CantonError('MISSING_FIELD', 'The command is missing its templateId')
    if (typeof choice !== 'string')
      throw new CantonError('MISSING_FIELD', 'The command is missing its choice')
    const iface = this.#registry.resolveInterface(ref)
    const contract = this.#contract(contractId, true)
    if (iface) {
      this.#exercise(contract, choice, arg, iface.nameKey)
      return
    }
    const template = this.#template(ref)
    if (this.#registry.templateOf(contract.templateId).nameKey !== template.nameKey) {
      throw new CantonError(
        'COMMAND_PREPROCESSING_FAILED',
        `Contract ${contractId} is of template ${contract.templateId}, not ${ref}`,
      )
    }
    this.#exercise(contract, choice, arg, undefined)
  }

  /** Looks up an active contract; root-level lookups must be visible to the submitters or disclosed. */
  #contract(contractId: string, root: boolean): StoredContract {
    if (this.#consumed.has(contractId)) notFound(contractId)
    const local = this.#created.get(contractId)
    if (local) return local
    const disclosed = this.#options.disclosed?.get(contractId)
    const stored = this.#source.lookupActive(contractId)
    const contract = stored ?? disclosed
    if (!contract) notFound(contractId)
    if (!disclosed) {
      const readers = new Set([...this.#options.actAs, ...this.#options.readAs])
      const visible = [...contract.signatories, ...contract.observers].some((p) => readers.has(p))
      // A registry-only contract lives on the registry's participant: a submission by anyone who
      // is not one of its stakeholders must disclose it, wherever it is used in the transaction.
      const hidden = root || this.#registry.templateOf(contract.templateId).registryOnly === true
      if (hidden && !visible) notFound(contractId)
    }
    if (!this.#inputs.has(contractId)) this.#inputs.set(contractId, contract)
    return contract
  }

  #push<N extends TxNode>(node: N): N {
    this.#nodes.push(node)
    const siblings = this.#childStack.at(-1)
    if (siblings) siblings.push(node.nodeId)
    else this.#roots.push(node.nodeId)
    return node
  }

  #checkAuthorized(required: string[], what: string) {
    const authorizers = this.#authorizers.at(-1)!
    const missing = required.filter((p) => !authorizers.has(p))
    if (missing.length > 0) {
      throw new CantonError(
        'DAML_AUTHORIZATION_ERROR',
        `Interpretation error: Error: node ${what} requires authorizers ${sorted(required).join(',')}, but only ${sorted(authorizers).join(',')} were given`,
      )
    }
  }

  #create(template: RegisteredTemplate, rawArg: unknown): string {
    const arg = normalizeValue(template.argType, rawArg, 'createArguments')
    const failure = template.ensure?.(arg)
    if (failure) {
      throw new CantonError(
        'UNHANDLED_EXCEPTION',
        `Interpretation error: Error: Template precondition violated in ${template.templateId}: ${failure}`,
      )
    }
    const signatories = sorted(template.signatories(arg))
    const observers = sorted(template.observers(arg)).filter((p) => !signatories.includes(p))
    if (signatories.length === 0) unhandled(`${template.nameKey} has no signatories`)
    this.#checkAuthorized(signatories, `create of ${template.templateId}`)
    const contractId = newContractId({ templateId: template.templateId, arg, signatories, observers })
    this.#push({
      kind: 'create',
      nodeId: this.#nodes.length,
      contractId,
      templateId: template.templateId,
      packageName: template.packageName,
      arg,
      signatories,
      observers,
      seed: randomBytes(32).toString('hex'),
    })
    this.#created.set(contractId, {
      contractId,
      templateId: template.templateId,
      packageName: template.packageName,
      arg,
      signatories,
      observers,
      createdAt: this.#options.ledgerTime,
    })
    return contractId
  }

  #exercise(
    contract: StoredContract,
    choiceName: string,
    rawArg: unknown,
    ifaceKey: string | undefined,
  ): unknown {
    const template = this.#registry.templateOf(contract.templateId)
    const handle: ContractHandle = {
      contractId: contract.contractId,
      arg: contract.arg,
      signatories: contract.signatories,
      observers: contract.observers,
    }
    let argType: DamlType
    let resultType: DamlType
    let consuming: boolean
    let controllersOf: (arg: unknown) => string[]
    let observersOf: (arg: unknown) => string[]
    let body: (ctx: UpdateContext, arg: unknown) => unknown
    let interfaceId: string | undefined

    if (choiceName === 'Archive') {
      argType = archiveChoiceArgType
      resultType = { t: 'unit' }
      consuming = true
      controllersOf = () => contract.signatories
      observersOf = () => []
      body = () => ({})
      if (ifaceKey) interfaceId = this.#registry.interfaceByKey(ifaceKey)!.interfaceId
    } else if (ifaceKey) {
      const iface = this.#registry.interfaceByKey(ifaceKey)!
      const impl = template.implements?.[ifaceKey]
      if (!impl) {
        throw new CantonError(
          'COMMAND_PREPROCESSING_FAILED',
          `Contract ${contract.contractId} of template ${contract.templateId} does not implement interface ${iface.interfaceId}`,
        )
      }
      const choice = iface.choices[choiceName]
      if (!choice) {
        throw new CantonError(
          'COMMAND_PREPROCESSING_FAILED',
          `Couldn't find requested choice ${choiceName} for interface ${iface.interfaceId}`,
        )
      }
      const view = this.#registry.viewOf(template, ifaceKey, contract.arg)
      ;({ argType, resultType, consuming } = choice)
      controllersOf = (arg) => choice.controllers(view, arg)
      observersOf = (arg) => choice.observers?.(view, arg) ?? []
      body = (ctx, arg) => impl.choices[choiceName]!(ctx, handle, arg)
      interfaceId = iface.interfaceId
    } else {
      const choice = template.choices?.[choiceName]
      if (!choice) {
        throw new CantonError(
          'COMMAND_PREPROCESSING_FAILED',
          `Couldn't find requested choice ${choiceName} for template ${template.templateId}`,
        )
      }
      ;({ argType, resultType, consuming } = choice)
      controllersOf = (arg) => choice.controllers(contract.arg, arg)
      observersOf = (arg) => choice.observers?.(contract.arg, arg) ?? []
      body = (ctx, arg) => choice.body(ctx, handle, arg)
    }

    const arg = normalizeValue(argType, rawArg ?? {}, 'choiceArgument')
    const actingParties = sorted(controllersOf(arg))
    if (actingParties.length === 0) unhandled(`choice ${choiceName} has no controllers`)
    this.#checkAuthorized(actingParties, `exercise of ${choiceName} on ${contract.contractId}`)

    const node: ExerciseNode = this.#push({
      kind: 'exercise',
      nodeId: this.#nodes.length,
      contractId: contract.contractId,
      templateId: contract.templateId,
      packageName: contract.packageName,
      ...(interfaceId ? { interfaceId } : {}),
      choice: choiceName,
      choiceArg: arg,
      consuming,
      actingParties,
      choiceObservers: sorted(observersOf(arg)),
      signatories: contract.signatories,
      stakeholders: sorted([...contract.signatories, ...contract.observers]),
      children: [],
      lastDescendantNodeId: 0,
      result: null,
      seed: randomBytes(32).toString('hex'),
    })
    // Daml consumes the contract before the choice body runs.
    if (consuming) this.#consumed.add(contract.contractId)

    this.#childStack.push(node.children)
    this.#authorizers.push(new Set([...contract.signatories, ...actingParties]))
    try {
      node.result = normalizeValue(resultType, body(this.#context(), arg), `result of ${choiceName}`)
    } finally {
      this.#authorizers.pop()
      this.#childStack.pop()
    }
    node.lastDescendantNodeId = this.#nodes.length - 1
    return node.result
  }

  #fetch(contractId: string, options: { interfaceId?: string; templateId?: string }): unknown {
    const contract = this.#contract(contractId, false)
    const template = this.#registry.templateOf(contract.templateId)
    const stakeholders = sorted([...contract.signatories, ...contract.observers])
    const authorizers = this.#authorizers.at(-1)!
    const actingParties = stakeholders.filter((p) => authorizers.has(p))
    if (actingParties.length === 0) {
      throw new CantonError(
        'DAML_AUTHORIZATION_ERROR',
        `Interpretation error: Error: fetch of ${contractId} requires one of the stakeholders ${stakeholders.join(',')} as authorizer`,
      )
    }
    let interfaceId: string | undefined
    let result: unknown = contract.arg
    if (options.interfaceId) {
      const iface = this.#registry.resolveInterface(options.interfaceId)
      if (!iface || !template.implements?.[iface.nameKey]) {
        unhandled(`contract ${contractId} does not implement ${options.interfaceId}`)
      }
      interfaceId = iface.interfaceId
      result = this.#registry.viewOf(template, iface.nameKey, contract.arg)
    } else if (
      options.templateId &&
      this.#registry.resolveTemplate(options.templateId)?.nameKey !== template.nameKey
    ) {
      unhandled(`contract ${contractId} is not of template ${options.templateId}`)
    }
    this.#push({
      kind: 'fetch',
      nodeId: this.#nodes.length,
      contractId,
      templateId: contract.templateId,
      packageName: contract.packageName,
      ...(interfaceId ? { interfaceId } : {}),
      signatories: contract.signatories,
      stakeholders,
      actingParties,
    })
    return result
  }

  #context(): UpdateContext {
    return {
      create: (ref, arg) => this.#create(this.#template(ref), arg),
      exercise: (cid, choice, arg, options) => {
        const contract = this.#contract(cid, false)
        const ifaceKey = options?.interfaceId
          ? this.#registry.resolveInterface(options.interfaceId)?.nameKey
          : undefined
        if (options?.interfaceId && !ifaceKey) unhandled(`unknown interface ${options.interfaceId}`)
        return this.#exercise(contract, choice, arg, ifaceKey)
      },
      fetch: (cid, options) => this.#fetch(cid, options ?? {}) as never,
      archive: (cid) => {
        this.#exercise(this.#contract(cid, false), 'Archive', {}, undefined)
      },
      now: () => {
        this.#usedTime = true
        return this.#options.ledgerTime
      },
      fail: (message) => unhandled(message),
      require: (condition, message) => {
        if (!condition) unhandled(message)
      },
    }
  }
}
