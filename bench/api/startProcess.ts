import { type ChildProcess, spawn } from 'node:child_process'
import { openSync } from 'node:fs'
import { setTimeout as delay } from 'node:timers/promises'

export interface StartedProcess {
  child: ChildProcess
  /** Sends SIGTERM and resolves with the exit code (or the signal's name). */
  stop(): Promise<number | string>
}

export interface StartProcessOptions {
  /** Arguments to `node`: the script and its own arguments. */
  args: string[]
  cwd: string
  /** The child's whole environment besides PATH and HOME. */
  env: Record<string, string>
  /** stdout and stderr go to this file (the bench never reads them while it measures). */
  logFile: string
  /** Polled until it answers 200: the process is ready. */
  readyUrl: string
  timeoutMs?: number
}

/**
 * Starts `node <args>` and resolves once `readyUrl` answers 200; rejects (and kills it) if it exits
 * first or is not ready within `timeoutMs`.
 */
export async function startProcess(options: StartProcessOptions): Promise<StartedProcess> {
  const { args, cwd, env, logFile, readyUrl, timeoutMs = 30_000 } = options
  const log = openSync(logFile, 'a')
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', log, log],
  })
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  let exitCode: number | string | undefined
  void exited.then((code) => {
    exitCode = code
  })
  const deadline = performance.now() + timeoutMs
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`node ${args.join(' ')} exited (${exitCode}) before it was ready; see ${logFile}`)
    if (performance.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`node ${args.join(' ')} was not ready in ${timeoutMs} ms; see ${logFile}`)
    }
    const ready = await fetch(readyUrl).then(
      (res) => res.status === 200,
      () => false,
    )
    if (ready) break
    await delay(50)
  }
  return {
    child,
    stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
