/**
 * The relayer process: `node --import tsx apps/relayer/src/bin.ts` (or `stratos relayer`),
 * configured by environment variables (see README.md). SIGTERM / SIGINT resign leadership and exit.
 */
import { runRelayer } from './runRelayer.js'

runRelayer(process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`relayer: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exit(1)
  },
)
