/** What the benchmarks share: users registered through the API, and load clients in worker threads. */
import { Worker } from 'node:worker_threads'
import { createSoftAuthenticator, type SoftCredential, testAddresses } from '@stratos/api/testing'

/** Registers `count` passkey users through the API at `url`: their credentials and session cookies. */
export async function registerUsers(
  url: string,
  origin: string,
  count: number,
): Promise<{ credentials: SoftCredential[]; cookies: string[] }> {
  const credentials: SoftCredential[] = []
  const cookies: string[] = []
  for (let i = 0; i < count; i++) {
    const authenticator = createSoftAuthenticator({ origin })
    const options = await post(url, origin, '/api/auth/register/options', { displayName: `bench-${i}` })
    const response = await authenticator.register(options.body.options)
    const verify = await post(url, origin, '/api/auth/register/verify', {
      challengeId: options.body.challengeId,
      response,
      addresses: testAddresses(i),
    })
    credentials.push(authenticator.credentials[0]!)
    cookies.push(verify.cookie)
  }
  return { credentials, cookies }
}

async function post(url: string, origin: string, path: string, body: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  const cookie = res.headers.getSetCookie()[0]?.split(';')[0] ?? ''
  // biome-ignore lint/suspicious/noExplicitAny: bench driver, shapes checked by the API tests
  return { body: (await res.json()) as any, cookie }
}

/** Runs a load-client worker (`entry`, a URL) with `input` and resolves with the one message it posts. */
export function runWorker<T>(entry: URL, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(entry, { workerData: input })
    worker.once('message', (result: T) => {
      resolve(result)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}
