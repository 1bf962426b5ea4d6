/**
 * Worker thread of auth.bench.ts: `clients` concurrent browsers signing in over real HTTP
 * (options -> soft authenticator -> verify -> session cookie), for a bounded time and count.
 * It runs on its own thread so client-side work (HTTP, ECDSA signing) does not share the
 * server's event loop, and uses node:http with keep-alive like a browser's connection reuse
 * (undici's fetch costs the client about twice the CPU per request, which on 2 cores is taken
 * from the server).
 */
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import { createSoftAuthenticator, type SoftCredential } from '@stratos/api/testing'

export interface LoginClientsInput {
  url: string
  origin: string
  credentials: SoftCredential[]
  clients: number
  seconds: number
  maxLogins: number
}

export interface LoginClientsResult {
  logins: number
  failures: string[]
  elapsedMs: number
  latenciesMs: number[]
}

const input = workerData as LoginClientsInput

const agent = new Agent({ keepAlive: true, maxSockets: input.clients })

interface Reply {
  status: number
  setCookie: string[]
  body: string
}

function post(path: string, body: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${input.url}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          origin: input.origin,
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, setCookie: res.headers['set-cookie'] ?? [], body: text }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

async function run(): Promise<LoginClientsResult> {
  const latenciesMs: number[] = []
  const failures: string[] = []
  let logins = 0
  const started = performance.now()
  const deadline = started + input.seconds * 1000

  async function client(index: number) {
    // Each client signs in as its own users, so counters never race between clients.
    const mine = input.credentials.filter((_, i) => i % input.clients === index)
    const authenticator = createSoftAuthenticator({ origin: input.origin, credentials: mine })
    let turn = 0
    while (performance.now() < deadline && logins + failures.length < input.maxLogins) {
      const credential = mine[turn++ % mine.length]!
      const t0 = performance.now()
      const optionsRes = await post('/api/auth/login/options', '{}')
      const { challengeId, options } = JSON.parse(optionsRes.body) as { challengeId: string; options: never }
      const response = await authenticator.authenticate(options, { credentialId: credential.id })
      const verify = await post('/api/auth/login/verify', JSON.stringify({ challengeId, response }))
      if (verify.status === 200 && verify.setCookie.some((c) => c.startsWith('sv_session='))) {
        logins++
        latenciesMs.push(performance.now() - t0)
      } else {
        failures.push(`${verify.status} ${verify.body.slice(0, 200)}`)
      }
    }
  }

  await Promise.all(Array.from({ length: input.clients }, (_, i) => client(i)))
  return { logins, failures, elapsedMs: performance.now() - started, latenciesMs }
}

run().then(
  (result) => {
    agent.destroy()
    parentPort!.postMessage(result)
  },
  (error: unknown) =>
    parentPort!.postMessage({ logins: 0, failures: [String(error)], elapsedMs: 0, latenciesMs: [] }),
)
