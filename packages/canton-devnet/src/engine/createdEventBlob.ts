import { CantonError } from '../CantonError.js'
import type { StoredContract } from './TxTree.js'

const TAG = 'stratos-canton-devnet/contract/v1'

/**
 * The devnet's `createdEventBlob`: base64 of a JSON record of the contract. (Canton's blob is a
 * serialized FatContractInstance; clients treat it as opaque bytes to pass back for disclosure.)
 */
export function createdEventBlob(c: StoredContract): string {
  const body = {
    tag: TAG,
    contractId: c.contractId,
    templateId: c.templateId,
    packageName: c.packageName,
    arg: c.arg,
    signatories: c.signatories,
    observers: c.observers,
    createdAt: c.createdAt,
  }
  return Buffer.from(JSON.stringify(body)).toString('base64')
}

/** Parses a blob made by {@link createdEventBlob}; INVALID_ARGUMENT when it is not one. */
export function parseCreatedEventBlob(blob: string): StoredContract {
  try {
    const b = JSON.parse(Buffer.from(blob, 'base64').toString('utf8'))
    if (b.tag !== TAG || typeof b.contractId !== 'string') throw new Error('not a devnet blob')
    const { tag: _, ...contract } = b
    return contract as StoredContract
  } catch (cause) {
    throw new CantonError('INVALID_ARGUMENT', 'The disclosed contract has an invalid createdEventBlob', {
      cause,
    })
  }
}
