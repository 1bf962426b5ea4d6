import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

export const signInsKey = ['me', 'sign-ins'] as const

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
