import type { CantonPreparedResponse } from '@stratos/schemas'
import { useCallback } from 'react'
import { cantonHistoryKey, cantonHoldingsKey, cantonInstructionsKey } from './queries'
import { type CantonIntent, type ReviewedTransaction, reviewPrepared } from './reviewPrepared'
import { type PreparedSigning, usePreparedSigning } from './usePreparedSigning'

export type CantonSigning = PreparedSigning<CantonIntent, CantonPreparedResponse, ReviewedTransaction>

const REFRESH = [cantonHoldingsKey, cantonInstructionsKey, cantonHistoryKey] as const

/** One prepare -> verify -> review -> sign -> execute round trip at a time, for the user's party. */
export function useCantonSigning(partyId: string): CantonSigning {
  const review = useCallback(
    (prepared: CantonPreparedResponse, intent: CantonIntent) => reviewPrepared(prepared, partyId, intent),
    [partyId],
  )
  return usePreparedSigning({ review, refresh: REFRESH })
}
