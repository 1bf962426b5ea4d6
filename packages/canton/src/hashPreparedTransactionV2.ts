import type {
  Create,
  DamlTransaction,
  DamlTransaction_Node,
  DamlTransaction_NodeSeed,
  Exercise,
  Fetch,
  Identifier,
  Metadata,
  Metadata_InputContract,
  PreparedTransaction,
  Rollback,
  Value,
} from '@canton-network/core-ledger-proto'
import { sha256 } from '@noble/hashes/sha2.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { CantonError } from './CantonError.js'

/**
 * Canton's hashing scheme V2 of a `PreparedTransaction`, written from the specification
 * ("External Signing Hashing Algorithm", docs.digitalasset.com, and Canton's reference
 * implementation `community/app/src/pack/examples/08-interactive-submission/
 * daml_transaction_hashing_v2.py`). Every protobuf field is encoded as its Java type would be:
 * big-endian, int32 in 4 bytes, int64 in 8 (from the decimal string or bigint protobuf-ts gives, via
 * BigInt, never through a JS number), strings and bytes with a 4-byte length, lists with a 4-byte
 * count, optionals with a 0x00/0x01 marker. Contract ids are hex and encoded as their bytes.
 */

/** HashPurpose.PreparedSubmission (48), the 4-byte prefix of every hashed V2 encoding. */
const PURPOSE = Uint8Array.of(0, 0, 0, 0x30)
/** HASHING_SCHEME_VERSION_V2 in the final hash. */
const SCHEME_V2 = 0x02
/** Version of the node and metadata encodings. */
const ENCODING_V1 = 0x01

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

const fail = (details: string): never => {
  throw new CantonError('PREPARED_TRANSACTION_INVALID', 'The prepared transaction cannot be hashed', {
    details,
  })
}

/** Accumulates the encoding; `bytes()` returns it. */
class Encoder {
  private chunks: Uint8Array[] = []
  private length = 0

  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes)
    this.length += bytes.length
    return this
  }

  byte(b: number): this {
    return this.raw(Uint8Array.of(b))
  }

  bool(b: boolean): this {
    return this.byte(b ? 1 : 0)
  }

  int32(n: number, what: string): this {
    if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) fail(`${what}: ${n} is not an int32`)
    const b = new Uint8Array(4)
    new DataView(b.buffer).setInt32(0, n)
    return this.raw(b)
  }

  /** int64 from protobuf-ts's `string` (JS_STRING fields) or `bigint`, never through a number. */
  int64(value: string | bigint, what: string): this {
    let n: bigint
    if (typeof value === 'bigint') n = value
    else if (typeof value === 'string' && /^-?(0|[1-9][0-9]*)$/.test(value)) n = BigInt(value)
    else return fail(`${what}: ${String(value)} is not a decimal int64`)
    if (n < INT64_MIN || n > INT64_MAX) fail(`${what}: ${n} is out of the int64 range`)
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigInt64(0, n)
    return this.raw(b)
  }

  bytes(b: Uint8Array): this {
    return this.int32(b.length, 'length').raw(b)
  }

  string(s: string): this {
    return this.bytes(new TextEncoder().encode(s))
  }

  /** A hex string (contract ids) as length-prefixed bytes. */
  hex(s: string, what: string): this {
    let b: Uint8Array
    try {
      b = hexToBytes(s)
    } catch {
      return fail(`${what}: ${s} is not hex`)
    }
    return this.bytes(b)
  }

  repeated<T>(items: readonly T[], each: (item: T) => void): this {
    this.int32(items.length, 'count')
    for (const item of items) each(item)
    return this
  }

  optional<T>(value: T | undefined, each: (value: T) => void): this {
    if (value === undefined) return this.byte(0)
    this.byte(1)
    each(value)
    return this
  }

  identifier(id: Identifier): this {
    return this.string(id.packageId)
      .repeated(id.moduleName.split('.'), (s) => this.string(s))
      .repeated(id.entityName.split('.'), (s) => this.string(s))
  }

  strings(items: readonly string[]): this {
    return this.repeated(items, (s) => this.string(s))
  }

  value(v: Value | undefined, what: string): this {
    if (!v) return fail(`${what}: missing value`)
    const sum = v.sum
    switch (sum.oneofKind) {
      case 'unit':
        return this.byte(0x00)
      case 'bool':
        return this.byte(0x01).bool(sum.bool)
      case 'int64':
        return this.byte(0x02).int64(sum.int64, what)
      case 'numeric':
        return this.byte(0x03).string(sum.numeric)
      case 'timestamp':
        return this.byte(0x04).int64(sum.timestamp, what)
      case 'date':
        return this.byte(0x05).int32(sum.date, what)
      case 'party':
        return this.byte(0x06).string(sum.party)
      case 'text':
        return this.byte(0x07).string(sum.text)
      case 'contractId':
        return this.byte(0x08).hex(sum.contractId, what)
      case 'optional':
        return this.byte(0x09).optional(sum.optional.value, (inner) => this.value(inner, what))
      case 'list':
        return this.byte(0x0a).repeated(sum.list.elements, (e) => this.value(e, what))
      case 'textMap':
        // Entries in the order the protobuf carries them (the spec keeps repeated fields as
        // they are); Canton builds them sorted by key, see the devnet's toProtoValue.
        return this.byte(0x0b).repeated(sum.textMap.entries, (e) => this.string(e.key).value(e.value, what))
      case 'record':
        return this.byte(0x0c)
          .optional(sum.record.recordId, (id) => this.identifier(id))
          .repeated(sum.record.fields, (f) => {
            // The label is a plain proto3 string: always "set", so always 0x01 || label.
            this.byte(1).string(f.label).value(f.value, `${what}.${f.label}`)
          })
      case 'variant':
        return this.byte(0x0d)
          .optional(sum.variant.variantId, (id) => this.identifier(id))
          .string(sum.variant.constructor)
          .value(sum.variant.value, what)
      case 'enum':
        return this.byte(0x0e)
          .optional(sum.enum.enumId, (id) => this.identifier(id))
          .string(sum.enum.constructor)
      case 'genMap':
        return this.byte(0x0f).repeated(sum.genMap.entries, (e) =>
          this.value(e.key, what).value(e.value, what),
        )
      default:
        return fail(`${what}: a value of unknown type`)
    }
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length)
    let at = 0
    for (const c of this.chunks) {
      out.set(c, at)
      at += c.length
    }
    return out
  }
}

interface Tree {
  byId: Map<string, DamlTransaction_Node>
  seeds: readonly DamlTransaction_NodeSeed[]
}

/** `find_seed`: the seed whose `node_id` printed as a string equals the node id. */
const seedOf = (tree: Tree, nodeId: string) => tree.seeds.find((s) => String(s.nodeId) === nodeId)?.seed

function encodeCreate(e: Encoder, create: Create, seed: Uint8Array | undefined): Encoder {
  return e
    .byte(ENCODING_V1)
    .string(create.lfVersion)
    .byte(0x00)
    .optional(seed, (s) => e.raw(s))
    .hex(create.contractId, 'create.contract_id')
    .string(create.packageName)
    .identifier(required(create.templateId, 'create.template_id'))
    .value(create.argument, 'create.argument')
    .strings(create.signatories)
    .strings(create.stakeholders)
}

function encodeExercise(e: Encoder, ex: Exercise, nodeId: string, tree: Tree): Encoder {
  const seed = seedOf(tree, nodeId) ?? fail(`exercise node ${nodeId} has no node seed`)
  return e
    .byte(ENCODING_V1)
    .string(ex.lfVersion)
    .byte(0x01)
    .raw(seed)
    .hex(ex.contractId, 'exercise.contract_id')
    .string(ex.packageName)
    .identifier(required(ex.templateId, 'exercise.template_id'))
    .strings(ex.signatories)
    .strings(ex.stakeholders)
    .strings(ex.actingParties)
    .optional(ex.interfaceId, (id) => e.identifier(id))
    .string(ex.choiceId)
    .value(ex.chosenValue, 'exercise.chosen_value')
    .bool(ex.consuming)
    .optional(ex.exerciseResult, (v) => e.value(v, 'exercise.exercise_result'))
    .strings(ex.choiceObservers)
    .repeated(ex.children, (child) => e.raw(nodeHash(child, tree)))
}

function encodeFetch(e: Encoder, fetch: Fetch): Encoder {
  return e
    .byte(ENCODING_V1)
    .string(fetch.lfVersion)
    .byte(0x02)
    .hex(fetch.contractId, 'fetch.contract_id')
    .string(fetch.packageName)
    .identifier(required(fetch.templateId, 'fetch.template_id'))
    .strings(fetch.signatories)
    .strings(fetch.stakeholders)
    .optional(fetch.interfaceId, (id) => e.identifier(id))
    .strings(fetch.actingParties)
}

function encodeRollback(e: Encoder, rollback: Rollback, tree: Tree): Encoder {
  return e
    .byte(ENCODING_V1)
    .byte(0x03)
    .repeated(rollback.children, (child) => e.raw(nodeHash(child, tree)))
}

function required<T>(value: T | undefined, what: string): T {
  return value ?? fail(`${what} is missing`)
}

/** sha256 of a node's encoding, looked up by id (`encode(node_id)` of the spec). */
function nodeHash(nodeId: string, tree: Tree): Uint8Array {
  const node = tree.byId.get(nodeId) ?? fail(`node ${nodeId} is referenced but not in the transaction`)
  if (node.versionedNode.oneofKind !== 'v1') return fail(`node ${nodeId} has an unsupported version`)
  const type = node.versionedNode.v1.nodeType
  const e = new Encoder()
  switch (type.oneofKind) {
    case 'create':
      encodeCreate(e, type.create, seedOf(tree, nodeId))
      break
    case 'exercise':
      encodeExercise(e, type.exercise, nodeId, tree)
      break
    case 'fetch':
      encodeFetch(e, type.fetch)
      break
    case 'rollback':
      encodeRollback(e, type.rollback, tree)
      break
    default:
      fail(`node ${nodeId} has no type`)
  }
  return sha256(e.finish())
}

/** The V2 hash of a transaction: sha256(purpose || version || roots as node hashes). */
export function hashTransactionV2(transaction: DamlTransaction): Uint8Array {
  const tree: Tree = {
    byId: new Map(transaction.nodes.map((n) => [n.nodeId, n])),
    seeds: transaction.nodeSeeds,
  }
  const e = new Encoder()
  e.raw(PURPOSE)
    .string(transaction.version)
    .repeated(transaction.roots, (root) => e.raw(nodeHash(root, tree)))
  return sha256(e.finish())
}

/** The V2 hash of a node of `transaction` (children included through their hashes). */
export function hashNodeV2(transaction: DamlTransaction, nodeId: string): Uint8Array {
  return nodeHash(nodeId, {
    byId: new Map(transaction.nodes.map((n) => [n.nodeId, n])),
    seeds: transaction.nodeSeeds,
  })
}

/** The V2 hash of the metadata (ledger time bounds optional; `max_record_time` is not hashed). */
export function hashMetadataV2(metadata: Metadata): Uint8Array {
  const submitter = required(metadata.submitterInfo, 'metadata.submitter_info')
  const e = new Encoder()
  e.raw(PURPOSE)
    .byte(ENCODING_V1)
    .strings(submitter.actAs)
    .string(submitter.commandId)
    .string(metadata.transactionUuid)
    .int32(metadata.mediatorGroup, 'metadata.mediator_group')
    .string(metadata.synchronizerId)
    .optional(metadata.minLedgerEffectiveTime, (t) => e.int64(t, 'metadata.min_ledger_effective_time'))
    .optional(metadata.maxLedgerEffectiveTime, (t) => e.int64(t, 'metadata.max_ledger_effective_time'))
    .int64(metadata.preparationTime, 'metadata.preparation_time')
    .repeated(metadata.inputContracts, (c) => encodeInputContract(e, c))
  return sha256(e.finish())
}

/** created_at || sha256(the contract's create node, without a seed). */
function encodeInputContract(e: Encoder, input: Metadata_InputContract): void {
  if (input.contract.oneofKind !== 'v1') fail('an input contract has an unsupported version')
  else
    e.int64(input.createdAt, 'input_contract.created_at').raw(
      sha256(encodeCreate(new Encoder(), input.contract.v1, undefined).finish()),
    )
}

/**
 * The 32-byte hash an external party signs for a prepared transaction (hashing scheme V2):
 * sha256(0x00000030 || 0x02 || hash(transaction) || hash(metadata)). Throws
 * PREPARED_TRANSACTION_INVALID when the message cannot be hashed (a missing node, an exercise
 * without seed, an int64 that is not one, …).
 */
export function hashPreparedTransactionV2(prepared: PreparedTransaction): Uint8Array {
  const transaction = required(prepared.transaction, 'transaction')
  const metadata = required(prepared.metadata, 'metadata')
  return sha256(
    new Encoder()
      .raw(PURPOSE)
      .byte(SCHEME_V2)
      .raw(hashTransactionV2(transaction))
      .raw(hashMetadataV2(metadata))
      .finish(),
  )
}
