/**
 * The commands of `stratos`. Each lives in `commands/<name>.ts` and exports
 * `run(argv): Promise<number>` (the exit code). Production commands run from the compiled build
 * (`apps/cli/dist/stratos.js`); development commands need the checkout's dev dependencies (anvil,
 * canton-devnet) and run only from the sources.
 */
export interface Command {
  summary: string
  load(): Promise<{ run(argv: string[]): Promise<number> }>
}

export const productionCommands: Record<string, Command> = {
  serve: {
    summary: 'run an instance in production: API + built web app (settings from the environment)',
    load: () => import('./commands/serve.js'),
  },
  migrate: {
    summary: "apply the database migrations this version has (--check: only report the schema's state)",
    load: () => import('./commands/migrate.js'),
  },
  'admin-link': {
    summary: 'issue a new one-time link that makes its user the first admin (no admin yet)',
    load: () => import('./commands/admin-link.js'),
  },
  backup: {
    summary: 'write a backup of the instance database to a file (optionally encrypted)',
    load: () => import('./commands/backup.js'),
  },
  restore: {
    summary: 'restore the instance database from a backup file (the instance must be stopped)',
    load: () => import('./commands/restore.js'),
  },
  audit: {
    summary: "audit verify: check the audit log's hash chain; audit export: write it out (jsonl, csv)",
    load: () => import('./commands/audit.js'),
  },
  instance: {
    summary: "instance create: write a new instance's wrangler and env files; instance list: show them",
    load: () => import('./commands/instance.js'),
  },
  keys: {
    summary: 'keys derive: print the public address of every chain for a mnemonic',
    load: () => import('./commands/keys.js'),
  },
  relayer: {
    summary: 'run a Canton DeFi relayer (configured by environment; see apps/relayer)',
    load: () => import('./commands/relayer.js'),
  },
}

function usage(commands: Record<string, Command>): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2
  const lines = Object.entries(commands).map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`)
  return `usage: stratos <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nrun 'stratos <command> --help' for a command's options`
}

/** Runs `argv` (command and its arguments) against `commands`; sets the process exit code. */
export function runCli(commands: Record<string, Command>, argv: string[], unknownHint = ''): void {
  const main = async (): Promise<number> => {
    const [name, ...rest] = argv
    if (!name || name === '--help' || name === '-h') {
      console.log(usage(commands))
      return name ? 0 : 2
    }
    const command = commands[name]
    if (!command) {
      console.error(`stratos: unknown command '${name}'${unknownHint}\n\n${usage(commands)}`)
      return 2
    }
    return (await command.load()).run(rest)
  }
  main().then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      console.error(`stratos: ${error instanceof Error ? error.message : String(error)}`)
      process.exitCode = 1
    },
  )
}
