import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '@stratos/db'
import { type PostgresServer, startPostgres } from '@stratos/db/testing'
import { routes } from '@stratos/schemas'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { runCli, type ServeProcess, startServe } from '../testing/serveProcess.js'

const SESSION_SECRET = 'limits-session-secret-0123456789abcdef'
const INSTANCE_KEY = 'limits-instance-key-0123456789abcdefgh'
/** Sign-in starts allowed per client address; the window is long so the wall clock cannot reopen it. */
const LIMIT = 4

describe.each(['sqlite', 'postgres'] as const)(
  'stratos serve: two processes on one %s database share the rate limits',
  (kind) => {
    const dir = mkdtempSync(join(tmpdir(), 'stratos-limits-'))
    let pg: PostgresServer | undefined
    const running: ServeProcess[] = []

    beforeAll(async () => {
      if (kind === 'postgres') pg = await startPostgres()
    })
    afterAll(async () => {
      for (const server of running) await server.stop()
      await pg?.stop()
      rmSync(dir, { recursive: true, force: true })
    })

    async function databaseUrl(): Promise<string> {
      if (!pg) return `sqlite:${join(dir, 'stratos.sqlite')}`
      const admin = createDatabase({ kind: 'postgres', url: pg.url, poolSize: 1 })
      await sql`create database limits`.execute(admin)
      await admin.destroy()
      return pg.url.replace(/\/[^/]*$/, '/limits')
    }

    test('behavior: login options alternating between the processes get 429 after the limit in total; another address is unaffected', async () => {
      const DATABASE_URL = await databaseUrl()
      const migrate = await runCli(['migrate'], { DATABASE_URL })
      expect(migrate.code, migrate.stderr).toBe(0)
      const env = {
        PUBLIC_ORIGIN: 'http://localhost:8787',
        DATABASE_URL,
        SESSION_SECRET,
        INSTANCE_KEY,
        // The test is the reverse proxy: it connects from loopback and names the client.
        TRUSTED_PROXIES: '127.0.0.1',
        RATE_LIMIT_AUTH_IP: `${LIMIT}/3600`,
      }
      const processes = [await startServe(env), await startServe(env)]
      running.push(...processes)

      const loginOptions = (server: ServeProcess, client: string) =>
        fetch(`${server.url}${routes.loginOptions.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
          body: '{}',
        })
      const statuses: number[] = []
      for (let i = 0; i <= LIMIT; i++) {
        const res = await loginOptions(processes[i % 2]!, '203.0.113.5')
        statuses.push(res.status)
        if (res.status === 429) {
          expect(await res.json()).toMatchObject({ code: 'RATE_LIMITED' })
          expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        } else await res.body?.cancel()
      }
      // Each process alone saw at most three requests: only a shared count refuses the fifth.
      expect(statuses).toEqual([200, 200, 200, 200, 429])
      expect((await loginOptions(processes[0]!, '203.0.113.5')).status).toBe(429)
      expect((await loginOptions(processes[1]!, '203.0.113.5')).status).toBe(429)
      expect((await loginOptions(processes[1]!, '198.51.100.7')).status).toBe(200)
    })
  },
)
