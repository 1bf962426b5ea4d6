import { useCallback, useRef, useState } from 'react'
import { describeError } from './describeError'

export interface Action<A extends unknown[]> {
  run(...args: A): Promise<void>
  busy: boolean
  /** The last failure, as a message for the person; null after success or reset. */
  error: string | null
  reset(): void
}

/** Runs an async user action with a busy flag (for spinners and disabled buttons) and an error message. */
export function useAction<A extends unknown[]>(fn: (...args: A) => Promise<void>): Action<A> {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const fnRef = useRef(fn)
  fnRef.current = fn
  const running = useRef(false)

  const run = useCallback(async (...args: A) => {
    // One ceremony at a time: a second click while the passkey prompt is open does nothing.
    if (running.current) return
    running.current = true
    setBusy(true)
    setError(null)
    try {
      await fnRef.current(...args)
    } catch (err) {
      setError(describeError(err))
    } finally {
      running.current = false
      setBusy(false)
    }
  }, [])
  const reset = useCallback(() => setError(null), [])
  return { run, busy, error, reset }
}
