import type {
  Create,
  DamlTransaction_Node,
  Identifier,
  Metadata_InputContract,
  PreparedTransaction,
} from '@canton-network/core-ledger-proto'
import { toProtoValue } from '../daml/toProtoValue.js'
import { choiceTypes } from './choiceTypes.js'
import { unsuffixedContractId } from './contractId.js'
import { createdEventBlob } from './createdEventBlob.js'
import type { TemplateRegistry } from './TemplateRegistry.js'
import type { StoredContract, TxNode, TxTree } from './TxTree.js'

/** Daml-LF version of the nodes and transaction (Canton 3.x uses LF 2.1). */
export const LF_VERSION = '2.1'

export interface BuildPreparedTransactionParameters {
  registry: TemplateRegistry
  tree: TxTree
  actAs: string[]
  commandId: string
  transactionUuid: string
  synchronizerId: string
  /** Preparation time, ISO-8601. */
  preparationTime: string
  maxRecordTime?: string
}

const micros = (iso: string) => BigInt(Date.parse(iso)) * 1000n

export function identifierOf(id: string): Identifier {
  const [packageId = '', moduleName = '', entityName = ''] = id.split(':')
  return { packageId, moduleName, entityName }
}

function createOf(registry: TemplateRegistry, c: StoredContract): Create {
  return {
    lfVersion: LF_VERSION,
    contractId: c.contractId,
    packageName: c.packageName,
    templateId: identifierOf(c.templateId),
    argument: toProtoValue(registry.templateOf(c.templateId).argType, c.arg),
    signatories: c.signatories,
    stakeholders: [...new Set([...c.signatories, ...c.observers])].sort(),
  }
}

/**
 * Encodes an interpreted transaction as the Ledger API's `PreparedTransaction` protobuf
 * (interactive_submission_service.proto, transaction v1 nodes): the Daml transaction with node
 * seeds, and metadata with submitter info, synchronizer, transaction uuid, preparation time and
 * the input contracts. Canton's hashing scheme V2 hashes exactly this message.
 */
export function buildPreparedTransaction(p: BuildPreparedTransactionParameters): PreparedTransaction {
  const { registry, tree } = p
  // Contracts the transaction creates appear under their unsuffixed ids, as in Canton's prepared
  // transactions (suffixes are assigned at commit); the ids are random, so no other string matches.
  const local = new Map(
    tree.nodes.flatMap((node) =>
      node.kind === 'create' ? [[node.contractId, unsuffixedContractId(node.contractId)] as const] : [],
    ),
  )
  const nodes = tree.nodes.map((node) => withLocalIds(protoNode(registry, tree, node), local))
  return assemble(p, nodes)
}

/** `value` with every string that is a key of `ids` replaced by its value (a deep copy where changed). */
function withLocalIds<T>(value: T, ids: ReadonlyMap<string, string>): T {
  if (ids.size === 0) return value
  if (typeof value === 'string') return (ids.get(value) ?? value) as T
  if (Array.isArray(value)) return value.map((item) => withLocalIds(item, ids)) as T
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withLocalIds(item, ids)])) as T
  }
  return value
}

function protoNode(registry: TemplateRegistry, tree: TxTree, node: TxNode): DamlTransaction_Node {
  const base = { nodeId: String(node.nodeId) }
  switch (node.kind) {
    case 'create':
      return {
        ...base,
        versionedNode: {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'create',
              create: createOf(registry, { ...node, createdAt: tree.ledgerTime }),
            },
          },
        },
      }
    case 'exercise': {
      const { argType, resultType } = choiceTypes(registry, node)
      return {
        ...base,
        versionedNode: {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'exercise',
              exercise: {
                lfVersion: LF_VERSION,
                contractId: node.contractId,
                packageName: node.packageName,
                templateId: identifierOf(node.templateId),
                signatories: node.signatories,
                stakeholders: node.stakeholders,
                actingParties: node.actingParties,
                ...(node.interfaceId ? { interfaceId: identifierOf(node.interfaceId) } : {}),
                choiceId: node.choice,
                chosenValue: toProtoValue(argType, node.choiceArg),
                consuming: node.consuming,
                children: node.children.map(String),
                exerciseResult: toProtoValue(resultType, node.result),
                choiceObservers: node.choiceObservers,
              },
            },
          },
        },
      }
    }
    case 'fetch':
      return {
        ...base,
        versionedNode: {
          oneofKind: 'v1',
          v1: {
            nodeType: {
              oneofKind: 'fetch',
              fetch: {
                lfVersion: LF_VERSION,
                contractId: node.contractId,
                packageName: node.packageName,
                templateId: identifierOf(node.templateId),
                signatories: node.signatories,
                stakeholders: node.stakeholders,
                actingParties: node.actingParties,
                ...(node.interfaceId ? { interfaceId: identifierOf(node.interfaceId) } : {}),
              },
            },
          },
        },
      }
  }
}

function assemble(p: BuildPreparedTransactionParameters, nodes: DamlTransaction_Node[]): PreparedTransaction {
  const { registry, tree } = p
  const nodeSeeds = tree.nodes
    .filter((n) => n.kind !== 'fetch')
    .map((n) => ({
      nodeId: n.nodeId,
      seed: new Uint8Array(Buffer.from((n as { seed: string }).seed, 'hex')),
    }))
  const inputContracts: Metadata_InputContract[] = tree.inputContracts.map((c) => ({
    contract: { oneofKind: 'v1', v1: createOf(registry, c) },
    createdAt: micros(c.createdAt),
    eventBlob: new Uint8Array(Buffer.from(createdEventBlob(c), 'base64')),
  }))
  return {
    transaction: {
      version: LF_VERSION,
      roots: tree.roots.map(String),
      nodes,
      nodeSeeds,
    },
    metadata: {
      submitterInfo: { actAs: p.actAs, commandId: p.commandId },
      synchronizerId: p.synchronizerId,
      mediatorGroup: 0,
      transactionUuid: p.transactionUuid,
      preparationTime: micros(p.preparationTime),
      inputContracts,
      ...(tree.usedTime ? { minLedgerEffectiveTime: micros(tree.ledgerTime) } : {}),
      ...(p.maxRecordTime ? { maxRecordTime: micros(p.maxRecordTime) } : {}),
      globalKeyMapping: [],
    },
  }
}
