import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(import.meta.url), '../..')

export interface Stack {
  /** The URL the product printed, e.g. http://localhost:41234 */
  url: string
  /** The one-time admin enrollment link, when the instance has no admin yet. */
  enrollLink: string | undefined
  /** The local EVM chain's JSON-RPC URL. */
  evmRpcUrl: string
  /** The local chains' endpoints by network id (`evm-31338`, `solana-local`...), as printed. */
  chains: Record<string, string>
  /** The sample dock app's URL (in the instance's dock as "Example dApp"), as printed. */
  dockExampleUrl: string
  /** The local Canton participant's JSON Ledger API URL (canton-devnet). */
  cantonUrl: string
  /** The data folder: the SQLite database is `stratos.sqlite` in it. */
  dataDir: string
  /** Everything the product printed to stdout and stderr. */
  output(): string
  stop(): Promise<void>
}

/**
 * Starts the product exactly as a user does (`stratos dev`), with a fresh data folder and a free
 * port, and reads what it prints. Stopped by the test that started it.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const data = mkdtempSync(join(tmpdir(), 'stratos-e2e-'))
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env }
  delete childEnv.EVM_RPC_URL
  delete childEnv.DATABASE_URL
  delete childEnv.PUBLIC_ORIGIN
  for (const name of Object.keys(childEnv)) if (name.startsWith('CANTON_')) delete childEnv[name]
  Object.assign(childEnv, env)
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'apps/cli/src/bin.ts', 'dev', '--port', '0', '--data', data],
    { cwd: root, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  // Everything `stratos dev` prints at start ends with this line; wait for it, not for a time.
  const started = new Promise<void>((resolveStarted, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString()
      if (out.includes('Press Ctrl+C to stop.')) resolveStarted()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => reject(new Error(`stratos dev exited (${code}):\n${out}`)))
  })
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`stratos dev did not start within 60 s:\n${out}`)), 60_000)
  })
  try {
    await Promise.race([started, timedOut])
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }
  const url = /running at (\S+)/.exec(out)![1]!
  return {
    url,
    enrollLink: /enrollment link[^:]*: (\S+)/.exec(out)?.[1],
    evmRpcUrl: /EVM RPC: (\S+)/.exec(out)?.[1] ?? '',
    cantonUrl: /Canton: +(http\S+)/.exec(out)?.[1] ?? '',
    dockExampleUrl: /Dock: +Example dApp (\S+)/.exec(out)?.[1] ?? '',
    chains: Object.fromEntries([...out.matchAll(/Chain: +(\S+) (\S+)/g)].map((m) => [m[1]!, m[2]!])),
    dataDir: data,
    output: () => out,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(data, { recursive: true, force: true })
    },
  }
}

/**
 * Runs `stratos <args>` from source as an operator would on the stack's machine, to its end, with
 * `env` on top of this process's environment (minus DATABASE_URL and DATA_DIR: name the database
 * with `--data` or in `env`).
 */
export function runStratos(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env }
  delete childEnv.DATABASE_URL
  delete childEnv.DATA_DIR
  Object.assign(childEnv, env)
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/bin.ts', ...args], {
      cwd: root,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.once('error', fail)
    child.once('close', (code) => done({ code, stdout, stderr }))
  })
}
