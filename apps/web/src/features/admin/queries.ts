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

export const adminUsersKey = ['admin', 'users'] as const
export const adminInvitesKey = ['admin', 'invites'] as const
export const adminUserSettingsKey = ['admin', 'settings', 'users'] as const

/** Users per page of the users table. */
export const USERS_PAGE_SIZE = 25

/** What the users table is filtered by. */
export interface UserFilter {
  /** Part of a display name, or a whole user id or Canton party id. */
  query: string
  role: 'user' | 'admin' | 'all'
}

/** Users matching `filter`, newest first, a page at a time. */
export function useAdminUsers(filter: UserFilter) {
  return useInfiniteQuery({
    queryKey: [...adminUsersKey, filter],
    queryFn: ({ pageParam }) =>
      api.admin.users.list({
        limit: USERS_PAGE_SIZE,
        before: pageParam,
        query: filter.query.trim() || undefined,
        role: filter.role === 'all' ? undefined : filter.role,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  })
}

/** Invite links neither used, revoked nor expired. */
export function useAdminInvites() {
  return useQuery({ queryKey: adminInvitesKey, queryFn: api.admin.invites.list })
}

/** The most admins the instance allows, and how many it has. */
export function useAdminUserSettings() {
  return useQuery({ queryKey: adminUserSettingsKey, queryFn: api.admin.users.settings })
}

export const adminBrandingKey = ['admin', 'branding'] as const

/** The instance's brand in use, where it comes from, the settings' brand and the logo. */
export function useAdminBranding() {
  return useQuery({ queryKey: adminBrandingKey, queryFn: api.admin.branding.get })
}

export const adminNetworksKey = ['admin', 'networks'] as const

/** Every network (endpoint redacted) and token of the instance, in order. */
export function useAdminNetworks() {
  return useQuery({ queryKey: adminNetworksKey, queryFn: api.admin.networks.list })
}
