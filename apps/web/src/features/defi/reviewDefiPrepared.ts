import {
  type DeFiIntentSummary,
  type VerifiedPreparedTransaction,
  verifyPreparedTransaction,
} from '@stratos/canton'
import { encodeAdapterCall } from '@stratos/contracts'
import type { DefiIntentRequest, DefiPreparedResponse, DefiVault } from '@stratos/schemas'
import { AppError } from '../../lib/AppError'
import { toAdapterCall } from './toAdapterCall'

/** The furthest deadline the wallet signs: the API asks for about a day; a few minutes of clock skew pass. */
export const MAX_DEADLINE_MS = 24 * 3_600_000 + 5 * 60_000

/** What the prepared intent must name besides the request: from `GET /api/defi` and the Canton status. */
export interface DefiReviewContext {
  /** The user's Canton party (the intent's institution and only signatory). */
  partyId: string
  /** `DefiStatusResponse.operatorParty`: the relayer operator that observes the intent. */
  operatorParty: string
  /** `DefiStatusResponse.regulatorParty`: the regulator that observes the intent, or null for none. */
  regulatorParty: string | null
  vault: DefiVault
  /** Milliseconds since the epoch; the clock the deadline is checked against. */
  now?: number
}

/** A prepared DeFi intent the browser checked: what to show, and the hash it computed to sign. */
export interface ReviewedDefiIntent {
  prepared: DefiPreparedResponse
  verified: VerifiedPreparedTransaction
  /** The intent decoded from the hashed transaction. */
  intent: DeFiIntentSummary
  request: DefiIntentRequest
}

const mismatch = (what: string) =>
  new AppError(
    'PREPARED_MISMATCH',
    `The transaction the server prepared does not do what you asked (${what}); nothing was signed`,
  )

const sameHex = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * Checks a prepared `DeFiIntent` create before anything is signed. verifyPreparedTransaction
 * recomputes the hash (PREPARED_HASH_MISMATCH: "…does not match its hash; nothing was signed") and
 * requires it to act as the user; its only root must then create a `DeFiIntent` that is exactly
 * the request: the user's party as institution and sole signatory, the instance's operator and
 * regulator (none when the instance has none) as the only other parties that see it, the user's
 * vault (address, id, chain), the vault's adapter for the action, the call data the browser
 * encodes itself from the request, no ETH, and a deadline in the future at most about a day away.
 * Otherwise throws PREPARED_MISMATCH naming what differs.
 */
export async function reviewDefiPrepared(
  prepared: DefiPreparedResponse,
  request: DefiIntentRequest,
  { partyId, operatorParty, regulatorParty, vault, now = Date.now() }: DefiReviewContext,
): Promise<ReviewedDefiIntent> {
  // Encode first: a request the vault cannot run is the user's to fix, not the server's fault.
  const { adapter, call } = toAdapterCall(request, vault)
  const callData = encodeAdapterCall(call)
  const verified = await verifyPreparedTransaction({
    preparedTransaction: prepared.preparedTransaction,
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    expectedSigner: partyId,
  })
  const intent = verified.summary
  if (intent.kind !== 'defiIntent') throw mismatch('it does not create one DeFi intent')
  // Only the one create is shown: nothing may happen beside it or around it.
  if (intent.rootCount !== 1 || intent.within) throw mismatch('it does more than create one DeFi intent')
  if (intent.institution !== partyId || vault.partyId !== partyId) throw mismatch('it is not your party’s')
  if (intent.signatories.length !== 1 || intent.signatories[0] !== partyId)
    throw mismatch('other parties sign it')
  if (intent.operator !== operatorParty) throw mismatch('another relayer operator')
  if (intent.regulator !== regulatorParty)
    throw mismatch(
      regulatorParty === null ? 'it names a regulator' : 'it does not name this wallet’s regulator',
    )
  const observers = [operatorParty, ...(regulatorParty === null ? [] : [regulatorParty])].sort()
  if (JSON.stringify([...new Set(intent.observers)].sort()) !== JSON.stringify(observers))
    throw mismatch('other parties would see it')
  if (intent.chainId !== String(vault.chainId)) throw mismatch('another chain')
  if (!sameHex(intent.vault, vault.address) || !sameHex(intent.vaultId, vault.vaultId))
    throw mismatch('another vault')
  if (!sameHex(intent.adapter, adapter)) throw mismatch('another protocol adapter')
  if (!sameHex(intent.callData, callData)) throw mismatch('another action, token or amount')
  if (!sameHex(prepared.callData, callData) || !sameHex(intent.intentId, prepared.intentId))
    throw mismatch('the server’s description differs from the transaction')
  if (intent.value !== '0') throw mismatch('it sends ETH with the call')
  const deadline = Date.parse(intent.deadline)
  if (!(deadline > now)) throw mismatch('its deadline has passed')
  if (deadline - now > MAX_DEADLINE_MS) throw mismatch('its deadline is more than a day away')
  return { prepared, verified, intent, request }
}
