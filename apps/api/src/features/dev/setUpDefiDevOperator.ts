import { CantonError, createLedgerClient } from '@stratos/canton'

/** Party hint of the dev relayer's operator party. */
export const DEFI_DEV_OPERATOR_HINT = 'stratos-relayer-operator'

export interface SetUpDefiDevOperatorParameters {
  /** The local participant's JSON Ledger API (canton-devnet). */
  url: string
  /** A participant-admin token (to allocate the party and create the user). */
  adminToken: string
  /** The relayer's Ledger API user to create: primary party and CanActAs for the operator, nothing else. */
  userId: string
}

export interface SetUpDefiDevOperatorReturnType {
  /** The operator party (hosted): the observer of every DeFiIntent, which marks them. */
  operatorParty: string
}

/**
 * Dev stack only: makes the dev relayer's Canton identity on a canton-devnet, idempotently. The
 * hosted `stratos-relayer-operator` party and a Ledger API user that acts as it (as a real
 * relayer's operator user is set up: CanActAs for the operator only).
 */
export async function setUpDefiDevOperator({
  url,
  adminToken,
  userId,
}: SetUpDefiDevOperatorParameters): Promise<SetUpDefiDevOperatorReturnType> {
  const admin = createLedgerClient({ url, token: adminToken })
  const { partyDetails } = await admin.listParties({ filterParty: `${DEFI_DEV_OPERATOR_HINT}::` })
  const found = partyDetails.find((p) => p.party.startsWith(`${DEFI_DEV_OPERATOR_HINT}::`))
  const operatorParty =
    found?.party ??
    (await admin.allocateParty({ partyIdHint: DEFI_DEV_OPERATOR_HINT })).partyDetails?.party ??
    ''
  if (!operatorParty)
    throw new CantonError('LEDGER_BAD_RESPONSE', 'The participant allocated no operator party')
  const rights = [{ kind: { CanActAs: { value: { party: operatorParty } } } }]
  const exists = await admin.getUser(userId).then(
    () => true,
    (error) => {
      if (error instanceof CantonError && error.status === 404) return false
      throw error
    },
  )
  if (exists) await admin.grantUserRights(userId, rights)
  else
    await admin.createUser({
      user: { id: userId, primaryParty: operatorParty, isDeactivated: false, identityProviderId: '' },
      rights,
    })
  return { operatorParty }
}
