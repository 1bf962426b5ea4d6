import type { Command, DisclosedContract } from '@stratos/canton'
import type { CantonPreparedResponse } from '@stratos/schemas'
import type { CantonLedger } from './cantonLedger.js'

/** What a prepare may set beside the commands; the acting party is always the user's alone. */
export interface PrepareCommandsOptions {
  /** Default: a random UUID. */
  commandId?: string | undefined
  /** Contracts the participant does not know, e.g. those a registry prescribed for a choice. */
  disclosedContracts?: DisclosedContract[] | undefined
  /** Default: the connection's synchronizer (or the participant's first connected one). */
  synchronizerId?: string | undefined
  packageIdSelectionPreference?: string[] | undefined
}

/**
 * Prepares `commands` as the external party `partyId` alone (interactive submission, hashing
 * scheme V2): the participant returns the transaction and its hash, which the browser decodes,
 * re-hashes, shows and signs. Answers the command id the transaction carries.
 */
export async function prepareCommands(
  ledger: CantonLedger,
  partyId: string,
  commands: Command[],
  options: PrepareCommandsOptions = {},
): Promise<CantonPreparedResponse & { commandId: string }> {
  const commandId = options.commandId ?? crypto.randomUUID()
  const { disclosedContracts = [], packageIdSelectionPreference = [] } = options
  const prepared = await ledger.client.prepareSubmission({
    commandId,
    actAs: [partyId],
    synchronizerId: options.synchronizerId ?? (await ledger.synchronizerId()),
    commands,
    hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    ...(disclosedContracts.length > 0 ? { disclosedContracts } : {}),
    ...(packageIdSelectionPreference.length > 0 ? { packageIdSelectionPreference } : {}),
  })
  return {
    preparedTransaction: prepared.preparedTransaction ?? '',
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    commandId,
  }
}

/**
 * Prepares one `command` as the external party `partyId` with a fresh command id;
 * `disclosedContracts` are those a registry prescribed for the choice (see `prepareCommands`).
 */
export async function prepareCommand(
  ledger: CantonLedger,
  partyId: string,
  command: Command,
  disclosedContracts: DisclosedContract[] = [],
): Promise<CantonPreparedResponse> {
  const { commandId: _, ...prepared } = await prepareCommands(ledger, partyId, [command], {
    disclosedContracts,
  })
  return prepared
}
