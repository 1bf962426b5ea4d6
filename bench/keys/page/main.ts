/**
 * The browser side of `npm run bench:keys`, built with the web app's Vite config: it derives the
 * accounts with the app's own `deriveVault` (what sign-in runs on the PRF output), as the built
 * app does.
 */
import { deriveVault } from '../../../apps/web/src/features/auth/deriveVault'
import { type MeasureDerivationsReturnType, measureDerivations } from '../measureDerivations'

export interface BenchKeysPage {
  run(prf: number[], budgetMs: number, maxCount: number): MeasureDerivationsReturnType
}

declare global {
  interface Window {
    benchKeys?: BenchKeysPage
  }
}

window.benchKeys = {
  run(prf, budgetMs, maxCount) {
    const source = Uint8Array.from(prf)
    return measureDerivations({
      derive() {
        // deriveVault zeroes the PRF bytes it is given, so each run gets a copy.
        const { vault, derived } = deriveVault(source.slice())
        vault.lock()
        return { ...derived }
      },
      budgetMs,
      maxCount,
      now: () => performance.now(),
    })
  },
}
