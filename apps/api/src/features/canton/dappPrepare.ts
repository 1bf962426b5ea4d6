import type { Command, DisclosedContract } from '@stratos/canton'
import type { CantonDappPreparedResponse, CantonDappPrepareRequest } from '@stratos/schemas'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { prepareCommands } from '../../canton/prepareCommand.js'
import { ApiError } from '../../errors.js'

/**
 * Prepares a dock app's CIP-0103 commands as the user's party and no other: `actAs` must be
 * absent, empty or exactly the user's party (403 CANTON_DAPP_ACT_AS_REFUSED), `readAs` absent or
 * only the user's party (403 CANTON_DAPP_READ_AS_REFUSED), since the API's Ledger API user may read
 * and act for every onboarded user. The commands, disclosed contracts, command id, synchronizer and
 * package preference go to the participant as the app sent them; what they do is for the browser to
 * decode, show and sign (or not). A command the participant refuses is 4xx CANTON_REJECTED with
 * its reason.
 */
export async function prepareDappCommands(
  canton: CantonLedger,
  partyId: string,
  request: CantonDappPrepareRequest,
): Promise<CantonDappPreparedResponse> {
  const foreignActor = request.actAs?.find((p) => p !== partyId)
  if (foreignActor !== undefined || (request.actAs?.length ?? 0) > 1)
    throw new ApiError(
      403,
      'CANTON_DAPP_ACT_AS_REFUSED',
      `actAs: the wallet acts only as your party ${partyId}; ${(foreignActor ?? partyId).slice(0, 300)} is not allowed (leave actAs out)`,
    )
  const foreignReader = request.readAs?.find((p) => p !== partyId)
  if (foreignReader !== undefined)
    throw new ApiError(
      403,
      'CANTON_DAPP_READ_AS_REFUSED',
      `readAs: the wallet reads only as your party ${partyId}; ${foreignReader.slice(0, 300)} is not allowed`,
    )
  return prepareCommands(canton, partyId, request.commands as Command[], {
    commandId: request.commandId,
    disclosedContracts: request.disclosedContracts as DisclosedContract[] | undefined,
    synchronizerId: request.synchronizerId,
    packageIdSelectionPreference: request.packageIdSelectionPreference,
  })
}
