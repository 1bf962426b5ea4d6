import type { ComponentType } from 'react'
import {
  type CantonDappDeps,
  type CantonDappHandler,
  CantonDappReview,
  type CantonDappReviewProps,
  createCantonDappHandler,
} from '../canton'

/**
 * The Canton dApp API (CIP-0103) the dock answers apps' `cip0103` requests with: the handler's
 * factory and the component that shows one of its reviews inside the dock's approval dialog. A
 * prop of the dock page, so tests can hand it another.
 */
export interface CantonDappIntegration {
  createHandler(deps: CantonDappDeps): CantonDappHandler
  Review: ComponentType<CantonDappReviewProps>
}

/** The wallet's own: `features/canton/dapp`. */
export const cantonIntegration: CantonDappIntegration = {
  createHandler: createCantonDappHandler,
  Review: CantonDappReview,
}
