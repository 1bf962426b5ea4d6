import { request } from 'node:http'
import { setTimeout as delay } from 'node:timers/promises'
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server'
import { createSoftAuthenticator, type SoftAuthenticator, testAddresses } from '@stratos/api/testing'
import { createDatabase } from '@stratos/db'
import { type PostgresServer, startPostgres } from '@stratos/db/testing'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { type Backend, startRoundRobinProxy } from '../testing/roundRobinProxy.js'
import { runCli, type ServeProcess, startServe } from '../testing/serveProcess.js'

const SESSION_SECRET = 'rolling-session-secret-0123456789abcdef'
const INSTANCE_KEY = 'rolling-instance-key-0123456789abcdefgh'
/** Concurrent simulated browsers during the restarts. */
const CLIENTS = 3
/**
 * A simulated user's pause between two sign-ins: the load stays steady and bounded, leaving the
 * 2-core test machine room to start the replacement processes.
 */
const THINK_MS = 20
/** Ceremonies completed with both processes in rotation before the next one is replaced. */
const CEREMONIES_BETWEEN_RESTARTS = 30

interface Reply {
  status: number
  body: unknown
  cookie: string | undefined
  /** The process the proxy handed this request's connection to. */
  backend: string | undefined
}

/** The load's tally; `when(n)` resolves once `n` ceremonies have succeeded. */
class Tally {
  sent = 0
  failed = 0
  registrations = 0
  logins = 0
  meReads = 0
  /** Ceremonies whose options and verify were answered by different processes. */
  crossProcess = 0
  failures: string[] = []
  cookies: string[] = []
  private waiting: { n: number; done: () => void }[] = []

  get ceremonies() {
    return this.registrations + this.logins
  }

  ceremonyDone() {
    for (const wait of this.waiting.filter((w) => w.n <= this.ceremonies)) wait.done()
    this.waiting = this.waiting.filter((w) => w.n > this.ceremonies)
  }

  when(n: number): Promise<void> {
    return new Promise((done) => {
      this.waiting.push({ n, done })
      this.ceremonyDone()
    })
  }
}

interface RollingRestart {
  /** Times around: each replaces both processes. */
  rounds: number
  /**
   * `first`: the process leaves the rotation, then gets SIGTERM (Kubernetes once the endpoint
   * removal has propagated). `after exit`: SIGTERM while the balancer still sends it connections;
   * it leaves the rotation only once it has exited (the slowest balancer).
   */
  endpointRemoved: 'first' | 'after exit'
}

describe('stratos serve: rolling restarts of two processes behind a TCP load balancer', () => {
  let pg: PostgresServer
  let databases = 0
  const cleanup: (() => Promise<unknown>)[] = []

  beforeAll(async () => {
    pg = await startPostgres()
  })
  afterEach(async () => {
    for (const stop of cleanup.splice(0).reverse()) await stop()
  })
  afterAll(async () => {
    await pg?.stop()
  })

  /**
   * A migrated PostgreSQL database, a proxy, two `stratos serve` processes in its rotation and the
   * helpers that drive them.
   */
  async function twoProcesses() {
    const name = `rolling_${++databases}`
    const admin = createDatabase({ kind: 'postgres', url: pg.url, poolSize: 1 })
    await sql`create database ${sql.id(name)}`.execute(admin)
    await admin.destroy()
    const DATABASE_URL = pg.url.replace(/\/[^/]*$/, `/${name}`)
    const migrate = await runCli(['migrate'], { DATABASE_URL })
    expect(migrate.code, migrate.stderr).toBe(0)

    const proxy = await startRoundRobinProxy()
    cleanup.push(() => proxy.close())
    // The users' origin is the balancer's: WebAuthn responses carry it, every process expects it.
    const origin = `http://localhost:${proxy.port}`
    const env = {
      PUBLIC_ORIGIN: origin,
      DATABASE_URL,
      SESSION_SECRET,
      INSTANCE_KEY,
      LOG_LEVEL: 'info',
      // Every simulated browser connects from loopback and signs in again and again: the test is
      // about restarts, not the limits (which share one count for all of them).
      RATE_LIMIT_AUTH_IP: 'off',
      RATE_LIMIT_AUTH_ACCOUNT: 'off',
    }
    const names = new Map<ServeProcess, string>()
    const startProcess = async (): Promise<ServeProcess> => {
      const server = await startServe(env)
      cleanup.push(() => server.stop())
      names.set(server, `serve-${names.size + 1}`)
      return server
    }
    const backendOf = (server: ServeProcess): Backend => {
      const { hostname, port } = new URL(server.url)
      return { name: names.get(server)!, host: hostname, port: Number(port) }
    }

    /** One HTTP request on a connection of its own (as after a `Connection: close`). */
    function call(
      tally: Tally | null,
      base: string,
      method: 'GET' | 'POST',
      path: string,
      { body, cookie }: { body?: unknown; cookie?: string } = {},
    ): Promise<Reply> {
      if (tally) tally.sent++
      const payload = body === undefined ? undefined : JSON.stringify(body)
      let localPort: number | undefined
      return new Promise<Reply>((resolve, reject) => {
        const req = request(
          `${base}${path}`,
          {
            method,
            agent: false,
            headers: {
              connection: 'close',
              origin,
              ...(payload ? { 'content-type': 'application/json' } : {}),
              ...(cookie ? { cookie } : {}),
            },
          },
          (res) => {
            let text = ''
            res.setEncoding('utf8')
            res.on('data', (chunk: string) => {
              text += chunk
            })
            res.once('error', reject)
            res.once('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                body: res.headers['content-type']?.includes('json') ? JSON.parse(text) : text,
                cookie: res.headers['set-cookie']?.find((c) => c.startsWith('sv_session='))?.split(';')[0],
                backend: localPort === undefined ? undefined : proxy.backendOf(localPort),
              }),
            )
          },
        )
        req.once('socket', (socket) => socket.once('connect', () => (localPort = socket.localPort)))
        req.once('error', reject)
        req.end(payload)
      }).then(
        (reply) => {
          if (tally && (reply.status < 200 || reply.status > 299)) {
            tally.failed++
            tally.failures.push(
              `${method} ${path}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 200)}`,
            )
          }
          return reply
        },
        (error: Error) => {
          if (tally) {
            tally.failed++
            tally.failures.push(`${method} ${path}: ${error.message}`)
          }
          throw error
        },
      )
    }

    /** A full registration: options from `optionsBase`, verify on `verifyBase`. */
    async function register(
      tally: Tally | null,
      [optionsBase, verifyBase]: [string, string],
      authenticator: SoftAuthenticator,
      seed: number,
      enrollToken?: string,
    ) {
      const options = await call(tally, optionsBase, 'POST', '/api/auth/register/options', {
        body: { displayName: `rolling-${seed}`, ...(enrollToken ? { enrollToken } : {}) },
      })
      const { challengeId, options: creation } = options.body as {
        challengeId: string
        options: PublicKeyCredentialCreationOptionsJSON
      }
      const response = await authenticator.register(creation)
      const verify = await call(tally, verifyBase, 'POST', '/api/auth/register/verify', {
        body: { challengeId, response, addresses: testAddresses(seed) },
      })
      return { options, verify }
    }

    const first = [await startProcess(), await startProcess()]
    proxy.setBackends(first.map(backendOf))

    /**
     * Runs CLIENTS simulated browsers through the proxy (registrations, sign-ins, `/api/me` reads
     * with each new session) while both processes are replaced `rounds` times, one at a time; the
     * replacement joins the rotation once its /readyz answers 200. Returns the tally once the
     * restarts are done and the load has stopped.
     */
    async function rollingRestart({ rounds, endpointRemoved }: RollingRestart) {
      const tally = new Tally()
      let stopping = false
      let seeds = 0
      const client = async () => {
        const authenticator = createSoftAuthenticator({ origin })
        let turn = 0
        while (!stopping) {
          turn++
          await delay(THINK_MS)
          try {
            let ceremony: { options: Reply; verify: Reply }
            if (turn % 3 === 1) {
              ceremony = await register(tally, [proxy.url, proxy.url], authenticator, ++seeds)
              if (ceremony.verify.status === 200) tally.registrations++
            } else {
              const options = await call(tally, proxy.url, 'POST', '/api/auth/login/options', { body: {} })
              const { challengeId, options: requestOptions } = options.body as {
                challengeId: string
                options: PublicKeyCredentialRequestOptionsJSON
              }
              const mine = authenticator.credentials
              const response = await authenticator.authenticate(requestOptions, {
                credentialId: mine[turn % mine.length]!.id,
              })
              const verify = await call(tally, proxy.url, 'POST', '/api/auth/login/verify', {
                body: { challengeId, response },
              })
              ceremony = { options, verify }
              if (verify.status === 200) tally.logins++
            }
            if (!ceremony.verify.cookie) continue
            if (ceremony.options.backend !== ceremony.verify.backend) tally.crossProcess++
            tally.cookies.push(ceremony.verify.cookie)
            tally.ceremonyDone()
            const cookie = tally.cookies[turn % tally.cookies.length]!
            if ((await call(tally, proxy.url, 'GET', '/api/me', { cookie })).status === 200) tally.meReads++
          } catch {
            // Counted as failed by `call`; the browser carries on.
          }
        }
      }
      const clients = Array.from({ length: CLIENTS }, client)

      const slots = [...first]
      const restarts: { old: string; replacement: string; requests: number; exit: number | string }[] = []
      const drained: unknown[] = []
      for (let round = 0; round < rounds; round++) {
        for (let slot = 0; slot < slots.length; slot++) {
          await tally.when(tally.ceremonies + CEREMONIES_BETWEEN_RESTARTS)
          const old = slots[slot]!
          const sentBefore = tally.sent
          if (endpointRemoved === 'first') await proxy.drain(names.get(old)!)
          const exited = old.stop()
          const replacement = await startProcess()
          while ((await call(null, replacement.url, 'GET', '/readyz')).status !== 200) await delay(50)
          proxy.add(backendOf(replacement))
          const exit = await exited
          if (endpointRemoved === 'after exit') await proxy.drain(names.get(old)!)
          slots[slot] = replacement
          restarts.push({
            old: names.get(old)!,
            replacement: names.get(replacement)!,
            requests: tally.sent - sentBefore,
            exit,
          })
          drained.push(
            old
              .output()
              .split('\n')
              .filter((line) => line.startsWith('{'))
              .map((line) => JSON.parse(line) as { msg: string })
              .find((line) => line.msg === 'stopped'),
          )
        }
      }
      await tally.when(tally.ceremonies + CEREMONIES_BETWEEN_RESTARTS)
      stopping = true
      await Promise.all(clients)

      // Every session of the run answers on the final processes.
      const finalAnswers = await Promise.all(
        tally.cookies.map((cookie) => call(null, proxy.url, 'GET', '/api/me', { cookie })),
      )
      const served = [...proxy.served().entries()]
      console.log(
        [
          `rolling restart, endpoint removed ${endpointRemoved === 'first' ? 'before SIGTERM' : 'after the exit'}:`,
          `  requests sent ${tally.sent}, failed ${tally.failed}`,
          `  registrations ${tally.registrations}, logins ${tally.logins}, /api/me reads ${tally.meReads}`,
          `  ceremonies with options and verify on different processes: ${tally.crossProcess}`,
          `  restarts ${restarts.length}: ${restarts.map((r) => `${r.old} -> ${r.replacement} (exit ${r.exit}, ${r.requests} requests meanwhile)`).join(', ')}`,
          `  connections refused by a stopping process and handed to the other: ${proxy.skipped()}`,
          `  distinct processes that served: ${served.length} (${served.map(([name, n]) => `${name}: ${n}`).join(', ')})`,
          `  sessions checked on the final processes: ${finalAnswers.length}, answered 200: ${finalAnswers.filter((r) => r.status === 200).length}`,
        ].join('\n'),
      )

      expect(tally.failures.slice(0, 5)).toEqual([])
      expect(tally.failed).toBe(0)
      expect(proxy.unrouted()).toBe(0)
      expect(restarts.map((restart) => restart.exit)).toEqual(restarts.map(() => 0))
      // Each stopped process finished what it had in flight.
      expect(drained).toEqual(restarts.map(() => expect.objectContaining({ cut: 0 })))
      for (const restart of restarts)
        expect(restart.requests, `load ran while ${restart.old} was replaced`).toBeGreaterThan(0)
      // Every process served, the originals and each replacement.
      expect(served.length).toBe(2 + 2 * rounds)
      expect(tally.crossProcess).toBeGreaterThan(0)
      expect(tally.registrations).toBeGreaterThan(0)
      expect(tally.logins).toBeGreaterThan(0)
      expect(finalAnswers.map((answer) => answer.status)).toEqual(tally.cookies.map(() => 200))
      return { tally, proxy }
    }

    return { first, origin, register, rollingRestart }
  }

  test('behavior: each process taken out of rotation, then SIGTERM: no request fails, twice around; sessions survive', async () => {
    const { first, origin, register, rollingRestart } = await twoProcesses()

    // One process issued the enrollment link, the other says one is outstanding (it did not
    // replace it); the link works with the ceremony's options from one process and its verify on
    // the other.
    const links = first.map((p) => /Admin enrollment link .*: (\S+)/.exec(p.output())?.[1])
    expect(links.filter(Boolean)).toHaveLength(1)
    expect(first.map((p) => p.output()).join('\n')).toMatch(
      /the enrollment link issued at \S+ is still valid/,
    )
    const enrollLink = links.find(Boolean)
    expect(enrollLink).toMatch(new RegExp(`^${origin}/enroll#token=`))
    const enrolled = await register(
      null,
      [first[0]!.url, first[1]!.url],
      createSoftAuthenticator({ origin }),
      0,
      new URL(enrollLink!).hash.replace('#token=', ''),
    )
    expect(enrolled.options.status).toBe(200)
    expect(enrolled.verify.status).toBe(200)
    expect((enrolled.verify.body as { user: { role: string } }).user.role).toBe('admin')

    await rollingRestart({ rounds: 2, endpointRemoved: 'first' })
  }, 60_000)

  test('behavior: SIGTERM while still in rotation: new connections are refused at once and go to the other process; no request fails', async () => {
    const { rollingRestart } = await twoProcesses()
    const { proxy } = await rollingRestart({ rounds: 1, endpointRemoved: 'after exit' })
    // The balancer did meet a stopping process's refusals (else this proves nothing beyond the first test).
    expect(proxy.skipped()).toBeGreaterThan(0)
  }, 60_000)
})
