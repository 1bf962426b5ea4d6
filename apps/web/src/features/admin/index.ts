/**
 * The admin console (`/admin`, admins only): users and roles (search, promote, demote, disable,
 * enable), invite links, the most admins allowed, the instance's Canton connection, the participant's
 * packages and DAR upload, the parties' Canton DeFi vaults, and the audit log of admin actions.
 */
export { AdminPage } from './AdminPage'
