/**
 * The user's Canton external party: onboarding with the browser-derived key, token-standard
 * balance, send, and accept / reject / withdraw of pending transfers, each verified in the
 * browser before it is signed. Other features sign their own Canton commands through
 * `usePreparedSigning` (prepare -> verify -> review -> sign -> execute) and show it with
 * `PreparedSigningPanel`. Dock apps' CIP-0103 requests are answered by `createCantonDappHandler`,
 * whose reviews `CantonDappReview` shows.
 */
export { CantonCard } from './CantonCard'
export { CantonPartyId } from './CantonPartyId'
export { CantonDappReview, type CantonDappReviewProps } from './dapp/CantonDappReview'
export {
  type CantonDappDeps,
  type CantonDappEvent,
  type CantonDappGrant,
  type CantonDappHandler,
  type CantonDappWallet,
  cantonNetworkId,
  createCantonDappHandler,
  SIGNING_PROVIDER_ID,
} from './dapp/createCantonDappHandler'
export type {
  CantonDappMessageReview,
  CantonDappReviewData,
  CantonDappTransactionReview,
  DappTransactionDescription,
} from './dapp/reviewDappTransaction'
export { PreparedSigningPanel, type PreparedSigningPanelProps } from './PreparedSigningPanel'
export { useCantonStatus } from './queries'
export type { SignableTransaction } from './signAndExecute'
export {
  type PreparedSigning,
  type PreparedSigningState,
  type UsePreparedSigningParameters,
  usePreparedSigning,
} from './usePreparedSigning'
