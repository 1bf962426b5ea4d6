/**
 * `stratos` as built for production (`npm run build` bundles this file to `apps/cli/dist/stratos.js`,
 * plain JavaScript on Node): the commands an operator runs. `dev` and `canton-devnet` need the
 * checkout's development dependencies and are not part of it.
 */
import { productionCommands, runCli } from './commands.js'

runCli(
  productionCommands,
  process.argv.slice(2),
  " (development commands such as 'dev' run from a checkout: npm start)",
)
