import { useEffect } from 'react'

/** What counts as someone using the page. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const

export interface UseAutoLockParameters {
  /** Only counts while there is something to lock. */
  enabled: boolean
  /** Inactivity, in seconds, after which `onLock` runs. */
  seconds: number
  onLock(): void
}

/**
 * Calls `onLock` after `seconds` without pointer or keyboard activity. Time is measured against
 * the clock, not by a single timer, so a background tab whose timers were throttled still locks
 * as soon as it runs again.
 */
export function useAutoLock({ enabled, seconds, onLock }: UseAutoLockParameters): void {
  useEffect(() => {
    if (!enabled) return
    const limitMs = seconds * 1_000
    let last = Date.now()
    const touch = () => {
      last = Date.now()
    }
    const check = () => {
      if (Date.now() - last >= limitMs) onLock()
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true })
    document.addEventListener('visibilitychange', check)
    const timer = setInterval(check, Math.min(1_000, limitMs))
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true })
      document.removeEventListener('visibilitychange', check)
      clearInterval(timer)
    }
  }, [enabled, seconds, onLock])
}
