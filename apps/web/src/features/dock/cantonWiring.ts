import type { CantonDappIntegration } from './cantonDapp'

/** The Canton dApp API the dock page uses when none is passed to it: none in this build. */
export const cantonIntegration: CantonDappIntegration | null = null
