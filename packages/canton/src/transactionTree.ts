import type {
  DamlTransaction,
  DamlTransaction_Node,
  PreparedTransaction,
} from '@canton-network/core-ledger-proto'
import { CantonError } from './CantonError.js'

/**
 * The node tree of a prepared transaction, read the way hashing scheme V2 reads it
 * (`hashPreparedTransactionV2`, as Canton's reference): nodes are looked up by `node_id`
 * (the last node with an id wins), starting from `roots` and following `children` of exercise
 * and rollback nodes. Only nodes reached so are covered by the hash. Internal to the package.
 */
export function nodesById(transaction: DamlTransaction | undefined): Map<string, DamlTransaction_Node> {
  const map = new Map<string, DamlTransaction_Node>()
  for (const node of transaction?.nodes ?? []) map.set(node.nodeId, node)
  return map
}

/** Child node ids of an exercise or rollback node (other nodes have none), as a fresh array. */
export function childrenOf(node: DamlTransaction_Node): string[] {
  if (node.versionedNode.oneofKind !== 'v1') return []
  const type = node.versionedNode.v1.nodeType
  // A copy: callers reorder it, and the decoded transaction must stay exactly as hashed.
  if (type.oneofKind === 'exercise') return [...type.exercise.children]
  if (type.oneofKind === 'rollback') return [...type.rollback.children]
  return []
}

const invalid = (details: string): never => {
  throw new CantonError(
    'PREPARED_TRANSACTION_INVALID',
    'The transaction the server prepared is malformed; nothing was signed',
    {
      details,
    },
  )
}

/**
 * Refuses a prepared transaction whose shape would let what is shown differ from what is hashed,
 * or that the hasher cannot walk: no transaction, metadata or submitter info; no roots; a
 * duplicate node id; a node of an unknown version or type; a reference to a missing node; a node
 * reached twice (a cycle or a shared child); a node no root reaches (it would not be hashed).
 */
export function checkTransactionTree(prepared: PreparedTransaction): void {
  const { transaction, metadata } = prepared
  if (!transaction) invalid('the prepared transaction has no transaction')
  if (!metadata?.submitterInfo) invalid('the prepared transaction has no metadata with submitter info')
  const tx = transaction as DamlTransaction
  if (tx.roots.length === 0) invalid('the transaction has no root node')
  const byId = nodesById(tx)
  if (byId.size !== tx.nodes.length) invalid('two nodes share a node id')
  for (const node of tx.nodes) {
    if (node.versionedNode.oneofKind !== 'v1') invalid(`node ${node.nodeId} has an unsupported version`)
    else if (node.versionedNode.v1.nodeType.oneofKind === undefined)
      invalid(`node ${node.nodeId} has no type`)
  }
  const seen = new Set<string>()
  const stack = [...tx.roots].reverse()
  while (stack.length > 0) {
    const id = stack.pop() as string
    if (seen.has(id)) invalid(`node ${id} is reached twice`)
    seen.add(id)
    const node = byId.get(id)
    if (!node) invalid(`node ${id} is referenced but not in the transaction`)
    stack.push(...childrenOf(node as DamlTransaction_Node).reverse())
  }
  if (seen.size !== byId.size) invalid('the transaction contains nodes outside its tree')
}
