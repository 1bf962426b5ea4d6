import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { describeError } from '../../lib/describeError'
import { loadChunk } from '../../lib/loadChunk'
import { useSession } from '../../lib/session'
import type { OnboardingStep } from './onboardCanton'
import { cantonStatusKey, useCantonStatus } from './queries'

export type OnboardingState =
  | { phase: 'idle' }
  | { phase: 'running'; step: OnboardingStep }
  | { phase: 'failed'; error: string }

/**
 * Once the wallet is unlocked and Canton is configured, a user without a party gets one: the
 * keys are in memory then, so no extra passkey prompt. Runs once per user and unlock (a run the
 * wallet's lock cut short runs again at the next unlock); `retry` after a failure. Only the latest
 * run reports. The topology check (Canton's protobuf decoding) loads only when onboarding runs.
 */
export function useCantonOnboarding(): { state: OnboardingState; retry(): void } {
  const { me, vault, derived } = useSession()
  const status = useCantonStatus()
  const queryClient = useQueryClient()
  const [state, setState] = useState<OnboardingState>({ phase: 'idle' })
  const attempted = useRef<{ key: string; vault: object } | null>(null)
  const latestRun = useRef(0)
  const [attempt, setAttempt] = useState(0)

  const needed =
    status.data?.configured === true &&
    status.data.partyId === null &&
    vault !== null &&
    derived !== null &&
    me?.addresses?.canton === derived.canton

  useEffect(() => {
    if (!needed || !me || !vault || !derived) return
    const key = `${me.user.id}#${attempt}`
    if (attempted.current?.key === key && attempted.current.vault === vault) return
    attempted.current = { key, vault }
    const run = ++latestRun.current
    const report = (next: OnboardingState) => {
      if (run === latestRun.current) setState(next)
    }
    report({ phase: 'running', step: 'topology' })
    loadChunk(() => import('./onboardCanton'))
      .then(({ onboardCanton }) =>
        onboardCanton(vault, derived, (step) => report({ phase: 'running', step })),
      )
      .then(async (partyId) => {
        queryClient.setQueryData(cantonStatusKey, (old: typeof status.data) =>
          old ? { ...old, partyId } : old,
        )
        await queryClient.invalidateQueries({ queryKey: cantonStatusKey })
        report({ phase: 'idle' })
      })
      .catch((error) => report({ phase: 'failed', error: describeError(error) }))
  }, [needed, me, vault, derived, attempt, queryClient])

  return { state, retry: () => setAttempt((n) => n + 1) }
}
