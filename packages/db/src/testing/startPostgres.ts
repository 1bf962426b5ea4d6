import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findPostgresBin } from '../backup/findPostgresBin.js'
import { freePort } from '../freePort.js'

export interface PostgresServer {
  /** `postgres://stratos@127.0.0.1:<port>/postgres` (trust auth on loopback). */
  url: string
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>
}

/**
 * Starts a throwaway PostgreSQL cluster on 127.0.0.1 for tests: initdb in a temp folder, trust
 * auth on loopback only, removed on stop. initdb refuses to run as root, so as root it runs as
 * the `postgres` system user.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin('initdb')
  if (!bin) throw new Error('PostgreSQL server binaries not found (install the postgresql package)')
  const dir = mkdtempSync(join(tmpdir(), 'stratos-pg-'))
  chmodSync(dir, 0o777)
  const data = join(dir, 'data')
  // As root, run initdb and postgres as the `postgres` system user (initdb refuses root).
  const owner = process.getuid?.() === 0 ? systemUser('postgres') : {}
  const init = spawnSync(join(bin, 'initdb'), ['-D', data, '-U', 'stratos', '--auth=trust', '-E', 'UTF8'], {
    encoding: 'utf8',
    ...owner,
  })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`)

  const port = await freePort()
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1']
  // Durability is irrelevant for a throwaway test cluster; speed is not.
  args.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off')
  const child = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...owner })
  let log = ''
  child.stderr.on('data', (d: Buffer) => {
    log += d.toString()
  })
  const url = `postgres://stratos@127.0.0.1:${port}/postgres`
  const started = Date.now()
  for (;;) {
    if (log.includes('ready to accept connections')) break
    if (child.exitCode !== null) throw new Error(`postgres exited: ${log}`)
    if (Date.now() - started > 30_000) {
      child.kill('SIGKILL')
      throw new Error(`postgres did not start in 30s: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGINT')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim())
  return { uid, gid }
}
