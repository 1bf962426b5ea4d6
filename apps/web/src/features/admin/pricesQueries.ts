import { routes } from '@stratos/schemas'
import { useQuery } from '@tanstack/react-query'
import { callApi } from '../../lib/api'

export const adminPricesKey = ['admin', 'prices'] as const

/** The price provider's settings (never its key). */
export function useAdminPrices() {
  return useQuery({ queryKey: adminPricesKey, queryFn: () => callApi(routes.adminPrices, {}) })
}
