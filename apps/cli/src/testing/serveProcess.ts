/**
 * Test helpers: the compiled CLI (`apps/cli/dist/stratos.js`, built by the test run's global setup)
 * run as real processes, exactly as an operator runs it. Node only; never part of the product.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort } from '@stratos/db'

export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..')
export const CLI_DIST = join(repoRoot, 'apps/cli/dist/stratos.js')

/** The environment a child gets: only what the test gives, plus PATH and HOME (no developer settings leak in). */
function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...env }
}

/** Runs `stratos <args>` from the build to its end. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI_DIST, ...args], { cwd: repoRoot, env: childEnv(env) })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
    })
    child.once('error', fail)
    child.once('close', (code) => done({ code, stdout, stderr }))
  })
}

export interface ServeProcess {
  /** `http://127.0.0.1:<port>`: the app. */
  url: string
  /** `http://127.0.0.1:<port>/metrics`. */
  metricsUrl: string
  child: ChildProcess
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string
  /** Resolves with the exit code (or the signal's name) once the process has exited. */
  exited: Promise<number | string>
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<number | string>
}

/**
 * Starts `stratos serve` with `env` (HOST, PORT and METRICS_PORT default to 127.0.0.1 and free
 * ports) and waits for its "serving" line; rejects with its output if it exits first.
 */
export async function startServe(env: Record<string, string>, timeoutMs = 30_000): Promise<ServeProcess> {
  const full = {
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    ...env,
  }
  const child = spawn(process.execPath, [CLI_DIST, 'serve'], {
    cwd: repoRoot,
    env: childEnv(full),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  )
  const serving = new Promise<RegExpExecArray>((done, fail) => {
    const onData = (d: Buffer) => {
      out += d.toString()
      const line = /Stratos Vault serving \S+ on (http:\/\/\S+) \(metrics on (http:\/\/\S+)\)/.exec(out)
      if (line) done(line)
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => fail(new Error(`stratos serve exited (${code}) before serving:\n${out}`)))
  })
  let timer: NodeJS.Timeout | undefined
  try {
    const line = await Promise.race([
      serving,
      new Promise<never>((_, fail) => {
        timer = setTimeout(
          () => fail(new Error(`stratos serve did not start in ${timeoutMs} ms:\n${out}`)),
          timeoutMs,
        )
      }),
    ])
    return {
      url: line[1]!,
      metricsUrl: line[2]!,
      child,
      output: () => out,
      exited,
      stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
        return exited
      },
    }
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
  }
}
