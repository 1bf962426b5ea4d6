import { ed25519 } from '@noble/curves/ed25519.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { CantonDevnet } from '../startCantonDevnet.js'
import { expectMatchesSpec } from './expectMatchesSpec.js'

export interface CallOptions {
  token?: string | null
  body?: unknown
  /** Raw request body (e.g. DAR bytes), sent as application/octet-stream. */
  raw?: Uint8Array | string
  query?: Record<string, string>
  /** Values for `{name}` segments of the spec path. */
  params?: Record<string, string>
}

export interface CallResult<T = DamlJson> {
  status: number
  body: T
}

/** An external party held by a test: its id and Ed25519 key pair. */
export interface TestExternalParty {
  partyId: string
  fingerprint: string
  secretKey: Uint8Array
  publicKey: Uint8Array
}

/**
 * HTTP client for tests: calls the devnet by the spec's path templates over real HTTP and checks
 * EVERY response against the OpenAPI spec (expectMatchesSpec) before returning it.
 */
export class DevnetTestClient {
  readonly devnet: CantonDevnet
  adminToken = ''

  constructor(devnet: CantonDevnet) {
    this.devnet = devnet
  }

  async init() {
    this.adminToken = await this.devnet.adminToken()
    return this
  }

  async call<T = DamlJson>(
    method: string,
    specPath: string,
    options: CallOptions = {},
  ): Promise<CallResult<T>> {
    let path = specPath
    for (const [k, v] of Object.entries(options.params ?? {}))
      path = path.replace(`{${k}}`, encodeURIComponent(v))
    const qs = options.query ? `?${new URLSearchParams(options.query)}` : ''
    const token = options.token === undefined ? this.adminToken : options.token
    const headers: Record<string, string> = {}
    if (token) headers.Authorization = `Bearer ${token}`
    let body: BodyInit | undefined
    if (options.raw !== undefined) {
      headers['Content-Type'] = 'application/octet-stream'
      body = typeof options.raw === 'string' ? options.raw : Buffer.from(options.raw)
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    const res = await fetch(`${this.devnet.url}${path}${qs}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    })
    const type = res.headers.get('content-type') ?? ''
    const parsed = type.includes('application/json')
      ? await res.json()
      : new Uint8Array(await res.arrayBuffer())
    if (path.startsWith('/v2/')) {
      expectMatchesSpec(specPath, method, res.status, parsed instanceof Uint8Array ? undefined : parsed)
    }
    return { status: res.status, body: parsed as T }
  }

  /** Calls and requires a 200, returning the body. */
  /**
   * `POST /v2/state/active-contracts` read whole: pages of the devnet's list limit, each
   * continuing from the previous page's last `streamContinuationToken`; every page checked
   * against the spec.
   */
  async activeContracts(token: string, eventFormat: unknown, activeAtOffset?: number): Promise<DamlJson[]> {
    const offset = activeAtOffset ?? (await this.ok('GET', '/v2/state/ledger-end', { token })).offset
    const limit = this.devnet.httpListMaxElementsLimit
    const all: DamlJson[] = []
    let continuation: string | undefined
    for (;;) {
      const page = await this.ok<DamlJson[]>('POST', '/v2/state/active-contracts', {
        token,
        query: { limit: String(limit) },
        body: {
          activeAtOffset: offset,
          eventFormat,
          ...(continuation ? { streamContinuationToken: continuation } : {}),
        },
      })
      all.push(...page)
      if (page.length < limit) return all
      continuation = page.at(-1).streamContinuationToken
    }
  }

  async ok<T = DamlJson>(method: string, specPath: string, options: CallOptions = {}): Promise<T> {
    const res = await this.call<T>(method, specPath, options)
    if (res.status !== 200)
      throw new Error(`${method} ${specPath} -> ${res.status}: ${JSON.stringify(res.body)}`)
    return res.body
  }

  async allocateHostedParty(hint: string): Promise<string> {
    const res = await this.ok('POST', '/v2/parties', { body: { partyIdHint: hint } })
    return res.partyDetails.party
  }

  /** generate-topology -> sign the multiHash -> allocate, as a wallet does. */
  async onboardExternalParty(
    hint: string,
    secretKey = ed25519.utils.randomSecretKey(),
  ): Promise<TestExternalParty> {
    const publicKey = ed25519.getPublicKey(secretKey)
    const topology = await this.ok('POST', '/v2/parties/external/generate-topology', {
      body: {
        synchronizer: this.devnet.synchronizerId,
        partyHint: hint,
        publicKey: {
          format: 'CRYPTO_KEY_FORMAT_RAW',
          keyData: Buffer.from(publicKey).toString('base64'),
          keySpec: 'SIGNING_KEY_SPEC_EC_CURVE25519',
        },
      },
    })
    const signature = ed25519.sign(Buffer.from(topology.multiHash, 'base64'), secretKey)
    await this.ok('POST', '/v2/parties/external/allocate', {
      body: {
        synchronizer: this.devnet.synchronizerId,
        onboardingTransactions: topology.topologyTransactions.map((transaction: string) => ({ transaction })),
        multiHashSignatures: [
          {
            format: 'SIGNATURE_FORMAT_CONCAT',
            signature: Buffer.from(signature).toString('base64'),
            signedBy: topology.publicKeyFingerprint,
            signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
          },
        ],
      },
    })
    return { partyId: topology.partyId, fingerprint: topology.publicKeyFingerprint, secretKey, publicKey }
  }
}

/** A party signature entry for execute, signing `hash` (base64) with the party's key. */
export function signHash(party: TestExternalParty, hashB64: string, signer: TestExternalParty = party) {
  return {
    party: party.partyId,
    signatures: [
      {
        format: 'SIGNATURE_FORMAT_CONCAT',
        signature: Buffer.from(ed25519.sign(Buffer.from(hashB64, 'base64'), signer.secretKey)).toString(
          'base64',
        ),
        signedBy: signer.fingerprint,
        signingAlgorithmSpec: 'SIGNING_ALGORITHM_SPEC_ED25519',
      },
    ],
  }
}
