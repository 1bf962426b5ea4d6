import type { CantonPreparedResponse } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { cantonHistoryKey, cantonHoldingsKey, cantonInstructionsKey } from './queries'
import { type CantonIntent, type ReviewedTransaction, reviewPrepared, signAndExecute } from './reviewPrepared'

export type SigningState =
  | { phase: 'idle' }
  | { phase: 'preparing'; intent: CantonIntent }
  | { phase: 'review'; intent: CantonIntent; reviewed: ReviewedTransaction }
  | { phase: 'signing'; intent: CantonIntent; reviewed: ReviewedTransaction }
  | { phase: 'done'; intent: CantonIntent; reviewed: ReviewedTransaction; updateId: string }

export interface CantonSigning {
  state: SigningState
  error: string | null
  /** Prepare on the server, then verify in the browser; ends in `review` (or an error, nothing signed). */
  start(intent: CantonIntent, prepare: () => Promise<CantonPreparedResponse>): Promise<void>
  /** Sign the verified hash and execute. */
  confirm(): Promise<void>
  reset(): void
}

/** One prepare -> verify -> review -> sign -> execute round trip at a time, for the user's party. */
export function useCantonSigning(partyId: string): CantonSigning {
  const { vault } = useSession()
  const queryClient = useQueryClient()
  const [state, setState] = useState<SigningState>({ phase: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const stateRef = useRef(state)
  stateRef.current = state

  const refresh = useCallback(
    () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: cantonHoldingsKey }),
        queryClient.invalidateQueries({ queryKey: cantonInstructionsKey }),
        queryClient.invalidateQueries({ queryKey: cantonHistoryKey }),
      ]),
    [queryClient],
  )

  const start = useCallback(
    async (intent: CantonIntent, prepare: () => Promise<CantonPreparedResponse>) => {
      setError(null)
      setState({ phase: 'preparing', intent })
      try {
        const reviewed = await reviewPrepared(await prepare(), partyId, intent)
        setState({ phase: 'review', intent, reviewed })
      } catch (err) {
        setState({ phase: 'idle' })
        setError(describeError(err))
      }
    },
    [partyId],
  )

  const confirm = useCallback(async () => {
    const current = stateRef.current
    if (current.phase !== 'review') return
    setError(null)
    if (!vault) return setError('The wallet locked itself. Unlock it, then start again.')
    setState({ ...current, phase: 'signing' })
    try {
      const updateId = await signAndExecute(vault, current.reviewed)
      setState({ ...current, phase: 'done', updateId })
    } catch (err) {
      setState({ phase: 'idle' })
      setError(describeError(err))
    } finally {
      void refresh()
    }
  }, [vault, refresh])

  const reset = useCallback(() => {
    setError(null)
    setState({ phase: 'idle' })
  }, [])

  return { state, error, start, confirm, reset }
}
