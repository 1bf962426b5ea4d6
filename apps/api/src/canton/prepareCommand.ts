import type { Command, DisclosedContract } from '@stratos/canton'
import type { CantonPreparedResponse } from '@stratos/schemas'
import type { CantonLedger } from './cantonLedger.js'

/**
 * Prepares `command` as the external party `partyId` (interactive submission): the participant
 * returns the transaction and its hash, which the browser decodes, re-hashes, shows and signs. The
 * command id is fresh; `disclosedContracts` are those a registry prescribed for the choice.
 */
export async function prepareCommand(
  ledger: CantonLedger,
  partyId: string,
  command: Command,
  disclosedContracts: DisclosedContract[] = [],
): Promise<CantonPreparedResponse> {
  const prepared = await ledger.client.prepareSubmission({
    commandId: crypto.randomUUID(),
    actAs: [partyId],
    synchronizerId: await ledger.synchronizerId(),
    commands: [command],
    ...(disclosedContracts.length > 0 ? { disclosedContracts } : {}),
  })
  return {
    preparedTransaction: prepared.preparedTransaction ?? '',
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
  }
}
