import type { CantonPreparedResponse, CantonPreparedTransferResponse } from '@stratos/schemas'
import { useCallback } from 'react'
import { loadChunk } from '../../lib/loadChunk'
import { cantonHistoryKey, cantonHoldingsKey, cantonInstructionsKey } from './queries'
import type { CantonIntent, ReviewedTransaction } from './reviewPrepared'
import { type PreparedSigning, usePreparedSigning } from './usePreparedSigning'

export type CantonSigning = PreparedSigning<
  CantonIntent,
  CantonPreparedResponse | CantonPreparedTransferResponse,
  ReviewedTransaction
>

const REFRESH = [cantonHoldingsKey, cantonInstructionsKey, cantonHistoryKey] as const

/**
 * One prepare -> verify -> review -> sign -> execute round trip at a time, for the user's party.
 * The verification (Canton's protobuf decoding) loads with the first review.
 */
export function useCantonSigning(partyId: string): CantonSigning {
  const review = useCallback(
    async (prepared: CantonPreparedResponse | CantonPreparedTransferResponse, intent: CantonIntent) => {
      const { reviewPrepared } = await loadChunk(() => import('./reviewPrepared'))
      return reviewPrepared(prepared, partyId, intent)
    },
    [partyId],
  )
  return usePreparedSigning({ review, refresh: REFRESH })
}
