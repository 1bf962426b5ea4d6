/** A contract as stored by the ledger and as the interpreter reads it. */
export interface StoredContract {
  contractId: string
  /** `packageId:Module:Entity` */
  templateId: string
  packageName: string
  /** Canonical Daml-LF JSON of the create argument. */
  arg: unknown
  signatories: string[]
  observers: string[]
  /** Ledger effective time of the create (ISO-8601). */
  createdAt: string
}

export interface CreateNode {
  kind: 'create'
  nodeId: number
  contractId: string
  templateId: string
  packageName: string
  arg: unknown
  signatories: string[]
  observers: string[]
  /** Hex node seed. */
  seed: string
}

export interface ExerciseNode {
  kind: 'exercise'
  nodeId: number
  contractId: string
  templateId: string
  packageName: string
  /** `packageId:Module:Entity` of the interface when exercised through one. */
  interfaceId?: string
  choice: string
  choiceArg: unknown
  consuming: boolean
  actingParties: string[]
  choiceObservers: string[]
  signatories: string[]
  stakeholders: string[]
  children: number[]
  lastDescendantNodeId: number
  result: unknown
  seed: string
}

export interface FetchNode {
  kind: 'fetch'
  nodeId: number
  contractId: string
  templateId: string
  packageName: string
  interfaceId?: string
  signatories: string[]
  stakeholders: string[]
  actingParties: string[]
}

export type TxNode = CreateNode | ExerciseNode | FetchNode

/** The result of interpreting commands: a Daml transaction tree plus what it read. */
export interface TxTree {
  roots: number[]
  /** Indexed by node id (pre-order). */
  nodes: TxNode[]
  /** Contracts read from the ledger (not created in this transaction), in order of first use. */
  inputContracts: StoredContract[]
  /** Contracts created here, whether or not they are consumed in the same transaction. */
  created: StoredContract[]
  /** Contract ids consumed here. */
  consumed: string[]
  /** Whether the transaction read the ledger time. */
  usedTime: boolean
  /** The ledger effective time used for interpretation (ISO-8601). */
  ledgerTime: string
}
