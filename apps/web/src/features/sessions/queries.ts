import { routes } from '@stratos/schemas'
import { useQuery } from '@tanstack/react-query'
import { callApi } from '../../lib/api'

/** Not under `me`: sign-out keeps the `me` queries and drops every other, this one included. */
export const mySessionsKey = ['sessions'] as const

/** The signed-in user's live sessions, newest first (the current one marked). */
export function useMySessions() {
  return useQuery({ queryKey: mySessionsKey, queryFn: () => callApi(routes.mySessions, {}) })
}

/** Revokes one of the user's sessions: its browser is signed out at its next request. */
export function revokeSession(id: string) {
  return callApi(routes.revokeMySession, { params: { id } })
}

/** Revokes every session of the user but this one; resolves to how many were revoked. */
export function revokeOtherSessions() {
  return callApi(routes.revokeMyOtherSessions, {})
}
