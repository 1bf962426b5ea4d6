import { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { CantonError } from './CantonError.js'
import { base64ToBytes, bytesToBase64, equalBytes } from './encoding.js'
import { hashPreparedTransactionV2 } from './hashPreparedTransactionV2.js'
import type { HashingSchemeVersionName } from './ledgerApiTypes.js'
import { summarizeTransfer, type TransactionSummary } from './summarizeTransfer.js'
import { checkTransactionTree } from './transactionTree.js'

export interface VerifyPreparedTransactionParameters {
  /** `preparedTransaction` of the prepare response: base64 of the `PreparedTransaction` protobuf. */
  preparedTransaction: string
  /** `preparedTransactionHash` of the prepare response, base64. Only compared, never signed. */
  preparedTransactionHash: string
  /** `hashingSchemeVersion` of the prepare response; when given it must be V2. */
  hashingSchemeVersion?: HashingSchemeVersionName | string
  /** The party that is about to sign; the transaction must act as it (`submitter_info.act_as`). */
  expectedSigner?: string
}

export interface VerifiedPreparedTransaction {
  /** The 32-byte hash WE computed (hashing scheme V2): the bytes to sign. */
  hash: Uint8Array
  /** `hash` in base64. */
  hashBase64: string
  /** The decoded protobuf the hash was computed from. */
  decoded: PreparedTransaction
  /** `metadata.submitter_info.act_as`: every party that must sign. */
  actAs: string[]
  /** `metadata.submitter_info.command_id`. */
  commandId: string
  /** `metadata.synchronizer_id`. */
  synchronizerId: string
  /** What the transaction does, for the user to confirm (see `summarizeTransfer`). */
  summary: TransactionSummary
}

const V2: HashingSchemeVersionName = 'HASHING_SCHEME_VERSION_V2'

/**
 * Checks a prepared transaction before the browser signs it, as the JSON Ledger API asks of
 * clients that do not trust the preparing participant (JsPrepareSubmissionResponse: "clients MUST
 * recompute the hash from the raw transaction"):
 * 1. decodes the protobuf (int64 fields stay decimal strings or bigints, never JS numbers) and
 *    refuses a tree whose shape could make what is shown differ from what is hashed (see
 *    `checkTransactionTree`);
 * 2. recomputes the hash with hashing scheme V2 (`hashPreparedTransactionV2`) and throws
 *    PREPARED_HASH_MISMATCH when the server's hash differs;
 * 3. with `expectedSigner`, throws PREPARED_SIGNER_MISMATCH unless the transaction acts as it;
 * 4. summarizes it (`summarizeTransfer`).
 * Returns the recomputed hash: sign that, never the server's.
 */
export async function verifyPreparedTransaction({
  preparedTransaction,
  preparedTransactionHash,
  hashingSchemeVersion,
  expectedSigner,
}: VerifyPreparedTransactionParameters): Promise<VerifiedPreparedTransaction> {
  if (hashingSchemeVersion !== undefined && hashingSchemeVersion !== V2)
    throw new CantonError(
      'UNSUPPORTED_HASHING_SCHEME',
      'The server prepared the transaction with a hashing scheme this wallet cannot check; nothing was signed',
      { details: `hashingSchemeVersion ${String(hashingSchemeVersion)}, supported: ${V2}` },
    )
  const bytes = base64ToBytes(preparedTransaction, 'preparedTransaction')
  const serverHash = base64ToBytes(preparedTransactionHash, 'preparedTransactionHash')

  let decoded: PreparedTransaction
  try {
    decoded = PreparedTransaction.fromBinary(bytes)
  } catch (cause) {
    throw new CantonError(
      'PREPARED_TRANSACTION_INVALID',
      'The transaction the server prepared could not be read; nothing was signed',
      { cause, details: cause instanceof Error ? cause.message : undefined },
    )
  }
  checkTransactionTree(decoded)

  let hash: Uint8Array
  try {
    hash = hashPreparedTransactionV2(decoded)
  } catch (cause) {
    throw new CantonError(
      'PREPARED_TRANSACTION_INVALID',
      'The transaction the server prepared could not be hashed; nothing was signed',
      { cause, details: cause instanceof CantonError ? cause.details : undefined },
    )
  }
  if (!equalBytes(hash, serverHash))
    throw new CantonError(
      'PREPARED_HASH_MISMATCH',
      'The transaction the server prepared does not match its hash; nothing was signed',
      { details: `server hash ${preparedTransactionHash}, recomputed ${bytesToBase64(hash)}` },
    )

  // checkTransactionTree guarantees metadata.submitterInfo.
  const metadata = decoded.metadata as NonNullable<PreparedTransaction['metadata']>
  const submitterInfo = metadata.submitterInfo as NonNullable<typeof metadata.submitterInfo>
  const actAs = [...submitterInfo.actAs]
  if (expectedSigner !== undefined && !actAs.includes(expectedSigner))
    throw new CantonError(
      'PREPARED_SIGNER_MISMATCH',
      'The transaction the server prepared does not act for your party; nothing was signed',
      { details: `expected ${expectedSigner}, act_as ${actAs.join(', ') || '(none)'}` },
    )

  return {
    hash,
    hashBase64: bytesToBase64(hash),
    decoded,
    actAs,
    commandId: submitterInfo.commandId,
    synchronizerId: metadata.synchronizerId,
    summary: summarizeTransfer(decoded),
  }
}
