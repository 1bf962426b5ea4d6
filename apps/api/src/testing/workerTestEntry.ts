/**
 * Test-only Worker (never deployed): serves many test apps from one workerd, each the product's
 * `createWorker` on a D1 database of its own (bindings DB_1…DB_n), with the settings, clock offset
 * and log capture a test gives it. `testing/workerd.ts` drives it from Node. workerd takes every
 * named export of a Worker's module as an entrypoint: this one exports only its handler.
 */
import type { ApiConfig } from '../config.js'
import { createJsonLogger } from '../logging.js'
import { createWorker, type StratosWorker, type WorkerEnv } from '../worker.js'
import { type TestChains, testChainFamilies } from './testChains.js'
import {
  fromTestJson,
  TEST_APP_HEADER,
  TEST_CLOCK_HEADER,
  TEST_NO_USER_AGENT_HEADER,
} from './workerTestHeaders.js'

interface TestInstance {
  binding: string
  worker: StratosWorker
  offsetMs: number
  logs: string[]
}

const instances = new Map<string, TestInstance>()

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const url = new URL(request.url)
    if (url.pathname.startsWith('/__test/')) return control(request, url)
    const id = request.headers.get(TEST_APP_HEADER)
    const instance = id === null ? undefined : instances.get(id)
    if (!instance) return new Response(`no test app ${id}`, { status: 421 })
    instance.offsetMs = Number(request.headers.get(TEST_CLOCK_HEADER) ?? 0)
    const headers = new Headers(request.headers)
    headers.delete(TEST_APP_HEADER)
    headers.delete(TEST_CLOCK_HEADER)
    if (headers.has(TEST_NO_USER_AGENT_HEADER)) headers.delete('user-agent')
    headers.delete(TEST_NO_USER_AGENT_HEADER)
    const forwarded = new Request(request, { headers })
    return instance.worker.fetch(forwarded, { ...env, DB: env[instance.binding] as WorkerEnv['DB'] })
  },
}

async function control(request: Request, url: URL): Promise<Response> {
  const [, , id, action] = url.pathname.split('/')
  if (request.method === 'PUT' && id && action === undefined) {
    const { binding, config, chains } = fromTestJson<{
      binding: string
      config: ApiConfig
      chains: TestChains
    }>(await request.text())
    const instance: TestInstance = {
      binding,
      offsetMs: 0,
      logs: [],
      worker: createWorker({
        clock: () => new Date(Date.now() + instance.offsetMs),
        logger: createJsonLogger({ level: 'debug', write: (line) => instance.logs.push(line) }),
        configure: () => config,
        checkResponses: true,
        chainFamilies: testChainFamilies(chains),
      }),
    }
    instances.set(id, instance)
    return new Response(null, { status: 204 })
  }
  const instance = id === undefined ? undefined : instances.get(id)
  if (!instance) return new Response(`no test app ${id}`, { status: 404 })
  if (request.method === 'GET' && action === 'logs') {
    const from = Number(url.searchParams.get('from') ?? 0)
    return Response.json(instance.logs.slice(from))
  }
  return new Response('unknown control request', { status: 400 })
}
