/** The user's sessions: where they are signed in, and signing out the others. */
export { SessionsCard } from './SessionsCard'
