/**
 * Social recovery through guardians: the owner's Recovery card and recovery banner, the guardian's
 * requests, the `/recover` page of a new device, and the admins' list of pending recoveries.
 */
export { AdminRecoveriesSection } from './AdminRecoveriesSection'
export { GuardianRequestsCard } from './GuardianRequestsCard'
export { RecoverPage } from './RecoverPage'
export { RecoveryBanner } from './RecoveryBanner'
export { RecoveryCard } from './RecoveryCard'
