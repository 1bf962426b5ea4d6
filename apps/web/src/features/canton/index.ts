/**
 * The user's Canton external party: onboarding with the browser-derived key, token-standard
 * balance, send, and accept / reject / withdraw of pending transfers, each verified in the
 * browser before it is signed.
 */
export { CantonCard } from './CantonCard'
export { CantonPartyId } from './CantonPartyId'
