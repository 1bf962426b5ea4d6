import type { DamlTransaction_Node, PreparedTransaction } from '@canton-network/core-ledger-proto'
import { identifierToString } from './damlValue.js'
import { childrenOf, nodesById } from './transactionTree.js'

/** One create or exercise of a prepared transaction, as the wallet lists what it cannot describe. */
export type TransactionAction =
  | {
      kind: 'create'
      /** Nesting below the roots: 0 for a root action (a command). */
      depth: number
      /** `packageId:Module.Name:Entity`. */
      templateId: string
      packageName: string
      /** The new contract's id as prepared (a local id, unsuffixed). */
      contractId: string
      signatories: string[]
      /** Signatories and observers: every party that sees the contract. */
      stakeholders: string[]
    }
  | {
      kind: 'exercise'
      depth: number
      templateId: string
      packageName: string
      /** Set when the choice is exercised through an interface. */
      interfaceId?: string
      choice: string
      contractId: string
      /** The contract is archived by it. */
      consuming: boolean
      actingParties: string[]
    }

export interface ListTransactionActionsReturnType {
  actions: TransactionAction[]
  /** Rollback subtrees: their effects do not happen, so their actions are not listed. */
  rollbacks: number
  /** Fetches (reads of a contract) walked past: they change nothing. */
  fetches: number
}

/**
 * Every create and exercise of a decoded prepared transaction, in the order the hash covers them
 * (pre-order from `transaction.roots` through `children`), with their depth below the roots.
 * Rollback subtrees are counted and skipped, fetches counted. Everything listed is covered by
 * hashing scheme V2; call it on the `decoded` of `verifyPreparedTransaction` (which refuses trees
 * whose shape could mislead). Never throws.
 */
export function listTransactionActions(decoded: PreparedTransaction): ListTransactionActionsReturnType {
  const byId = nodesById(decoded.transaction)
  const actions: TransactionAction[] = []
  let rollbacks = 0
  let fetches = 0
  const seen = new Set<string>()
  const stack: { id: string; depth: number }[] = [...(decoded.transaction?.roots ?? [])]
    .reverse()
    .map((id) => ({ id, depth: 0 }))
  while (stack.length > 0) {
    const { id, depth } = stack.pop() as { id: string; depth: number }
    const node: DamlTransaction_Node | undefined = byId.get(id)
    if (!node || seen.has(id) || node.versionedNode.oneofKind !== 'v1') continue
    seen.add(id)
    const type = node.versionedNode.v1.nodeType
    if (type.oneofKind === 'rollback') {
      rollbacks++
      continue
    }
    if (type.oneofKind === 'fetch') fetches++
    if (type.oneofKind === 'create')
      actions.push({
        kind: 'create',
        depth,
        templateId: identifierToString(type.create.templateId),
        packageName: type.create.packageName,
        contractId: type.create.contractId,
        signatories: [...type.create.signatories],
        stakeholders: [...type.create.stakeholders],
      })
    if (type.oneofKind === 'exercise') {
      const { exercise } = type
      actions.push({
        kind: 'exercise',
        depth,
        templateId: identifierToString(exercise.templateId),
        packageName: exercise.packageName,
        ...(exercise.interfaceId ? { interfaceId: identifierToString(exercise.interfaceId) } : {}),
        choice: exercise.choiceId,
        contractId: exercise.contractId,
        consuming: exercise.consuming,
        actingParties: [...exercise.actingParties],
      })
    }
    stack.push(
      ...childrenOf(node)
        .reverse()
        .map((child) => ({ id: child, depth: depth + 1 })),
    )
  }
  return { actions, rollbacks, fetches }
}
