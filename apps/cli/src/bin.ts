/**
 * `stratos` from a checkout (TypeScript through tsx): every command, development ones included.
 * The compiled build's entry is `production.ts`.
 */
import { type Command, productionCommands, runCli } from './commands.js'

/** Commands that need the checkout's development dependencies (anvil, canton-devnet). */
const developmentCommands: Record<string, Command> = {
  dev: {
    summary: 'run the product for development: API + web app, SQLite, local EVM chain and Canton',
    load: () => import('./commands/dev.js'),
  },
  'canton-devnet': {
    summary: 'run the local Canton participant (JSON Ledger API v2 subset)',
    load: () => import('./commands/canton-devnet.js'),
  },
}

runCli({ ...productionCommands, ...developmentCommands }, process.argv.slice(2))
