import { vi } from 'vitest'

/** The variables a database command reads; each is set to the test's value or emptied. */
const COMMAND_ENV = [
  'DATABASE_URL',
  'DATABASE_URL_FILE',
  'DATA_DIR',
  'BACKUP_PASSPHRASE',
  'BACKUP_PASSPHRASE_FILE',
]

/**
 * Test helper: runs a command's `run(argv)` in this process with `env` as its whole database and
 * passphrase environment, and captures what it prints.
 */
export async function runInProcess(
  command: (argv: string[]) => Promise<number>,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  for (const name of COMMAND_ENV) vi.stubEnv(name, env[name] ?? '')
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')))
  try {
    const code = await command(args)
    return { code, stdout: out.join('\n'), stderr: err.join('\n') }
  } finally {
    vi.restoreAllMocks()
    vi.unstubAllEnvs()
  }
}
