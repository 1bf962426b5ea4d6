/**
 * `stratos`: the command line of Stratos Vault. Each subcommand lives in `commands/<name>.ts`
 * and exports `run(argv): Promise<number>` (the exit code).
 */
const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  'canton-devnet': () => import('./commands/canton-devnet.js'),
  dev: () => import('./commands/dev.js'),
  keys: () => import('./commands/keys.js'),
  relayer: () => import('./commands/relayer.js'),
}

const usage = `usage: stratos <command> [options]

commands:
  canton-devnet           run the local Canton participant (JSON Ledger API v2 subset)
  dev                     run the product: API + web app on one port, SQLite, local EVM chain
  keys derive             print the public address of every chain for a mnemonic
  relayer                 run a Canton DeFi relayer (configured by environment; see apps/relayer)

run 'stratos <command> --help' for a command's options`

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h') {
    console.log(usage)
    return name ? 0 : 2
  }
  const load = commands[name]
  if (!load) {
    console.error(`stratos: unknown command '${name}'\n\n${usage}`)
    return 2
  }
  return (await load()).run(rest)
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`stratos: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  },
)
