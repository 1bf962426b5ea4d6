import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server'
import { createSoftAuthenticator, testAddresses } from '@stratos/api/testing'
import { createDatabase } from '@stratos/db'
import { sql } from 'kysely'
import { afterAll, describe, expect, test } from 'vitest'
import { runCli, type ServeProcess, startServe } from '../testing/serveProcess.js'

const ORIGIN = 'http://localhost:8787'
const KILLS = 5
/** Registrations in flight at once: when the kill lands, several are mid-way. */
const WRITERS = 4
/** Acknowledged registrations before the first kill; each later round waits for a few more. */
const FIRST_KILL_AFTER = 12

interface Acknowledged {
  userId: string
  cookie: string
  round: number
}

describe('stratos serve on SQLite: SIGKILL in the middle of writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-durability-'))
  const env = {
    PUBLIC_ORIGIN: ORIGIN,
    DATA_DIR: dir,
    SESSION_SECRET: 'durability-session-secret-0123456789abc',
    INSTANCE_KEY: 'durability-instance-key-0123456789abcde',
    LOG_LEVEL: 'warn',
    // Registrations as fast as one address can send them: the test is about the writes, not the limits.
    RATE_LIMIT_AUTH_IP: 'off',
  }
  const running = new Set<ServeProcess>()

  afterAll(async () => {
    for (const server of running) await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('behavior: every acknowledged registration survives repeated kills; the file passes integrity_check', async () => {
    const migrate = await runCli(['migrate'], { DATA_DIR: dir })
    expect(migrate.code, migrate.stderr).toBe(0)

    const acknowledged: Acknowledged[] = []
    const kills: { acknowledgedAtKill: number; inFlightAtKill: number }[] = []
    let seed = 0

    const post = async (url: string, path: string, body: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify(body),
      })
      return { res, body: (await res.json()) as Record<string, unknown> }
    }

    for (let round = 1; round <= KILLS; round++) {
      const server = await startServe(env)
      running.add(server)
      const killAt = acknowledged.length + FIRST_KILL_AFTER + 3 * round
      let killed = false
      let inFlight = 0

      /** Registers users one after another until the process is killed under it. */
      const writer = async () => {
        const authenticator = createSoftAuthenticator({ origin: ORIGIN })
        while (!killed) {
          const mine = ++seed
          inFlight++
          try {
            const options = await post(server.url, '/api/auth/register/options', {
              displayName: `durable-${mine}`,
            })
            const response = await authenticator.register(
              options.body.options as PublicKeyCredentialCreationOptionsJSON,
            )
            const verify = await post(server.url, '/api/auth/register/verify', {
              challengeId: options.body.challengeId,
              response,
              addresses: testAddresses(mine),
            })
            inFlight--
            if (killed) return
            expect(verify.res.status, JSON.stringify(verify.body)).toBe(200)
            acknowledged.push({
              userId: (verify.body.user as { id: string }).id,
              cookie: verify.res.headers.getSetCookie()[0]!.split(';')[0]!,
              round,
            })
            if (acknowledged.length >= killAt) {
              // The kill lands the moment the Nth write is acknowledged, with the others mid-way.
              killed = true
              kills.push({
                acknowledgedAtKill: acknowledged.length,
                inFlightAtKill: inFlight,
              })
              server.child.kill('SIGKILL')
            }
          } catch (error) {
            // Only a write cut by the kill may fail: the connection breaks under it.
            if (!killed) throw error
            return
          }
        }
      }
      await Promise.all(Array.from({ length: WRITERS }, writer))
      expect(await server.exited).toBe('SIGKILL')
      running.delete(server)
    }

    // The file as the last kill left it: SQLite recovers the WAL on open.
    const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
    const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db)
    const stored = new Set((await db.selectFrom('users').select('id').execute()).map((row) => row.id))
    await db.destroy()
    const found = acknowledged.filter((write) => stored.has(write.userId))

    // A process started on it serves the sessions acknowledged before each kill.
    const server = await startServe(env)
    running.add(server)
    const firstOfEachRound = Array.from(
      { length: KILLS },
      (_, i) => acknowledged.find((write) => write.round === i + 1)!,
    )
    const sessions = await Promise.all(
      firstOfEachRound.map(
        async ({ cookie }) => (await fetch(`${server.url}/api/me`, { headers: { cookie } })).status,
      ),
    )
    expect(await server.stop()).toBe(0)
    running.delete(server)

    console.log(
      [
        'SIGKILL durability (SQLite):',
        `  kills ${kills.length}: ${kills.map((k) => `after ${k.acknowledgedAtKill} acknowledged (${k.inFlightAtKill} more under way)`).join('; ')}`,
        `  writes acknowledged ${acknowledged.length}, found ${found.length}; users rows ${stored.size} (the acknowledged ones and any committed as the kill cut their answer)`,
        `  integrity_check: ${integrity.rows.map((row) => row.integrity_check).join(', ')}`,
      ].join('\n'),
    )

    expect(kills.length).toBe(KILLS)
    expect(kills.every((kill) => kill.inFlightAtKill > 0)).toBe(true)
    expect(integrity.rows).toEqual([{ integrity_check: 'ok' }])
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILLS * FIRST_KILL_AFTER)
    expect(found.map((write) => write.userId)).toEqual(acknowledged.map((write) => write.userId))
    expect(sessions).toEqual(firstOfEachRound.map(() => 200))
  }, 90_000)
})
