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
  /** The local Canton participant's JSON Ledger API URL (canton-devnet). */
  cantonUrl: string
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
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString()
  })
  const deadline = Date.now() + 60_000
  while (!/running at (\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`stratos dev exited (${child.exitCode}):\n${out}`)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`stratos dev did not start within 60 s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  // The enrollment link is printed right after the URL line.
  await new Promise((r) => setTimeout(r, 200))
  const url = /running at (\S+)/.exec(out)![1]!
  return {
    url,
    enrollLink: /enrollment link[^:]*: (\S+)/.exec(out)?.[1],
    evmRpcUrl: /EVM RPC: (\S+)/.exec(out)?.[1] ?? '',
    cantonUrl: /Canton: +(http\S+)/.exec(out)?.[1] ?? '',
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
