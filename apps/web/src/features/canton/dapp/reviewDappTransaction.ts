import {
  listTransactionActions,
  type TransactionAction,
  type TransferInstructionSummary,
  type TransferSummary,
  type VerifiedPreparedTransaction,
  verifyPreparedTransaction,
} from '@stratos/canton'
import type { CantonDappPreparedResponse } from '@stratos/schemas'
import { AppError } from '../../../lib/AppError'

/** What the review of a dApp's transaction says it does. */
export type DappTransactionDescription =
  /** One token-standard `TransferFactory_Transfer` from the user, and nothing else. */
  | { kind: 'transfer'; transfer: TransferSummary }
  /** One accept, reject or withdraw of a pending transfer instruction by the user, and nothing else. */
  | { kind: 'transfer-instruction'; instruction: TransferInstructionSummary }
  /** Anything else: every create and exercise the transaction holds, as the ledger names them. */
  | { kind: 'actions'; actions: TransactionAction[]; rollbacks: number }

/** A dApp's transaction the browser verified, for the person to confirm or cancel. */
export interface CantonDappTransactionReview {
  kind: 'transaction'
  method: 'prepareExecute' | 'prepareExecuteAndWait'
  /** The user's party: the only party the transaction acts as. */
  partyId: string
  commandId: string
  /** The hash the browser recomputed (hashing scheme V2): what the key signs. */
  hash: Uint8Array
  description: DappTransactionDescription
  /** Shown when the wallet cannot say what the transaction does beyond naming its actions. */
  warning: string | null
}

/** A CIP-0103 `signMessage`: the text the party key signs (its UTF-8 bytes). */
export interface CantonDappMessageReview {
  kind: 'message'
  partyId: string
  message: string
}

/** What `deps.approve` is asked to show (`CantonDappReview` renders either). */
export type CantonDappReviewData = CantonDappTransactionReview | CantonDappMessageReview

/** The warning of every transaction the wallet can only list. */
export const UNDESCRIBED_WARNING =
  'The wallet cannot describe what this transaction does: it lists the contracts it creates and the choices it exercises as the ledger names them. Confirm only if you trust this app with them.'

const refused = (what: string) =>
  new AppError('PREPARED_MISMATCH', `The prepared transaction ${what}; nothing was signed`)

/**
 * Checks what the server prepared for a dApp before anything is shown: verifyPreparedTransaction
 * recomputes the hash (PREPARED_HASH_MISMATCH otherwise) and requires the transaction to act as the
 * user; here it must act as the user alone and carry the command id the server answered. Then says
 * what it does: a token-standard transfer (or instruction choice) that is the whole transaction is
 * described as such; anything else is listed action by action with {@link UNDESCRIBED_WARNING}.
 */
export async function reviewDappTransaction(
  prepared: CantonDappPreparedResponse,
  partyId: string,
  method: CantonDappTransactionReview['method'],
): Promise<{ review: CantonDappTransactionReview; verified: VerifiedPreparedTransaction }> {
  const verified = await verifyPreparedTransaction({
    preparedTransaction: prepared.preparedTransaction,
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    expectedSigner: partyId,
  })
  if (verified.actAs.length !== 1) throw refused('acts for other parties beside yours')
  if (verified.commandId !== prepared.commandId) throw refused('carries another command id')
  return {
    verified,
    review: {
      kind: 'transaction',
      method,
      partyId,
      commandId: verified.commandId,
      hash: verified.hash,
      ...describe(verified, partyId),
    },
  }
}

function describe(
  verified: VerifiedPreparedTransaction,
  partyId: string,
): Pick<CantonDappTransactionReview, 'description' | 'warning'> {
  const { summary } = verified
  // A described action must be the whole transaction: nothing beside it, nothing around it.
  const alone = summary.rootCount === 1 && summary.within === undefined
  if (alone && summary.kind === 'transfer' && summary.sender === partyId)
    return { description: { kind: 'transfer', transfer: summary }, warning: null }
  if (alone && summary.kind === 'transfer-instruction' && summary.actingParties.includes(partyId))
    return { description: { kind: 'transfer-instruction', instruction: summary }, warning: null }
  const { actions, rollbacks } = listTransactionActions(verified.decoded)
  return { description: { kind: 'actions', actions, rollbacks }, warning: UNDESCRIBED_WARNING }
}
