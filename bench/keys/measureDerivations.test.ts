import { describe, expect, test } from 'vitest'
import { measureDerivations } from './measureDerivations'

/** A clock that advances `step` ms each time a derivation runs (injected, so no wall-clock time). */
function steppingClock(step: number) {
  let t = 0
  return { now: () => t, tick: () => (t += step) }
}

describe('measureDerivations', () => {
  test('behavior: stops at the time budget and reports ms per derivation and the rate', () => {
    const clock = steppingClock(10)
    let runs = 0
    const result = measureDerivations({
      derive: () => {
        runs++
        clock.tick()
        return { evm: `0x${runs}` }
      },
      budgetMs: 100,
      maxCount: 1_000,
      now: clock.now,
    })
    expect(result).toEqual({
      count: 10,
      totalMs: 100,
      msPerDerivation: 10,
      perSecond: 100,
      addresses: { evm: '0x13' },
    })
    // Three warm-up runs are not counted.
    expect(runs).toBe(13)
  })

  test('behavior: stops at the count when it comes first', () => {
    const clock = steppingClock(1)
    const result = measureDerivations({
      derive: () => {
        clock.tick()
        return {}
      },
      budgetMs: 1_000,
      maxCount: 5,
      now: clock.now,
    })
    expect(result.count).toBe(5)
    expect(result.totalMs).toBe(5)
  })

  test('error: a budget or count that cannot run says so', () => {
    const run = (budgetMs: number, maxCount: number) =>
      measureDerivations({ derive: () => ({}), budgetMs, maxCount, now: () => 0 })
    expect(() => run(0, 1)).toThrow('budgetMs must be > 0 and maxCount >= 1')
    expect(() => run(1, 0)).toThrow('budgetMs must be > 0 and maxCount >= 1')
  })
})
