/**
 * Worker thread of api.bench.ts: `clients` concurrent clients sending `GET url` back to back over
 * keep-alive connections (as a browser reuses its connection), for a bounded time and count. Each
 * request carries the next of `cookies` (none when empty). It runs on its own thread so the
 * client's work does not share the bench's event loop, and uses node:http (undici's fetch costs
 * the client about twice the CPU per request, which on 2 cores is taken from the server).
 */
import { Agent, request } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'

export interface GetClientsInput {
  url: string
  cookies: string[]
  clients: number
  seconds: number
  maxRequests: number
}

export interface GetClientsResult {
  requests: number
  failures: string[]
  elapsedMs: number
}

const input = workerData as GetClientsInput

const agent = new Agent({ keepAlive: true, maxSockets: input.clients })

function get(cookie: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(input.url, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        body += chunk
      })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

async function run(): Promise<GetClientsResult> {
  const failures: string[] = []
  let requests = 0
  let turn = 0
  const started = performance.now()
  const deadline = started + input.seconds * 1000

  async function client() {
    while (performance.now() < deadline && requests + failures.length < input.maxRequests) {
      const cookie = input.cookies.length > 0 ? input.cookies[turn++ % input.cookies.length] : undefined
      const res = await get(cookie)
      if (res.status === 200) requests++
      else failures.push(`${res.status} ${res.body.slice(0, 200)}`)
    }
  }

  await Promise.all(Array.from({ length: input.clients }, client))
  return { requests, failures, elapsedMs: performance.now() - started }
}

run().then(
  (result) => {
    agent.destroy()
    parentPort!.postMessage(result)
  },
  (error: unknown) => parentPort!.postMessage({ requests: 0, failures: [String(error)], elapsedMs: 0 }),
)
