import { CantonError, createLedgerClient, type LedgerClient } from '@stratos/canton'
import { DEV_INSTRUMENT_ID, DEV_REGISTRY_HINT, DEV_TRANSFER_FACTORY_TEMPLATE } from './devInstrument.js'

export interface SetUpCantonDevRegistryParameters {
  /** The local participant's JSON Ledger API (canton-devnet). */
  url: string
  /** A participant-admin token (to create the API's Ledger API user). */
  adminToken: string
  /** The API's Ledger API user to create (ParticipantAdmin: it allocates external parties). */
  userId: string
  /** A token for `userId` (minted from the devnet's HS256 secret). */
  userToken: string
}

export interface SetUpCantonDevRegistryReturnType {
  /** The registry (instrument admin) party, hosted by the participant, that `userId` acts as. */
  admin: string
  instrumentId: string
}

/**
 * Dev stack only: makes a canton-devnet ready for the wallet, idempotently. Creates the API's
 * Ledger API user, allocates the hosted `stratos-registry` party it acts as, and creates that
 * registry's transfer factory for the test instrument `USDX` (whose `Mint` feeds the dev faucet).
 */
export async function setUpCantonDevRegistry({
  url,
  adminToken,
  userId,
  userToken,
}: SetUpCantonDevRegistryParameters): Promise<SetUpCantonDevRegistryReturnType> {
  const admin = createLedgerClient({ url, token: adminToken })
  const exists = await admin.getUser(userId).then(
    () => true,
    (error) => {
      if (error instanceof CantonError && error.status === 404) return false
      throw error
    },
  )
  const rights = [{ kind: { ParticipantAdmin: { value: {} } } }]
  if (exists) await admin.grantUserRights(userId, rights)
  else
    await admin.createUser({
      user: { id: userId, primaryParty: '', isDeactivated: false, identityProviderId: '' },
      rights,
    })
  const client = createLedgerClient({ url, token: userToken })
  const party = await registryParty(client, userId)
  const { contracts } = await client.activeContracts({
    parties: [party],
    templateIds: [DEV_TRANSFER_FACTORY_TEMPLATE],
  })
  if (contracts.length === 0) {
    await client.submitAndWait({
      commandId: crypto.randomUUID(),
      actAs: [party],
      commands: [
        {
          CreateCommand: {
            templateId: DEV_TRANSFER_FACTORY_TEMPLATE,
            createArguments: { admin: party, meta: { values: {} } },
          },
        },
      ],
    })
  }
  return { admin: party, instrumentId: DEV_INSTRUMENT_ID }
}

async function registryParty(client: LedgerClient, userId: string): Promise<string> {
  const { partyDetails } = await client.listParties({ filterParty: `${DEV_REGISTRY_HINT}::` })
  const found = partyDetails.find((p) => p.party.startsWith(`${DEV_REGISTRY_HINT}::`))
  if (found) return found.party
  const allocated = await client.allocateParty({ partyIdHint: DEV_REGISTRY_HINT, userId })
  return allocated.partyDetails?.party ?? ''
}
