/** The wallet dashboard: identity, lock state, EVM account and all six addresses. */
export { DashboardPage } from './DashboardPage'
