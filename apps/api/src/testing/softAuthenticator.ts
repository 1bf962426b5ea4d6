import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import { fromBase64Url, toBase64Url } from '../encoding.js'

/**
 * A software WebAuthn client + authenticator for tests and benchmarks: what a browser and a
 * platform authenticator do together, on WebCrypto. ES256 keys, "none" attestation (or "packed"
 * with a certificate path, for a model given an attestation key), discoverable credentials, a signature counter, and the PRF extension. It is a real client
 * implementation (the server verifies its output with @simplewebauthn/server), with knobs to
 * produce the broken responses an attacker or a faulty client would send.
 *
 * References: WebAuthn L3 §6.1 (authenticator data), §6.5 (attestation object), §8.2 (packed
 * attestation), §5.8.1 (CollectedClientData), §10.1.4 (prf); RFC 8152 §13.1 (COSE EC2 key); RFC 8949 (CBOR).
 */
export interface SoftAuthenticator {
  /** Credentials created so far, newest last. */
  readonly credentials: readonly SoftCredential[]
  /** navigator.credentials.create(): makes a discoverable ES256 credential. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    overrides?: CreateOverrides,
  ): Promise<RegistrationResponseJSON>
  /** navigator.credentials.get(): signs the challenge with a credential for the RP ID. */
  authenticate(
    options: PublicKeyCredentialRequestOptionsJSON,
    overrides?: GetOverrides,
  ): Promise<AuthenticationResponseJSON>
}

export interface SoftCredential {
  /** Credential id, base64url. */
  id: string
  rpId: string
  /** WebAuthn user handle, base64url. */
  userHandle: string
  /** Signature counter of the last assertion (or of creation). */
  counter: number
  privateKey: CryptoKey
  /** The per-credential secret behind PRF (hmac-secret's CredRandom). Never leaves the authenticator. */
  prfSecret: Uint8Array
}

interface CommonOverrides {
  /** clientData.origin (default: the authenticator's origin). */
  origin?: string
  /** RP ID hashed into authenticatorData (default: options.rp.id / options.rpId). */
  rpId?: string
  /** Report user verification (default true). */
  userVerified?: boolean
}

export interface CreateOverrides extends CommonOverrides {
  /** Leave PRF results in clientExtensionResults, as a careless client would (default false). */
  leavePrfResults?: boolean
  /**
   * `self`: answer an attestation request with "packed" self attestation (signed by the new
   * credential's own key, no certificates), as authenticators without an attestation key do.
   */
  attestation?: 'self'
}

/**
 * The model's attestation key and its certificate path (DER, the attestation certificate first,
 * without the root): what a security key's maker puts in it.
 */
export interface SoftAttestation {
  privateKey: CryptoKey
  certificates: Uint8Array[]
}

export interface GetOverrides extends CommonOverrides {
  /** Credential to use (default: the newest for the RP ID). */
  credentialId?: string
  /** Exact signature counter to report (default: previous + 1). */
  counter?: number
  /** Evaluate PRF with this input (what the browser does with `prf.eval.first`). */
  prfInput?: Uint8Array
  /** Leave PRF results in clientExtensionResults instead of stripping them (default false). */
  leavePrfResults?: boolean
}

const FLAG_UP = 0x01
const FLAG_UV = 0x04
const FLAG_AT = 0x40
const COSE_ALG_ES256 = -7

/**
 * A soft authenticator that answers as if running on `origin`. Pass `credentials` to carry
 * credentials over from another instance (they are structured-cloneable, e.g. to a worker).
 */
export function createSoftAuthenticator(options: {
  origin: string
  credentials?: SoftCredential[]
  /** The authenticator model's AAGUID, UUID text (default: all zeros, as privacy-minded ones send). */
  aaguid?: string
  /**
   * The model's attestation key: "packed" attestation with this x5c when the RP asks for
   * attestation (`direct` or `enterprise`); "none" when it does not, as browsers do.
   */
  attestation?: SoftAttestation
}): SoftAuthenticator {
  const aaguid = options.aaguid
    ? Uint8Array.from(
        options.aaguid
          .replaceAll('-', '')
          .match(/../g)!
          .map((h) => Number.parseInt(h, 16)),
      )
    : new Uint8Array(16)
  const credentials: SoftCredential[] = options.credentials ?? []

  return {
    credentials,

    async register(creation, overrides = {}) {
      const rpId = overrides.rpId ?? creation.rp.id ?? new URL(options.origin).hostname
      if (!creation.pubKeyCredParams.some((p) => p.alg === COSE_ALG_ES256)) {
        throw new Error('soft authenticator: the RP does not accept ES256')
      }
      // WebAuthn §6.3.2 step 3: an authenticator holding an excluded credential makes no new one
      // (the browser reports InvalidStateError).
      const excluded = new Set((creation.excludeCredentials ?? []).map((c) => c.id))
      if (credentials.some((c) => c.rpId === rpId && excluded.has(c.id))) {
        throw new Error(
          'soft authenticator: InvalidStateError: this authenticator holds an excluded credential',
        )
      }
      const keyPair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
        'sign',
        'verify',
      ])) as CryptoKeyPair
      const jwk = await crypto.subtle.exportKey('jwk', keyPair.publicKey)
      const credentialId = crypto.getRandomValues(new Uint8Array(32))
      const credential: SoftCredential = {
        id: toBase64Url(credentialId),
        rpId,
        userHandle: creation.user.id,
        counter: 0,
        privateKey: keyPair.privateKey,
        prfSecret: crypto.getRandomValues(new Uint8Array(32)),
      }
      // RFC 8152 §13.1.1: COSE_Key for an EC2 P-256 key, ES256.
      const coseKey = cbor(
        new Map<number, unknown>([
          [1, 2],
          [3, COSE_ALG_ES256],
          [-1, 1],
          [-2, fromBase64Url(jwk.x!)],
          [-3, fromBase64Url(jwk.y!)],
        ]),
      )
      // WebAuthn §6.5.1: attested credential data = aaguid (16) | credentialIdLength (2) | id | key.
      const attested = concat(aaguid, u16(credentialId.length), credentialId, coseKey)
      const flags = FLAG_UP | FLAG_AT | (overrides.userVerified === false ? 0 : FLAG_UV)
      const authData = concat(await sha256(utf8(rpId)), new Uint8Array([flags]), u32(0), attested)
      const clientDataJSON = clientData(
        'webauthn.create',
        creation.challenge,
        overrides.origin ?? options.origin,
      )
      const wantsAttestation = creation.attestation === 'direct' || creation.attestation === 'enterprise'
      const signer =
        overrides.attestation === 'self'
          ? { privateKey: keyPair.privateKey, certificates: [] }
          : wantsAttestation
            ? options.attestation
            : undefined
      let fmt = 'none'
      let attStmt = new Map<string, unknown>()
      if (signer) {
        // WebAuthn §8.2: sig over authenticatorData || SHA-256(clientDataJSON) with the attestation
        // key (self attestation: the credential key), x5c only with an attestation certificate.
        const signed = concat(authData, await sha256(clientDataJSON))
        const p1363 = new Uint8Array(
          await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signer.privateKey, signed),
        )
        fmt = 'packed'
        attStmt = new Map<string, unknown>([
          ['alg', COSE_ALG_ES256],
          ['sig', derSignature(p1363)],
        ])
        if (signer.certificates.length > 0) attStmt.set('x5c', signer.certificates)
      }
      // WebAuthn §6.5.4: the attestation object (§8.7: "none" has an empty statement).
      const attestationObject = cbor(
        new Map<string, unknown>([
          ['fmt', fmt],
          ['attStmt', attStmt],
          ['authData', authData],
        ]),
      )
      credentials.push(credential)
      const wantsPrf = creation.extensions?.prf !== undefined
      const prfInput = creation.extensions?.prf?.eval?.first
      const prf: Record<string, unknown> = { enabled: true }
      if (overrides.leavePrfResults) {
        prf.results = {
          first: toBase64Url(await evaluatePrf(credential, asBytes(prfInput) ?? new Uint8Array(32))),
        }
      }
      return {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: {
          clientDataJSON: toBase64Url(clientDataJSON),
          attestationObject: toBase64Url(attestationObject),
          authenticatorData: toBase64Url(authData),
          transports: ['internal', 'hybrid'],
          publicKeyAlgorithm: COSE_ALG_ES256,
        },
        authenticatorAttachment: 'platform',
        clientExtensionResults: wantsPrf ? { prf } : {},
      } as RegistrationResponseJSON
    },

    async authenticate(request, overrides = {}) {
      const rpId = request.rpId ?? new URL(options.origin).hostname
      const allowed = new Set((request.allowCredentials ?? []).map((c) => c.id))
      const candidates = credentials.filter(
        (c) =>
          c.rpId === rpId &&
          (allowed.size === 0 || allowed.has(c.id)) &&
          (!overrides.credentialId || c.id === overrides.credentialId),
      )
      const credential = candidates.at(-1)
      if (!credential) throw new Error(`soft authenticator: no credential for RP ID ${rpId}`)
      credential.counter = overrides.counter ?? credential.counter + 1
      const flags = FLAG_UP | (overrides.userVerified === false ? 0 : FLAG_UV)
      // WebAuthn §6.1: rpIdHash (32) | flags (1) | signCount (4, big-endian).
      const authData = concat(
        await sha256(utf8(overrides.rpId ?? rpId)),
        new Uint8Array([flags]),
        u32(credential.counter),
      )
      const clientDataJSON = clientData('webauthn.get', request.challenge, overrides.origin ?? options.origin)
      // WebAuthn §6.3.3 step 11: sign authenticatorData || SHA-256(clientDataJSON).
      const signed = concat(authData, await sha256(clientDataJSON))
      const p1363 = new Uint8Array(
        await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, credential.privateKey, signed),
      )
      const clientExtensionResults: Record<string, unknown> = {}
      if (overrides.prfInput) {
        const first = await evaluatePrf(credential, overrides.prfInput)
        // A browser hands results to the page; our web app strips them before posting.
        clientExtensionResults.prf = overrides.leavePrfResults
          ? { results: { first: toBase64Url(first) } }
          : {}
      }
      return {
        id: credential.id,
        rawId: credential.id,
        type: 'public-key',
        response: {
          clientDataJSON: toBase64Url(clientDataJSON),
          authenticatorData: toBase64Url(authData),
          signature: toBase64Url(derSignature(p1363)),
          userHandle: credential.userHandle,
        },
        authenticatorAttachment: 'platform',
        clientExtensionResults,
      } as AuthenticationResponseJSON
    },
  }
}

/**
 * WebAuthn §10.1.4: PRF salt = SHA-256("WebAuthn PRF" || 0x00 || input), then the
 * authenticator's HMAC-SHA-256 under the credential's secret (CTAP2 hmac-secret).
 */
export async function evaluatePrf(credential: SoftCredential, input: Uint8Array): Promise<Uint8Array> {
  const salt = await sha256(concat(utf8('WebAuthn PRF'), new Uint8Array([0]), input))
  const key = await crypto.subtle.importKey(
    'raw',
    new Uint8Array(credential.prfSecret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, new Uint8Array(salt)))
}

function asBytes(value: unknown): Uint8Array | undefined {
  if (typeof value === 'string') return fromBase64Url(value)
  if (value instanceof Uint8Array) return value
  return undefined
}

/** WebAuthn §5.8.1: CollectedClientData, serialized as the browser does (§5.8.1.1). */
function clientData(type: string, challenge: string, origin: string): Uint8Array {
  return utf8(JSON.stringify({ type, challenge, origin, crossOrigin: false }))
}

/** WebCrypto signs ECDSA as r || s (IEEE P1363); WebAuthn wants an ASN.1 DER Ecdsa-Sig-Value. */
function derSignature(p1363: Uint8Array): Uint8Array {
  const integer = (bytes: Uint8Array) => {
    let i = 0
    while (i < bytes.length - 1 && bytes[i] === 0) i++
    let v: Uint8Array = bytes.slice(i)
    if (v[0]! & 0x80) v = concat(new Uint8Array([0]), v)
    return concat(new Uint8Array([0x02, v.length]), v)
  }
  const body = concat(integer(p1363.slice(0, 32)), integer(p1363.slice(32)))
  return concat(new Uint8Array([0x30, body.length]), body)
}

/** A minimal CBOR encoder (RFC 8949): unsigned/negative ints, byte and text strings, maps, arrays. */
export function cbor(value: unknown): Uint8Array {
  const head = (major: number, n: number): Uint8Array => {
    if (n < 24) return new Uint8Array([(major << 5) | n])
    if (n < 0x100) return new Uint8Array([(major << 5) | 24, n])
    if (n < 0x10000) return concat(new Uint8Array([(major << 5) | 25]), u16(n))
    return concat(new Uint8Array([(major << 5) | 26]), u32(n))
  }
  if (typeof value === 'number' && Number.isInteger(value)) {
    return value >= 0 ? head(0, value) : head(1, -1 - value)
  }
  if (value instanceof Uint8Array) return concat(head(2, value.length), value)
  if (typeof value === 'string') {
    const bytes = utf8(value)
    return concat(head(3, bytes.length), bytes)
  }
  if (Array.isArray(value)) return concat(head(4, value.length), ...value.map(cbor))
  if (value instanceof Map) {
    return concat(head(5, value.size), ...[...value].flatMap(([k, v]) => [cbor(k), cbor(v)]))
  }
  throw new Error(`cbor: cannot encode ${typeof value}`)
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const p of parts) {
    out.set(p, offset)
    offset += p.length
  }
  return out
}

function u16(n: number): Uint8Array {
  return new Uint8Array([(n >> 8) & 0xff, n & 0xff])
}

function u32(n: number): Uint8Array {
  return new Uint8Array([(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff])
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array(data)))
}
