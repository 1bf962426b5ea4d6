import {
  type TransferDetails,
  type VerifiedPreparedTransaction,
  verifyPreparedTransaction,
} from '@stratos/canton'
import type {
  CantonInstruction,
  CantonInstructionAction,
  CantonPreparedResponse,
  CantonPreparedTransferResponse,
} from '@stratos/schemas'
import { AppError } from '../../lib/AppError'
import { sameAmount } from './formatAmount'

/** What the user asked for; the prepared transaction must do exactly that. */
export type CantonIntent =
  | { kind: 'transfer'; receiver: string; amount: string; instrument: { admin: string; id: string } }
  | { kind: 'instruction'; action: CantonInstructionAction; instruction: CantonInstruction }

/** A prepared transaction the browser checked: what to show, and the hash it computed to sign. */
export interface ReviewedTransaction {
  prepared: CantonPreparedResponse
  verified: VerifiedPreparedTransaction
  /** What the transaction does, read from the verified transaction. */
  action: 'send' | CantonInstructionAction
  transfer: Pick<TransferDetails, 'sender' | 'receiver' | 'amount' | 'instrumentId' | 'executeBefore'>
  /** False when the transfer details come from the ledger's view of the instruction, not the hashed transaction. */
  transferFromTransaction: boolean
  /**
   * A send the registry completes at once (its `transferKind` is `direct` or `self`): nothing is
   * left for the receiver to accept. Said by the registry, not by the hashed transaction; it only
   * changes what the wallet tells the user afterwards.
   */
  completesAtOnce: boolean
}

const mismatch = (what: string) =>
  new AppError(
    'PREPARED_MISMATCH',
    `The transaction the server prepared does not do what you asked (${what}); nothing was signed`,
  )

/**
 * Checks a prepared transaction before anything is signed: verifyPreparedTransaction recomputes
 * its hash (throws PREPARED_HASH_MISMATCH, "…does not match its hash; nothing was signed") and
 * requires it to act as the user; then its decoded summary must be the action the user asked for.
 */
export async function reviewPrepared(
  prepared: CantonPreparedResponse | CantonPreparedTransferResponse,
  partyId: string,
  intent: CantonIntent,
): Promise<ReviewedTransaction> {
  const verified = await verifyPreparedTransaction({
    preparedTransaction: prepared.preparedTransaction,
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    expectedSigner: partyId,
  })
  const { summary } = verified
  // The summary describes one action; anything beside it (a second root) or around it (a root the
  // action is nested in) would be signed without being shown.
  if (summary.rootCount !== 1) throw mismatch(`it does ${summary.rootCount} things at once`)
  if (summary.within) throw mismatch('the action is nested in another one')
  if (intent.kind === 'transfer') {
    if (summary.kind !== 'transfer') throw mismatch('it is not a transfer')
    if (summary.sender !== partyId) throw mismatch('another sender')
    if (summary.receiver !== intent.receiver) throw mismatch('another receiver')
    if (!sameAmount(summary.amount, intent.amount)) throw mismatch('another amount')
    if (
      summary.instrumentId.admin !== intent.instrument.admin ||
      summary.instrumentId.id !== intent.instrument.id
    )
      throw mismatch('another token')
    const completesAtOnce = 'transferKind' in prepared && prepared.transferKind !== 'offer'
    return {
      prepared,
      verified,
      action: 'send',
      transfer: summary,
      transferFromTransaction: true,
      completesAtOnce,
    }
  }
  if (summary.kind !== 'transfer-instruction' || summary.action !== intent.action)
    throw mismatch(`it does not ${intent.action} a transfer`)
  if (summary.instructionCid !== intent.instruction.contractId) throw mismatch('another transfer')
  return {
    prepared,
    verified,
    action: intent.action,
    transfer: summary.transfer ?? intent.instruction,
    transferFromTransaction: summary.transfer !== undefined,
    completesAtOnce: false,
  }
}
