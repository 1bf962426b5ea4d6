/** What one address derivation gives: the six chains' public addresses (and the rest `DerivedAddresses` holds). */
export type Addresses = Record<string, string | number>

export interface MeasureDerivationsParameters {
  /** One derivation from a fresh copy of the PRF output; returns what it derived. */
  derive(): Addresses
  /** Stop after this long (ms)… */
  budgetMs: number
  /** …or after this many derivations, whichever comes first. */
  maxCount: number
  /** The clock (`performance.now` in Node and in the page). */
  now(): number
}

export interface MeasureDerivationsReturnType {
  count: number
  totalMs: number
  msPerDerivation: number
  perSecond: number
  /** What the last derivation gave, to compare Node's with the browser's. */
  addresses: Addresses
}

const WARM_UP = 3

/**
 * Runs `derive` a few times to warm up (JIT, lazily built curve tables), then back to back until
 * the time budget or the count is reached. Shared by the Node side and the page, so both measure
 * the same way.
 */
export function measureDerivations({
  derive,
  budgetMs,
  maxCount,
  now,
}: MeasureDerivationsParameters): MeasureDerivationsReturnType {
  if (!(budgetMs > 0) || !(maxCount >= 1)) throw new Error('budgetMs must be > 0 and maxCount >= 1')
  let addresses = derive()
  for (let i = 1; i < WARM_UP; i++) addresses = derive()
  let count = 0
  const start = now()
  let elapsed = 0
  while (count < maxCount && elapsed < budgetMs) {
    addresses = derive()
    count++
    elapsed = now() - start
  }
  return {
    count,
    totalMs: elapsed,
    msPerDerivation: elapsed / count,
    perSecond: (count * 1000) / elapsed,
    addresses,
  }
}
