/** Leadership through an etcd election, with the campaign key's create revision as fencing token. */
export {
  type CreateLeadershipParameters,
  type CreateLeadershipReturnType,
  createLeadership,
  DEFAULT_ELECTION,
  DEFAULT_LEASE_TTL_SECONDS,
} from './createLeadership.js'
