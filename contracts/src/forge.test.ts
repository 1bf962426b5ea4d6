import { describe, expect, test } from 'vitest'
import { runForge } from '../scripts/runForge.js'

/** The lines of forge's output that say which suites and tests ran and how they ended. */
function summary(output: string): string {
  return output
    .split('\n')
    .filter((line) => /^(Ran |Suite result|\[FAIL|Encountered|Failing tests)/.test(line.trim()))
    .join('\n')
}

describe('forge test', () => {
  test('behavior: every Solidity test, fuzz and invariant passes offline', { timeout: 600_000 }, async () => {
    // A private out/cache so this can run beside the artifact check (which builds too).
    const result = await runForge(['test', '--out', 'out/vitest', '--cache-path', 'cache/vitest'])
    const output = `${result.stdout}\n${result.stderr}`
    console.info(summary(output))
    if (result.code !== 0) throw new Error(`forge test failed (exit ${result.code}):\n${output}`)
    const match = /(\d+) tests passed, (\d+) failed/.exec(output)
    expect(match, 'forge printed no summary').not.toBeNull()
    expect(Number(match?.[2])).toBe(0)
    expect(Number(match?.[1])).toBeGreaterThan(0)
  })
})
