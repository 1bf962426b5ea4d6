import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

/** Not under ['me']: sign-out keeps the 'me' queries, and a user's history must not outlive their session. */
export const signInsKey = ['sign-ins'] as const

/** Sign-ins per page. */
export const SIGN_INS_PAGE_SIZE = 10

/** The user's sign-ins, newest first, a page at a time. */
export function useSignIns() {
  return useInfiniteQuery({
    queryKey: signInsKey,
    queryFn: ({ pageParam }) => api.signIns({ before: pageParam, limit: SIGN_INS_PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  })
}
