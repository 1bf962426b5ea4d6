import { type QueryKey, useQueryClient } from '@tanstack/react-query'
import { useCallback, useRef, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { type SignableTransaction, signAndExecute } from './signAndExecute'

export type PreparedSigningState<I, R> =
  | { phase: 'idle' }
  | { phase: 'preparing'; intent: I }
  | { phase: 'review'; intent: I; reviewed: R }
  | { phase: 'signing'; intent: I; reviewed: R }
  | { phase: 'done'; intent: I; reviewed: R; updateId: string }

export interface PreparedSigning<I, P, R> {
  state: PreparedSigningState<I, R>
  error: string | null
  /** Prepare on the server, then verify in the browser; ends in `review` (or an error, nothing signed). */
  start(intent: I, prepare: () => Promise<P>): Promise<void>
  /** Sign the verified hash and execute. */
  confirm(): Promise<void>
  reset(): void
}

export interface UsePreparedSigningParameters<I, P, R extends SignableTransaction> {
  /**
   * Verifies what the server prepared and checks it does exactly `intent`; throws (with a message
   * for the person) otherwise. Returns what the review shows, with the hash the browser computed.
   */
  review(prepared: P, intent: I): Promise<R>
  /** Queries to refetch once a signed transaction was sent (whether it succeeded or not). */
  refresh: readonly QueryKey[]
}

/**
 * One prepare -> verify -> review -> sign -> execute round trip at a time, for any Canton command
 * of the user's party: `review` decides what the prepared transaction must be; signing the
 * browser's own hash and `POST /api/canton/execute` are the same for all.
 */
export function usePreparedSigning<I, P, R extends SignableTransaction>({
  review,
  refresh,
}: UsePreparedSigningParameters<I, P, R>): PreparedSigning<I, P, R> {
  const { vault } = useSession()
  const queryClient = useQueryClient()
  const [state, setState] = useState<PreparedSigningState<I, R>>({ phase: 'idle' })
  const [error, setError] = useState<string | null>(null)
  const stateRef = useRef(state)
  stateRef.current = state
  // The latest review and keys, without restarting callbacks on every render.
  const reviewRef = useRef(review)
  reviewRef.current = review
  const refreshRef = useRef(refresh)
  refreshRef.current = refresh

  const start = useCallback(async (intent: I, prepare: () => Promise<P>) => {
    setError(null)
    setState({ phase: 'preparing', intent })
    try {
      const reviewed = await reviewRef.current(await prepare(), intent)
      setState({ phase: 'review', intent, reviewed })
    } catch (err) {
      setState({ phase: 'idle' })
      setError(describeError(err))
    }
  }, [])

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
      void Promise.all(refreshRef.current.map((queryKey) => queryClient.invalidateQueries({ queryKey })))
    }
  }, [vault, queryClient])

  const reset = useCallback(() => {
    setError(null)
    setState({ phase: 'idle' })
  }, [])

  return { state, error, start, confirm, reset }
}
