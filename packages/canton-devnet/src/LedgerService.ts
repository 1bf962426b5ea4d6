import { randomUUID } from 'node:crypto'
import { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { hashPreparedTransactionV2 } from '@stratos/canton'
import { CantonError } from './CantonError.js'
import { isJsonSignature, type JsonSignature, verifyCantonSignature } from './crypto/verifyCantonSignature.js'
import { buildPreparedTransaction } from './engine/buildPreparedTransaction.js'
import { parseCreatedEventBlob } from './engine/createdEventBlob.js'
import { Interpreter, type LedgerCommand } from './engine/Interpreter.js'
import type { TemplateRegistry } from './engine/TemplateRegistry.js'
import type { StoredContract, TxTree } from './engine/TxTree.js'
import type { LedgerStore, UpdateRecord } from './store/LedgerStore.js'

export interface LedgerServiceOptions {
  participantId: string
  synchronizerId: string
  /** Clock (ms since epoch); injectable so tests can move time. */
  now: () => number
  /** How long after preparation a time-dependent prepared transaction may still be executed. */
  ledgerTimeToleranceMs: number
}

export interface SubmissionInput {
  commands: LedgerCommand[]
  actAs: string[]
  readAs: string[]
  userId: string
  commandId: string
  workflowId?: string
  submissionId?: string
  disclosedContracts?: unknown
}

export interface PrepareResult {
  preparedTransaction: string
  preparedTransactionHash: string
  hashingDetails?: string
}

export interface ExecuteInput {
  preparedTransaction: unknown
  partySignatures: unknown
  submissionId: unknown
  userId: string
  /** Whether the caller may execute as a party (CanActAs / CanExecuteAs / CanExecuteAsAnyParty). */
  canExecuteAs: (party: string) => boolean
}

/** Microseconds since the epoch as Canton prints a timestamp (ISO 8601, UTC). */
const microsIso = (micros: bigint) => new Date(Number(micros / 1000n)).toISOString()

const changeIdOf = (userId: string, commandId: string, actAs: string[]) =>
  JSON.stringify([userId, commandId, [...actAs].sort()])

/**
 * The participant's command side: interprets commands with the template engine, commits them
 * (submit-and-wait for hosted parties), and runs the interactive submission protocol for external
 * parties (prepare -> signatures over the hashing-scheme-V2 hash -> execute).
 */
export class LedgerService {
  readonly store: LedgerStore
  readonly registry: TemplateRegistry
  readonly options: LedgerServiceOptions

  constructor(store: LedgerStore, registry: TemplateRegistry, options: LedgerServiceOptions) {
    this.store = store
    this.registry = registry
    this.options = options
  }

  nowIso(): string {
    return new Date(this.options.now()).toISOString()
  }

  /** Parses `disclosedContracts` (DisclosedContract[]) into contracts by id. */
  disclosed(input: unknown): Map<string, StoredContract> {
    const out = new Map<string, StoredContract>()
    if (input === undefined || input === null) return out
    if (!Array.isArray(input))
      throw new CantonError('INVALID_ARGUMENT', 'disclosedContracts must be an array')
    for (const [i, d] of input.entries()) {
      if (typeof d?.createdEventBlob !== 'string') {
        throw new CantonError('MISSING_FIELD', `disclosedContracts[${i}].createdEventBlob is missing`)
      }
      const contract = parseCreatedEventBlob(d.createdEventBlob)
      if (d.contractId && d.contractId !== contract.contractId) {
        throw new CantonError(
          'INVALID_ARGUMENT',
          `disclosedContracts[${i}].contractId does not match its createdEventBlob`,
        )
      }
      // The devnet is the only participant: a disclosed contract must be one it created, unchanged.
      const known = this.store.lookupAny(contract.contractId)
      if (
        !known ||
        JSON.stringify(known.arg) !== JSON.stringify(contract.arg) ||
        known.templateId !== contract.templateId
      ) {
        throw new CantonError('INVALID_ARGUMENT', `disclosedContracts[${i}] is not a contract of this ledger`)
      }
      out.set(contract.contractId, { ...contract, createdAt: known.createdAt })
    }
    return out
  }

  interpret(input: Omit<SubmissionInput, 'userId' | 'commandId'>): TxTree {
    if (!Array.isArray(input.commands))
      throw new CantonError('MISSING_FIELD', 'The submitted command is missing a mandatory field: commands')
    for (const p of [...input.actAs, ...input.readAs]) {
      if (!this.store.getParty(p)) {
        throw new CantonError('PARTY_NOT_KNOWN_ON_LEDGER', `Party not known on ledger: ${p}`, {
          resources: [['PARTY', p]],
        })
      }
    }
    const interpreter = new Interpreter(this.registry, this.store, {
      actAs: input.actAs,
      readAs: input.readAs,
      ledgerTime: this.nowIso(),
      disclosed: this.disclosed(input.disclosedContracts),
    })
    return interpreter.run(input.commands)
  }

  /** Interprets and commits at once (submit-and-wait); act-as parties must be local parties. */
  submit(input: SubmissionInput): { offset: number; updateId: string; record: UpdateRecord } {
    for (const p of input.actAs) {
      const party = this.store.getParty(p)
      if (party?.publicKey) {
        throw new CantonError(
          'INVALID_ARGUMENT',
          `Party ${p} is an external party: its commands must be prepared and signed (interactive submission)`,
        )
      }
    }
    const tree = this.interpret(input)
    return this.store.commit(tree, {
      commandId: input.commandId,
      actAs: input.actAs,
      userId: input.userId,
      ...(input.workflowId ? { workflowId: input.workflowId } : {}),
      changeId: changeIdOf(input.userId, input.commandId, input.actAs),
      ...(input.submissionId ? { submissionId: input.submissionId } : {}),
      recordTime: this.nowIso(),
    })
  }

  /** Interprets and returns the prepared transaction and its hash (hashing scheme V2). */
  async prepare(
    input: SubmissionInput & { synchronizerId?: unknown; verboseHashing?: boolean; maxRecordTime?: unknown },
  ): Promise<PrepareResult> {
    if (
      input.synchronizerId !== undefined &&
      input.synchronizerId !== '' &&
      input.synchronizerId !== this.options.synchronizerId
    ) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Unknown or not connected synchronizer ${String(input.synchronizerId)}`,
      )
    }
    if (
      input.maxRecordTime !== undefined &&
      (typeof input.maxRecordTime !== 'string' || Number.isNaN(Date.parse(input.maxRecordTime)))
    ) {
      throw new CantonError(
        'INVALID_FIELD',
        `The submitted command has a field with invalid value: Invalid field max_record_time: not a timestamp (${String(input.maxRecordTime).slice(0, 60)})`,
      )
    }
    const tree = this.interpret(input)
    const transactionUuid = randomUUID()
    const proto = buildPreparedTransaction({
      registry: this.registry,
      tree,
      actAs: input.actAs,
      commandId: input.commandId,
      transactionUuid,
      synchronizerId: this.options.synchronizerId,
      preparationTime: tree.ledgerTime,
      ...(typeof input.maxRecordTime === 'string' ? { maxRecordTime: input.maxRecordTime } : {}),
    })
    const bytes = PreparedTransaction.toBinary(proto)
    // Hash what the client will decode, so both sides hash the same message.
    const hash = Buffer.from(hashPreparedTransactionV2(PreparedTransaction.fromBinary(bytes))).toString(
      'base64',
    )
    this.store.savePrepared({
      transactionUuid,
      hash,
      tree,
      actAs: input.actAs,
      readAs: input.readAs,
      userId: input.userId,
      commandId: input.commandId,
      workflowId: input.workflowId ?? '',
      preparationTime: tree.ledgerTime,
    })
    return {
      preparedTransaction: Buffer.from(bytes).toString('base64'),
      preparedTransactionHash: hash,
      ...(input.verboseHashing
        ? {
            hashingDetails: `hashing scheme V2; transaction uuid ${transactionUuid}; ${tree.nodes.length} nodes`,
          }
        : {}),
    }
  }

  /**
   * Executes a prepared transaction: decodes the submitted bytes, recomputes their hash, requires
   * a valid Ed25519 signature by every act-as party's key over it, refuses reused submission ids
   * and already executed transactions, and commits (refusing if an input contract was archived).
   */
  async execute(
    input: ExecuteInput,
  ): Promise<{ offset: number; updateId: string; record: UpdateRecord; actAs: string[] }> {
    if (typeof input.preparedTransaction !== 'string' || input.preparedTransaction.length === 0) {
      throw new CantonError(
        'MISSING_FIELD',
        'The submitted command is missing a mandatory field: prepared_transaction',
      )
    }
    if (typeof input.submissionId !== 'string' || input.submissionId.length === 0) {
      throw new CantonError(
        'MISSING_FIELD',
        'The submitted command is missing a mandatory field: submission_id',
      )
    }
    let prepared: PreparedTransaction
    try {
      prepared = PreparedTransaction.fromBinary(
        new Uint8Array(Buffer.from(input.preparedTransaction, 'base64')),
      )
    } catch (cause) {
      throw new CantonError('INVALID_ARGUMENT', 'The prepared transaction could not be decoded', { cause })
    }
    const actAs = prepared.metadata?.submitterInfo?.actAs ?? []
    if (!prepared.metadata || !prepared.transaction || actAs.length === 0) {
      throw new CantonError('INVALID_ARGUMENT', 'The prepared transaction lacks its metadata or transaction')
    }
    let hash: Uint8Array
    try {
      hash = hashPreparedTransactionV2(prepared)
    } catch (cause) {
      throw new CantonError('INVALID_ARGUMENT', 'The prepared transaction could not be hashed', { cause })
    }

    for (const party of actAs) {
      if (!input.canExecuteAs(party)) {
        throw new CantonError('PERMISSION_DENIED', `The user ${input.userId} may not execute as ${party}`)
      }
    }
    this.#checkSignatures(actAs, input.partySignatures, hash)

    const record = this.store.getPrepared(prepared.metadata.transactionUuid)
    if (!record || record.hash !== Buffer.from(hash).toString('base64')) {
      // The devnet executes what it prepared: a transaction it did not prepare, or one changed
      // after preparation (and signed as changed), fails the re-interpretation check.
      throw new CantonError(
        'INVALID_ARGUMENT',
        'The prepared transaction does not match a transaction prepared by this participant (it was modified after preparation or is unknown)',
      )
    }
    if (record.executedOffset !== undefined) {
      throw new CantonError('DUPLICATE_COMMAND', 'This prepared transaction has already been executed', {
        context: { transaction_uuid: record.transactionUuid },
      })
    }
    if (
      record.tree.usedTime &&
      this.options.now() - Date.parse(record.preparationTime) > this.options.ledgerTimeToleranceMs
    ) {
      throw new CantonError(
        'LEDGER_TIME_OUT_OF_BOUNDS',
        `The ledger time ${record.preparationTime} of the time-dependent prepared transaction is too far in the past; prepare it again`,
      )
    }
    // The max record time is not part of the signed hash: the executing participant takes it from
    // the submitted bytes and the synchronizer rejects a transaction recorded after it
    // (Canton's LocalRejectError.TimeRejects.MaxRecordTimeExceeded).
    const maxRecordTime = prepared.metadata.maxRecordTime
    const recordTimeMicros = BigInt(this.options.now()) * 1000n
    if (maxRecordTime !== undefined && recordTimeMicros > maxRecordTime) {
      throw new CantonError(
        'LOCAL_VERDICT_MAX_RECORD_TIME_EXCEEDED',
        `Rejected transaction as record time exceeds the maximum record time: recordTime=${microsIso(recordTimeMicros)}, maxRecordTime=${microsIso(maxRecordTime)}`,
      )
    }
    const committed = this.store.commit(record.tree, {
      commandId: record.commandId,
      actAs: record.actAs,
      userId: record.userId,
      workflowId: record.workflowId,
      changeId: changeIdOf(record.userId, record.commandId, record.actAs),
      submissionId: input.submissionId,
      preparedId: record.transactionUuid,
      externalTransactionHash: Buffer.from(hash).toString('hex'),
      recordTime: this.nowIso(),
    })
    return { ...committed, actAs }
  }

  #checkSignatures(actAs: string[], partySignatures: unknown, hash: Uint8Array) {
    const entries = (partySignatures as { signatures?: unknown } | undefined)?.signatures
    if (!Array.isArray(entries)) {
      throw new CantonError(
        'MISSING_FIELD',
        'The submitted command is missing a mandatory field: party_signatures',
      )
    }
    const byParty = new Map<string, JsonSignature[]>()
    for (const [i, e] of entries.entries()) {
      if (
        typeof e?.party !== 'string' ||
        !Array.isArray(e.signatures) ||
        !e.signatures.every(isJsonSignature)
      ) {
        throw new CantonError('INVALID_ARGUMENT', `partySignatures.signatures[${i}] is malformed`)
      }
      byParty.set(e.party, [...(byParty.get(e.party) ?? []), ...e.signatures])
    }
    for (const party of actAs) {
      const record = this.store.getParty(party)
      if (!record?.publicKey || !record.fingerprint) {
        throw new CantonError(
          'INVALID_ARGUMENT',
          `Party ${party} is not an external party with a signing key; it cannot authorize a prepared transaction`,
        )
      }
      const signatures = byParty.get(party) ?? []
      if (signatures.length === 0) {
        throw new CantonError('INVALID_ARGUMENT', `Missing signature of the acting party ${party}`, {
          resources: [['PARTY', party]],
        })
      }
      const key = new Uint8Array(Buffer.from(record.publicKey, 'hex'))
      const results = signatures.map((s) => verifyCantonSignature(s, hash, record.fingerprint!, key))
      if (!results.includes('valid')) {
        const reason = results.includes('invalid')
          ? 'the signature does not verify'
          : results.includes('unsupported')
            ? 'unsupported signature format or algorithm'
            : `no signature by the party's key ${record.fingerprint}`
        throw new CantonError(
          'INVALID_ARGUMENT',
          `Invalid signature of the acting party ${party}: ${reason}`,
          {
            resources: [['PARTY', party]],
          },
        )
      }
    }
  }
}
