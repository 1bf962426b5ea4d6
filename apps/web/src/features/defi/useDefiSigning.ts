import type { DefiIntentRequest, DefiPreparedResponse } from '@stratos/schemas'
import { useCallback } from 'react'
import { type PreparedSigning, usePreparedSigning } from '../canton'
import { defiStatusKey } from './queries'
import { type DefiReviewContext, type ReviewedDefiIntent, reviewDefiPrepared } from './reviewDefiPrepared'

export type DefiSigning = PreparedSigning<DefiIntentRequest, DefiPreparedResponse, ReviewedDefiIntent>

const REFRESH = [defiStatusKey] as const

/**
 * One DeFi intent at a time: prepare on the server -> verify in the browser against the request
 * and the vault -> review -> sign the browser's hash -> execute, through the Canton feature's
 * shared round trip.
 */
export function useDefiSigning({
  partyId,
  operatorParty,
  vault,
}: Omit<DefiReviewContext, 'now'>): DefiSigning {
  const review = useCallback(
    (prepared: DefiPreparedResponse, request: DefiIntentRequest) =>
      reviewDefiPrepared(prepared, request, { partyId, operatorParty, vault }),
    [partyId, operatorParty, vault],
  )
  return usePreparedSigning({ review, refresh: REFRESH })
}
