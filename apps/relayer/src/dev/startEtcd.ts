import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '@stratos/db'

export type StartEtcdOptions = {
  /** The etcd binary; Debian's `/usr/bin/etcd` (package `etcd-server`) when omitted. */
  binary?: string
  /** Milliseconds to wait until `/health` answers healthy. */
  timeoutMs?: number
}

export type EtcdServer = {
  /** Client URL, `http://127.0.0.1:<port>`, for `new Etcd3({ hosts })`. */
  url: string
  clientPort: number
  /** Kills the server and removes its data folder. */
  stop(): Promise<void>
}

const DEBIAN_ETCD = '/usr/bin/etcd'

/** Whether the etcd binary is installed (Debian's `/usr/bin/etcd` unless `binary` is given). */
export function hasEtcd(binary: string = DEBIAN_ETCD): boolean {
  return existsSync(binary)
}

/**
 * Starts a throwaway single-member etcd (Debian's 3.4) on 127.0.0.1 with free client and peer
 * ports and a temp data folder, and waits until it reports healthy. For tests and `stratos dev`
 * (leases and leadership need no history, so the data folder goes with the server).
 */
export async function startEtcd(options: StartEtcdOptions = {}): Promise<EtcdServer> {
  const binary = options.binary ?? DEBIAN_ETCD
  if (!existsSync(binary)) {
    throw new Error(
      `etcd not found at ${binary}: install the Debian package etcd-server (apt-get install -y etcd-server)`,
    )
  }
  const [clientPort, peerPort] = [await freePort(), await freePort()]
  const dir = mkdtempSync(join(tmpdir(), 'stratos-etcd-'))
  const url = `http://127.0.0.1:${clientPort}`
  const peerUrl = `http://127.0.0.1:${peerPort}`
  const args = [
    '--name=test',
    `--data-dir=${join(dir, 'data')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=test=${peerUrl}`,
    '--initial-cluster-state=new',
    '--logger=zap',
    '--log-level=warn',
  ]
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.on('data', (d: Buffer) => {
    log = (log + d.toString()).slice(-8_000)
  })
  // A test process that ends without calling stop() still takes its etcd down with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  const stop = async () => {
    process.off('exit', killOnExit)
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }

  const timeoutMs = options.timeoutMs ?? 20_000
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (child.exitCode !== null) {
      process.off('exit', killOnExit)
      rmSync(dir, { recursive: true, force: true })
      throw new Error(`etcd exited with code ${child.exitCode}: ${log.trim()}`)
    }
    if (await isHealthy(url)) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`etcd did not become healthy on ${url} within ${timeoutMs} ms: ${log.trim()}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return { url, clientPort, stop }
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) })
    if (!res.ok) return false
    const body = (await res.json()) as { health?: string }
    return body.health === 'true'
  } catch {
    return false
  }
}
