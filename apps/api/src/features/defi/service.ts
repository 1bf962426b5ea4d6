import { DEFI_INTENT_TEMPLATE_ID, type DeFiIntentArgs } from '@stratos/canton'
import { adapterCallForRequest, ContractsError, encodeAdapterCall } from '@stratos/contracts'
import type { DefiIntentRequest, DefiPreparedResponse } from '@stratos/schemas'
import { toHex } from 'viem'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { requireParty } from '../../canton/parties.js'
import { prepareCommand } from '../../canton/prepareCommand.js'
import type { AppDeps } from '../../context.js'
import { requireDefi } from '../../defi/defiStatus.js'
import { type StoredVault, selectDefiVault } from '../../defi/vaults.js'
import { ApiError } from '../../errors.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/** How long a prepared intent stays executable by the relayer. */
export const INTENT_TTL_SECONDS = 3600

/** The user's vault, or 409 DEFI_NO_VAULT. */
async function requireVault(deps: Deps, partyId: string): Promise<StoredVault> {
  const vault = await selectDefiVault(deps.db, partyId, deps.config.evm.chainId)
  if (!vault)
    throw new ApiError(
      409,
      'DEFI_NO_VAULT',
      deps.config.devMode
        ? 'Your party has no DeFi vault yet: deploy a test vault first'
        : 'Your party has no DeFi vault yet: an admin registers one for it',
    )
  return vault
}

/**
 * The adapter and call the request means on the vault (see adapterCallForRequest), or 400
 * INVALID_BODY with the message prefixed by the request field at fault.
 */
function adapterCallFor(vault: StoredVault, request: DefiIntentRequest) {
  try {
    return adapterCallForRequest(request, vault)
  } catch (error) {
    if (error instanceof ContractsError && error.field !== undefined)
      throw new ApiError(400, 'INVALID_BODY', `${error.field}: ${error.shortMessage}`, { cause: error })
    throw error
  }
}

/**
 * POST /api/defi/intents/prepare: encodes the adapter call for the user's vault and prepares the
 * `DeFiIntent` create as the user's external party (the browser checks and signs it, then
 * `POST /api/canton/execute`). The intent id is random; the nonce is the preparation time in
 * milliseconds (signed and emitted by the vault, never what makes an intent unique); the deadline
 * is INTENT_TTL_SECONDS away; value is always 0 (no adapter action takes ETH); the regulator is the
 * instance's (DEFI_REGULATOR_PARTY), or none.
 */
export async function prepareDefiIntent(
  deps: Deps,
  ledger: CantonLedger | null,
  userId: string,
  request: DefiIntentRequest,
): Promise<DefiPreparedResponse> {
  const { canton, operatorParty, regulatorParty } = requireDefi(deps.config, ledger)
  const party = await requireParty(deps.db, userId)
  const vault = await requireVault(deps, party.party_id)
  const { adapter, call } = adapterCallFor(vault, request)
  const callData = encodeAdapterCall(call)
  const intentId = toHex(crypto.getRandomValues(new Uint8Array(32)))
  const now = deps.clock()
  const createArguments: DeFiIntentArgs = {
    institution: party.party_id,
    operator: operatorParty,
    intentId,
    vaultId: vault.vaultId,
    chainId: String(vault.chainId),
    vault: vault.address,
    adapter,
    callData,
    value: '0',
    nonce: String(now.getTime()),
    deadline: new Date(now.getTime() + INTENT_TTL_SECONDS * 1000).toISOString(),
    regulator: regulatorParty,
  }
  const prepared = await prepareCommand(canton, party.party_id, {
    CreateCommand: { templateId: DEFI_INTENT_TEMPLATE_ID, createArguments },
  })
  return {
    ...prepared,
    intentId,
    callData,
  }
}
