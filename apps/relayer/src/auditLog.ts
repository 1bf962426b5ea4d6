import pino, { type DestinationStream, type Logger } from 'pino'
import type { Hex } from 'viem'

export interface IntentRef {
  intentId: Hex
  vaultId: Hex
  chainId: number
}

/**
 * The audit trail: one JSON line per event, with `event` naming it. Only ids, hashes, numbers
 * and reasons are written; keys, tokens and signatures never reach it (nothing else is passed in).
 *
 * `transaction_submitted` carries every field of the design (intent id, nonce, vault id, tx
 * hash, chain, gas used). Gas used is only known once the transaction is mined, so it is written
 * at confirmation, for the transaction that executed the intent; each broadcast before that
 * (first send, fee bump, rebroadcast after a takeover) is written as `transaction_broadcast`.
 */
export interface AuditLog {
  intentReceived(ref: IntentRef & { contractId: string }): void
  transactionBroadcast(
    ref: IntentRef & { txHash: Hex; nonce: number; kind: 'send' | 'fee-bump' | 'rebroadcast' },
  ): void
  transactionSubmitted(ref: IntentRef & { txHash: Hex; nonce: number | null; gasUsed: bigint | null }): void
  intentFailed(ref: IntentRef & { reason: string; txHash: Hex | null }): void
  intentReported(ref: IntentRef & { contractId: string; status: 'executed' | 'failed'; result: string }): void
}

export interface CreateAuditLogParameters {
  /** A pino logger to write through (its bindings are kept); default a new one on `destination`. */
  logger?: Logger
  /** Where lines go when no logger is given (default stdout). */
  destination?: DestinationStream
  relayerId?: string
}

export function createAuditLog(parameters: CreateAuditLogParameters = {}): AuditLog {
  const base =
    parameters.logger ??
    pino({ base: null, timestamp: pino.stdTimeFunctions.isoTime }, parameters.destination)
  const log = base.child({
    audit: true,
    ...(parameters.relayerId ? { relayerId: parameters.relayerId } : {}),
  })
  const write = (event: string, fields: Record<string, unknown>) => log.info({ event, ...fields }, event)
  return {
    intentReceived: (r) =>
      write('intent_received', {
        intentId: r.intentId,
        contractId: r.contractId,
        vaultId: r.vaultId,
        chain: r.chainId,
      }),
    transactionBroadcast: (r) =>
      write('transaction_broadcast', {
        intentId: r.intentId,
        nonce: r.nonce,
        vaultId: r.vaultId,
        txHash: r.txHash,
        chain: r.chainId,
        kind: r.kind,
      }),
    transactionSubmitted: (r) =>
      write('transaction_submitted', {
        intentId: r.intentId,
        nonce: r.nonce,
        vaultId: r.vaultId,
        txHash: r.txHash,
        chain: r.chainId,
        gasUsed: r.gasUsed === null ? null : r.gasUsed.toString(),
      }),
    intentFailed: (r) =>
      write('intent_failed', {
        intentId: r.intentId,
        vaultId: r.vaultId,
        chain: r.chainId,
        reason: r.reason,
        txHash: r.txHash,
      }),
    intentReported: (r) =>
      write('intent_reported', {
        intentId: r.intentId,
        contractId: r.contractId,
        vaultId: r.vaultId,
        chain: r.chainId,
        status: r.status,
        result: r.result,
      }),
  }
}
