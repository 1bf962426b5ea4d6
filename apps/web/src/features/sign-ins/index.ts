/** The user's recent sign-ins and refused attempts with their passkeys. */
export { RecentSignInsCard } from './RecentSignInsCard'
