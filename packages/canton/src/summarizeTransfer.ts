import type {
  Create,
  DamlTransaction_Node,
  Exercise,
  Identifier,
  PreparedTransaction,
  Value,
} from '@canton-network/core-ledger-proto'
import {
  asContractId,
  asList,
  asNumeric,
  asParty,
  asText,
  asTimestamp,
  field,
  hasField,
  identifierToString,
  ShapeError,
} from './damlValue.js'
import type { SummaryContext } from './SummaryContext.js'
import { type DeFiIntentSummary, summarizeDeFiIntent } from './summarizeDeFiIntent.js'
import { isTokenStandardInterface } from './tokenStandardInterfaces.js'
import { childrenOf, nodesById } from './transactionTree.js'

/** CIP-0056 `InstrumentId`: the registry (admin) party and the instrument's id. */
export interface InstrumentId {
  admin: string
  id: string
}

/** The standard's `Transfer` record (splice-api-token-transfer-instruction-v1). */
export interface TransferDetails {
  sender: string
  receiver: string
  /** Daml Numeric as written in the transaction, e.g. `"10.0000000000"`. */
  amount: string
  instrumentId: InstrumentId
  /** ISO-8601 UTC. */
  requestedAt: string
  /** ISO-8601 UTC: the transfer fails if not completed by then. */
  executeBefore: string
  inputHoldingCids: string[]
}

/** `TransferFactory_Transfer` exercised by the sender: moves `amount` to `receiver` (or offers it). */
export interface TransferSummary extends SummaryContext, TransferDetails {
  kind: 'transfer'
  choice: 'TransferFactory_Transfer'
  /** `55ba4deb…:Splice.Api.Token.TransferInstructionV1:TransferFactory`: the pinned standard interface. */
  interfaceId: string
  /** The factory contract exercised. */
  factoryCid: string
  /** The factory admin the sender expects (must equal `instrumentId.admin` for the standard's factories). */
  expectedAdmin: string
  actingParties: string[]
}

export type TransferInstructionChoice =
  | 'TransferInstruction_Accept'
  | 'TransferInstruction_Reject'
  | 'TransferInstruction_Withdraw'

/** Accepting, rejecting or withdrawing a pending transfer instruction. */
export interface TransferInstructionSummary extends SummaryContext {
  kind: 'transfer-instruction'
  choice: TransferInstructionChoice
  action: 'accept' | 'reject' | 'withdraw'
  /** The pinned TransferInstruction interface of splice-api-token-transfer-instruction-v1. */
  interfaceId: string
  instructionCid: string
  /** Who exercises the choice (receiver for accept/reject, sender for withdraw). */
  actingParties: string[]
  /**
   * The instruction's transfer, when the instruction contract is among the transaction's input
   * contracts (hashed too) and its template has a `transfer` field of the standard's shape.
   */
  transfer?: TransferDetails
}

/** A contract created directly by the command. */
export interface CreateSummary extends SummaryContext {
  kind: 'create'
  contractId: string
  signatories: string[]
  stakeholders: string[]
}

/** Anything else: the UI can still say which template and choice, honestly. */
export interface UnknownSummary extends SummaryContext {
  kind: 'unknown'
  choice?: string
  interfaceId?: string
  contractId?: string
  actingParties: string[]
}

export type TransactionSummary =
  | TransferSummary
  | TransferInstructionSummary
  | DeFiIntentSummary
  | CreateSummary
  | UnknownSummary

const instructionActions: Record<TransferInstructionChoice, TransferInstructionSummary['action']> = {
  TransferInstruction_Accept: 'accept',
  TransferInstruction_Reject: 'reject',
  TransferInstruction_Withdraw: 'withdraw',
}

/**
 * Says what a decoded prepared transaction does, for the user to confirm before signing.
 *
 * Walks the tree as the hash does (from `transaction.roots` through `children`, nodes looked up by
 * `node_id`; rollback subtrees are skipped since their effects do not happen) and returns the first
 * token-standard action found, pre-order:
 * - `TransferFactory_Transfer` -> `transfer`, from the exercise node's `choice_id`, `contract_id`,
 *   `template_id`, `interface_id`, `package_name`, `acting_parties` and `chosen_value`: the record
 *   `{expectedAdmin, transfer: {sender, receiver, amount, instrumentId: {admin, id}, requestedAt,
 *   executeBefore, inputHoldingCids, meta}, extraArgs}`, read by field label, or by position where
 *   labels are empty, in the order the standard declares the fields;
 * - `TransferInstruction_Accept` / `_Reject` / `_Withdraw` -> `transfer-instruction` (the
 *   exercised `contract_id` and `acting_parties`; the instruction's `transfer` from
 *   `metadata.input_contracts` when present there).
 * Only a choice exercised through the token standard's own interface counts: the exercise node's
 * `interface_id` must be the TransferFactory (resp. TransferInstruction) interface of
 * splice-api-token-transfer-instruction-v1, package id included (`tokenStandardInterfaces.ts`). A
 * choice of one of these names exercised on a template directly, through a look-alike interface of
 * another package, or whose argument is not of the standard's shape, does not count. With none found, the first root is summarized: the
 * create of a `Stratos.DeFi.Intent:DeFiIntent` that is the transaction's only root -> `defiIntent`
 * (its contract argument, see `summarizeDeFiIntent`); any other create node -> `create`
 * (`contract_id`, `template_id`, `signatories`, `stakeholders`); anything else -> `unknown` with
 * its template and choice.
 *
 * Everything read here is covered by hashing scheme V2. Call it on the `decoded` of
 * `verifyPreparedTransaction` (which refuses trees whose shape could mislead); it never throws.
 */
export function summarizeTransfer(decoded: PreparedTransaction): TransactionSummary {
  const tx = decoded.transaction
  const roots = tx?.roots ?? []
  const byId = nodesById(tx)
  const rootCount = roots.length
  const inputContracts = new Map<string, Create>()
  for (const input of decoded.metadata?.inputContracts ?? [])
    if (input.contract.oneofKind === 'v1') inputContracts.set(input.contract.v1.contractId, input.contract.v1)

  const seen = new Set<string>()
  for (const rootId of roots) {
    const root = byId.get(rootId)
    if (!root) continue
    const stack: DamlTransaction_Node[] = [root]
    while (stack.length > 0) {
      const node = stack.pop() as DamlTransaction_Node
      if (seen.has(node.nodeId)) continue
      seen.add(node.nodeId)
      if (node.versionedNode.oneofKind !== 'v1') continue
      const type = node.versionedNode.v1.nodeType
      if (type.oneofKind === 'rollback') continue
      if (type.oneofKind === 'exercise') {
        const context: SummaryContext = {
          templateId: identifierToString(type.exercise.templateId),
          packageName: type.exercise.packageName,
          rootCount,
          ...(node === root ? {} : { within: rootLabel(root) }),
        }
        const summary = summarizeExercise(type.exercise, context, inputContracts)
        if (summary) return summary
      }
      const children = childrenOf(node)
        .map((id) => byId.get(id))
        .filter((n): n is DamlTransaction_Node => n !== undefined)
      stack.push(...children.reverse())
    }
  }
  return summarizeRoot(roots[0] === undefined ? undefined : byId.get(roots[0]), rootCount)
}

function summarizeExercise(
  exercise: Exercise,
  context: SummaryContext,
  inputContracts: Map<string, Create>,
): TransferSummary | TransferInstructionSummary | undefined {
  const interfaceId = { interfaceId: identifierToString(exercise.interfaceId) }
  try {
    if (
      exercise.choiceId === 'TransferFactory_Transfer' &&
      isTokenStandardInterface(exercise.interfaceId, 'transferFactory')
    ) {
      const arg = exercise.chosenValue
      return {
        kind: 'transfer',
        choice: 'TransferFactory_Transfer',
        ...context,
        ...interfaceId,
        factoryCid: exercise.contractId,
        actingParties: [...exercise.actingParties],
        expectedAdmin: asParty(field(arg, 'expectedAdmin', 0), 'expectedAdmin'),
        ...readTransfer(field(arg, 'transfer', 1), true),
      }
    }
    if (
      exercise.choiceId in instructionActions &&
      isTokenStandardInterface(exercise.interfaceId, 'transferInstruction')
    ) {
      const choice = exercise.choiceId as TransferInstructionChoice
      const transfer = instructionTransfer(inputContracts.get(exercise.contractId))
      return {
        kind: 'transfer-instruction',
        choice,
        action: instructionActions[choice],
        ...context,
        ...interfaceId,
        instructionCid: exercise.contractId,
        actingParties: [...exercise.actingParties],
        ...(transfer ? { transfer } : {}),
      }
    }
  } catch (error) {
    if (error instanceof ShapeError) return undefined
    throw error
  }
  return undefined
}

/** The standard's `Transfer` record; `byPosition` allows unlabelled fields (choice arguments only). */
function readTransfer(value: Value, byPosition: boolean): TransferDetails {
  const at = (label: string, position: number) => field(value, label, byPosition ? position : -1)
  const instrument = at('instrumentId', 3)
  return {
    sender: asParty(at('sender', 0), 'sender'),
    receiver: asParty(at('receiver', 1), 'receiver'),
    amount: asNumeric(at('amount', 2), 'amount'),
    instrumentId: {
      admin: asParty(field(instrument, 'admin', byPosition ? 0 : -1), 'instrumentId.admin'),
      id: asText(field(instrument, 'id', byPosition ? 1 : -1), 'instrumentId.id'),
    },
    requestedAt: asTimestamp(at('requestedAt', 4), 'requestedAt'),
    executeBefore: asTimestamp(at('executeBefore', 5), 'executeBefore'),
    inputHoldingCids: asList(at('inputHoldingCids', 6), 'inputHoldingCids').map((v, i) =>
      asContractId(v, `inputHoldingCids[${i}]`),
    ),
  }
}

/**
 * The `transfer` of an instruction contract's create argument. Templates implementing
 * TransferInstruction are instrument-specific, so only a labelled `transfer` field counts.
 */
function instructionTransfer(contract: Create | undefined): TransferDetails | undefined {
  if (!contract || !hasField(contract.argument, 'transfer')) return undefined
  try {
    return readTransfer(field(contract.argument, 'transfer', -1), false)
  } catch (error) {
    if (error instanceof ShapeError) return undefined
    throw error
  }
}

function rootLabel(root: DamlTransaction_Node): { templateId: string; choice?: string } {
  const type = root.versionedNode.oneofKind === 'v1' ? root.versionedNode.v1.nodeType : undefined
  if (type?.oneofKind === 'exercise')
    return { templateId: identifierToString(type.exercise.templateId), choice: type.exercise.choiceId }
  if (type?.oneofKind === 'create' || type?.oneofKind === 'fetch') {
    const node = type.oneofKind === 'create' ? type.create : type.fetch
    return { templateId: identifierToString(node.templateId) }
  }
  return { templateId: '' }
}

function summarizeRoot(root: DamlTransaction_Node | undefined, rootCount: number): TransactionSummary {
  const type = root?.versionedNode.oneofKind === 'v1' ? root.versionedNode.v1.nodeType : undefined
  const base = (templateId: Identifier | undefined, packageName: string) => ({
    templateId: identifierToString(templateId),
    packageName,
    rootCount,
  })
  switch (type?.oneofKind) {
    case 'create': {
      const intent = rootCount === 1 ? summarizeDeFiIntent(type.create, rootCount) : undefined
      if (intent) return intent
      return {
        kind: 'create',
        ...base(type.create.templateId, type.create.packageName),
        contractId: type.create.contractId,
        signatories: [...type.create.signatories],
        stakeholders: [...type.create.stakeholders],
      }
    }
    case 'exercise':
      return {
        kind: 'unknown',
        ...base(type.exercise.templateId, type.exercise.packageName),
        choice: type.exercise.choiceId,
        ...(type.exercise.interfaceId ? { interfaceId: identifierToString(type.exercise.interfaceId) } : {}),
        contractId: type.exercise.contractId,
        actingParties: [...type.exercise.actingParties],
      }
    case 'fetch':
      return {
        kind: 'unknown',
        ...base(type.fetch.templateId, type.fetch.packageName),
        contractId: type.fetch.contractId,
        actingParties: [...type.fetch.actingParties],
      }
    default:
      return { kind: 'unknown', templateId: '', packageName: '', rootCount, actingParties: [] }
  }
}
