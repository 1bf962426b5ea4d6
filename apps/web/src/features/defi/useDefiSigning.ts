import type { DefiIntentRequest, DefiPreparedResponse } from '@stratos/schemas'
import { useCallback } from 'react'
import { loadChunk } from '../../lib/loadChunk'
import { type PreparedSigning, usePreparedSigning } from '../canton'
import { defiStatusKey } from './queries'
import type { DefiReviewContext, ReviewedDefiIntent } from './reviewDefiPrepared'

export type DefiSigning = PreparedSigning<DefiIntentRequest, DefiPreparedResponse, ReviewedDefiIntent>

const REFRESH = [defiStatusKey] as const

/**
 * One DeFi intent at a time: prepare on the server -> verify in the browser against the request
 * and the vault -> review -> sign the browser's hash -> execute, through the Canton feature's
 * shared round trip. The verification (Canton's protobuf decoding) loads with the first review.
 */
export function useDefiSigning({
  partyId,
  operatorParty,
  regulatorParty,
  vault,
}: Omit<DefiReviewContext, 'now'>): DefiSigning {
  const review = useCallback(
    async (prepared: DefiPreparedResponse, request: DefiIntentRequest) => {
      const { reviewDefiPrepared } = await loadChunk(() => import('./reviewDefiPrepared'))
      return reviewDefiPrepared(prepared, request, { partyId, operatorParty, regulatorParty, vault })
    },
    [partyId, operatorParty, regulatorParty, vault],
  )
  return usePreparedSigning({ review, refresh: REFRESH })
}
