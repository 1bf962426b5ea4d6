/**
 * What the benchmarks share: users registered through the API, load clients in worker threads, and
 * the bare-verification baseline of a sign-in.
 */
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server'
import { createSoftAuthenticator, type SoftCredential, testAddresses } from '@stratos/api/testing'
import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'

/**
 * Registers `count` passkey users through the API at `url`: their credentials and session cookies.
 * User i's addresses are `addressesOf(i)`: well-formed ones no key derives (`testAddresses`)
 * unless given.
 */
export async function registerUsers(
  url: string,
  origin: string,
  count: number,
  addressesOf: (i: number) => ReturnType<typeof testAddresses> = testAddresses,
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
      addresses: addressesOf(i),
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

/**
 * The baseline of a sign-in: bare `verifyAuthenticationResponse` of pre-made assertions for
 * `credential`, whose public key (as the API stored it, base64url COSE) is read from `source`, a
 * database, or given; `clients` at a time, for `seconds` or `maxCount`.
 */
export async function benchBareVerify(
  source: Kysely<Database> | { publicKey: string },
  credential: SoftCredential,
  { origin, rpId, clients, seconds, maxCount }: BareVerifyOptions,
): Promise<{ count: number; elapsedMs: number; rate: number }> {
  const stored =
    'publicKey' in source
      ? source.publicKey
      : (
          await source
            .selectFrom('credentials')
            .select('public_key')
            .where('id', '=', credential.id)
            .executeTakeFirstOrThrow()
        ).public_key
  const publicKey = new Uint8Array(Buffer.from(stored, 'base64url'))
  // A copy of the credential, so the registered one's counter is left alone.
  const authenticator = createSoftAuthenticator({ origin, credentials: [{ ...credential, counter: 0 }] })
  const challenge = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
  const options: PublicKeyCredentialRequestOptionsJSON = { challenge, rpId, userVerification: 'required' }
  const assertions: AuthenticationResponseJSON[] = []
  for (let i = 0; i < 512; i++) assertions.push(await authenticator.authenticate(options))

  let count = 0
  let next = 0
  const started = performance.now()
  const deadline = started + seconds * 1000
  const worker = async () => {
    while (performance.now() < deadline && count < maxCount) {
      const result = await verifyAuthenticationResponse({
        response: assertions[next++ % assertions.length]!,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpId,
        requireUserVerification: true,
        credential: { id: credential.id, publicKey, counter: 0 },
      })
      if (!result.verified) throw new Error('bare verifyAuthenticationResponse did not verify')
      count++
    }
  }
  await Promise.all(Array.from({ length: clients }, worker))
  const elapsedMs = performance.now() - started
  return { count, elapsedMs, rate: count / (elapsedMs / 1000) }
}

export interface BareVerifyOptions {
  origin: string
  rpId: string
  clients: number
  seconds: number
  maxCount: number
}
