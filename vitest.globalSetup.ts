/**
 * Once per test run: compiles the production CLI (`apps/cli/dist`, about a second with esbuild),
 * so tests that run `stratos serve` as an operator does run the code under test, never a stale build.
 */
import { execFileSync } from 'node:child_process'

export default function setup(): void {
  execFileSync(process.execPath, ['apps/cli/build.mjs'], { stdio: 'inherit' })
}
