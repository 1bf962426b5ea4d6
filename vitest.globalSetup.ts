/**
 * Once per test run: compiles the production CLI (`apps/cli/dist`, about a second with esbuild),
 * so tests that run `stratos serve` as an operator does run the code under test, never a stale build;
 * and names the run, so the Worker bundles of workerd tests are built once per run (`bundleWorker`).
 */
import { execFileSync } from 'node:child_process'
import { randomUUID } from 'node:crypto'

export default function setup(): void {
  execFileSync(process.execPath, ['apps/cli/build.mjs'], { stdio: 'inherit' })
  process.env.STRATOS_TEST_RUN = randomUUID()
}
