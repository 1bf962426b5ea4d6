import type { Vault } from '@stratos/keys'
import type { ComponentType } from 'react'

/** The CIP-0103 events the Canton handler raises; the dock sends them to its app. */
export type CantonDappEvent = 'txChanged' | 'accountsChanged' | 'statusChanged'

/** What the dock gives the Canton dApp handler of one app. */
export interface CantonDappHandlerDeps<Review> {
  /** The unlocked vault, or null while the wallet is locked. */
  vault(): Vault | null
  /** Shows `review` in the wallet's approval dialog; true when the user confirmed. */
  approve(review: Review): Promise<boolean>
  emit(event: CantonDappEvent, data: unknown): void
}

/**
 * The Canton side of one dock app: answers its CIP-0103 requests once the dock has checked the
 * app's permission and the user's grant. Throws `DockRpcFailure` for refusals.
 */
export interface CantonDappHandler {
  handle(method: string, params: unknown, grant: { party: string | null }): Promise<unknown>
}

/**
 * The Canton dApp API of the wallet, given to the dock page: the handler's factory and the
 * component that shows one of its reviews inside the dock's approval dialog.
 */
export interface CantonDappIntegration<Review = unknown> {
  createHandler(deps: CantonDappHandlerDeps<Review>): CantonDappHandler
  Review: ComponentType<{ review: Review; onConfirm(): void; onCancel(): void }>
}

/**
 * The integration as the dock page takes it: the review type is the handler's own business (the
 * dock hands each review from `approve` to `Review` unchanged), so it is erased here.
 */
export function cantonDappIntegration<Review>(
  integration: CantonDappIntegration<Review>,
): CantonDappIntegration {
  return integration as unknown as CantonDappIntegration
}
