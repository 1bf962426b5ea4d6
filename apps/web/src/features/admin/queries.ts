import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { type AuditFilter, api } from '../../lib/api'

export const adminCantonKey = ['admin', 'canton'] as const
export const adminPackagesKey = ['admin', 'packages'] as const
export const adminAuditKey = ['admin', 'audit'] as const
export const adminDefiVaultsKey = ['admin', 'defi', 'vaults'] as const

/** Entries per audit log page. */
export const AUDIT_PAGE_SIZE = 25

/** The Canton connection in use and whether the participant answers (asked on each visit). */
export function useAdminCanton(enabled: boolean) {
  return useQuery({ queryKey: adminCantonKey, queryFn: api.admin.canton, enabled })
}

/** The participant's package ids (only while a connection is configured). */
export function useAdminPackages(enabled: boolean) {
  return useQuery({ queryKey: adminPackagesKey, queryFn: api.admin.packages, enabled })
}

/** The audit log, newest first, a page at a time, narrowed by `filter`. */
export function useAuditLog(filter: AuditFilter = {}) {
  return useInfiniteQuery({
    queryKey: [...adminAuditKey, filter],
    queryFn: ({ pageParam }) => api.admin.audit({ ...filter, before: pageParam, limit: AUDIT_PAGE_SIZE }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  })
}

/** The Canton DeFi vaults registered on the instance's chain. */
export function useAdminDefiVaults() {
  return useQuery({ queryKey: adminDefiVaultsKey, queryFn: api.admin.defiVaults.list })
}
