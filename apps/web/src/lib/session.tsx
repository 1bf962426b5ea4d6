import type { DerivedAddresses, Vault } from '@stratos/keys'
import type { MeResponse, OperatorMeResponse, PublicConfig } from '@stratos/schemas'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react'
import { api, setStepUpProvider } from './api'
import { describeError } from './describeError'
import { navigate } from './router'
import { Spinner } from './ui/Spinner'

export const CONFIG_QUERY_KEY = ['config'] as const
export const ME_QUERY_KEY = ['me'] as const
export const OPERATOR_QUERY_KEY = ['operator'] as const

/** Which ceremony met a passkey without PRF. */
export type NoPrfContext = 'create' | 'sign-in' | 'add-backup'

export interface Session {
  config: PublicConfig
  /** The signed-in user (from the session cookie), or null. */
  me: MeResponse | null
  setMe(me: MeResponse | null): void
  /**
   * The operator signed in through the identity provider (OIDC), or null. An operator has the
   * admin console only: no wallet, no keys, nothing to unlock.
   */
  operator: OperatorMeResponse | null
  /** The unlocked vault, or null when the keys are not in memory (locked). */
  vault: Vault | null
  /** What the unlocked vault derives for account 0 (public data), or null when locked. */
  derived: DerivedAddresses | null
  /** Keeps `vault` in memory until lock; the previous vault, if any, is locked first. */
  unlock(vault: Vault, derived: DerivedAddresses): void
  /** Drops the keys from memory. The session (cookie) stays. */
  lock(): void
  /** Ends the session on the server, drops the keys, and goes to the welcome page. */
  signOut(): Promise<void>
  /** Set when a passkey turned out to have no PRF (during which ceremony): the app shows the NO-PRF page. */
  noPrf: NoPrfContext | null
  setNoPrf(value: NoPrfContext | null): void
  /** A message to show on the dashboard after a flow ended there (e.g. address mismatch). */
  notice: string | null
  setNotice(notice: string | null): void
}

const SessionContext = createContext<Session | null>(null)

/** The session: public config, the signed-in user, and the in-memory vault. */
export function useSession(): Session {
  const session = useContext(SessionContext)
  if (!session) throw new Error('useSession outside SessionProvider')
  return session
}

/** The session where there may be none yet (an error shown before the configuration loaded). */
export function useOptionalSession(): Session | null {
  return useContext(SessionContext)
}

const MAX_TIMEOUT_MS = 2 ** 31 - 1

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  const configQuery = useQuery({
    queryKey: CONFIG_QUERY_KEY,
    queryFn: api.config,
    staleTime: Number.POSITIVE_INFINITY,
  })
  const meQuery = useQuery({ queryKey: ME_QUERY_KEY, queryFn: api.me, staleTime: 30_000 })
  // Asked only on an instance with operator sign-in, when there is no wallet session.
  const operatorEnabled = configQuery.data?.operatorSignIn === true && meQuery.data === null
  const operatorQuery = useQuery({
    queryKey: OPERATOR_QUERY_KEY,
    queryFn: api.operatorMe,
    staleTime: 30_000,
    enabled: operatorEnabled,
  })
  const [vault, setVault] = useState<Vault | null>(null)
  const [derived, setDerived] = useState<DerivedAddresses | null>(null)
  const [noPrf, setNoPrf] = useState<NoPrfContext | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  // The ref sees the current vault inside callbacks and unmount cleanup without re-subscribing.
  const vaultRef = useRef<Vault | null>(null)

  const lock = useCallback(() => {
    vaultRef.current?.lock()
    vaultRef.current = null
    setVault(null)
    setDerived(null)
  }, [])

  const unlock = useCallback((next: Vault, nextDerived: DerivedAddresses) => {
    if (vaultRef.current && vaultRef.current !== next) vaultRef.current.lock()
    vaultRef.current = next
    setVault(next)
    setDerived(nextDerived)
  }, [])

  const setMe = useCallback(
    (me: MeResponse | null) => queryClient.setQueryData(ME_QUERY_KEY, me),
    [queryClient],
  )

  const signOut = useCallback(async () => {
    // Keys go first: even if the server cannot be reached, nothing can sign any more.
    lock()
    await api.logout()
    setNotice(null)
    queryClient.setQueryData(ME_QUERY_KEY, null)
    queryClient.setQueryData(OPERATOR_QUERY_KEY, null)
    queryClient.removeQueries({
      predicate: (q) =>
        q.queryKey[0] !== CONFIG_QUERY_KEY[0] &&
        q.queryKey[0] !== ME_QUERY_KEY[0] &&
        q.queryKey[0] !== OPERATOR_QUERY_KEY[0],
    })
    navigate('/')
  }, [lock, queryClient])

  const me = meQuery.data ?? null
  const operator = (operatorEnabled ? operatorQuery.data : null) ?? null

  // A wallet user confirms changes with a passkey (loaded when first needed); an operator has
  // none, and the server takes their recent sign-in at the identity provider instead.
  useEffect(() => {
    setStepUpProvider(operator ? async () => null : async (scope) => (await import('./stepUp')).stepUp(scope))
  }, [operator])

  // No session, no keys: a session that ends (expiry, revocation, sign-out elsewhere) locks too.
  useEffect(() => {
    if (!me && meQuery.isFetched) lock()
  }, [me, meQuery.isFetched, lock])

  // Ask the server again when the session should expire, so the UI follows at once.
  const expiresAt = me?.session.expiresAt ?? operator?.expiresAt
  useEffect(() => {
    if (!expiresAt) return
    const ms = Math.min(Math.max(Date.parse(expiresAt) - Date.now() + 1_000, 0), MAX_TIMEOUT_MS)
    const timer = setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY })
      void queryClient.invalidateQueries({ queryKey: OPERATOR_QUERY_KEY })
    }, ms)
    return () => clearTimeout(timer)
  }, [expiresAt, queryClient])

  // Leaving the page (or unmounting) drops the keys.
  useEffect(() => {
    window.addEventListener('pagehide', lock)
    return () => {
      window.removeEventListener('pagehide', lock)
      lock()
    }
  }, [lock])

  const config = configQuery.data

  const value = useMemo<Session | null>(
    () =>
      config
        ? {
            config,
            me,
            setMe,
            operator,
            vault,
            derived,
            unlock,
            lock,
            signOut,
            noPrf,
            setNoPrf,
            notice,
            setNotice,
          }
        : null,
    [config, me, setMe, operator, vault, derived, unlock, lock, signOut, noPrf, notice],
  )

  const failed = configQuery.error ?? meQuery.error ?? operatorQuery.error
  if (failed && !value) {
    return (
      <main className="page page--center">
        <section className="card card--narrow">
          <h1>Can't reach the wallet server</h1>
          <p role="alert">{describeError(failed)}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => {
              void configQuery.refetch()
              void meQuery.refetch()
              if (operatorEnabled) void operatorQuery.refetch()
            }}
          >
            Try again
          </button>
        </section>
      </main>
    )
  }
  if (!value || meQuery.isPending || (operatorEnabled && operatorQuery.isPending)) {
    return (
      <main className="page page--center">
        <Spinner label="Loading your wallet…" />
      </main>
    )
  }
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>
}
