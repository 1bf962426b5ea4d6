import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url))

/** A relayer process started by a test (`node --import tsx apps/relayer/src/bin.ts`). */
export type RelayerProcess = {
  id: string
  child: ChildProcess
  /** `http://127.0.0.1:<port>` of its metrics/health server. */
  url: string
  /** Resolves with the exit code or signal when the process ends. */
  exited: Promise<number | NodeJS.Signals | null>
  /** Reads `relayer_is_leader` from `/metrics`; false when the process does not answer. */
  isLeader(): Promise<boolean>
  /** The value of one unlabelled (or first-labelled) sample on `/metrics`, or undefined. */
  metric(name: string): Promise<number | undefined>
  /**
   * Resolves once `condition` holds over the JSON log lines the process has written to stdout
   * (checked as each arrives); rejects if the process exits first.
   */
  untilLogged(condition: (records: readonly Record<string, unknown>[]) => boolean): Promise<void>
  kill(signal: NodeJS.Signals): void
}

/**
 * Spawns one relayer with `env` (see startDeFiStack's `relayerEnv`), logs to `<logDir>/<id>.log`,
 * and resolves once it prints the address it listens on.
 */
export async function spawnRelayer(
  id: string,
  env: Record<string, string>,
  options: {
    logDir: string
    timeoutMs?: number /** Extra node flags, e.g. `--cpu-prof`. */
    nodeArgs?: string[]
  },
): Promise<RelayerProcess> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', BIN], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const log = createWriteStream(join(options.logDir, `${id}.log`))
  child.stderr?.pipe(log, { end: false })
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  )
  const records: Record<string, unknown>[] = []
  const recordWaiters = new Set<() => void>()
  let partial = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n')
    partial = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.startsWith('{')) continue
      try {
        records.push(JSON.parse(line) as Record<string, unknown>)
      } catch {
        // Not a log record (a line of another tool's output).
      }
    }
    for (const check of [...recordWaiters]) check()
  })
  const untilLogged = (condition: (records: readonly Record<string, unknown>[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition(records)) return
        recordWaiters.delete(check)
        resolve()
      }
      recordWaiters.add(check)
      check()
      void exited.then((how) => {
        if (!recordWaiters.delete(check)) return
        reject(new Error(`relayer ${id} exited (${how}) before the awaited log lines`))
      })
    })

  const url = await new Promise<string>((resolve, reject) => {
    let seen = ''
    const timer = setTimeout(
      () =>
        reject(new Error(`relayer ${id} did not start within ${options.timeoutMs ?? 30_000} ms:\n${seen}`)),
      options.timeoutMs ?? 30_000,
    )
    child.stdout?.on('data', (chunk: Buffer) => {
      log.write(chunk)
      if (seen.length < 64_000) seen += chunk.toString()
      const match = /listening on (http:\/\/[\d.:]+)/.exec(seen)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    })
    void exited.then((how) => {
      clearTimeout(timer)
      reject(new Error(`relayer ${id} exited (${how}) before listening:\n${seen}`))
    })
  })

  const metric = async (name: string) => {
    try {
      const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(1_000) })
      const text = await res.text()
      const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
      return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
    } catch {
      return undefined
    }
  }
  return {
    id,
    child,
    url,
    exited,
    metric,
    untilLogged,
    isLeader: async () => (await metric('relayer_is_leader')) === 1,
    kill: (signal) => {
      child.kill(signal)
    },
  }
}
