import { z } from 'zod'
import { ChainAddresses } from './addresses.js'
import { MeResponse } from './me.js'
import { WrappedEntropy } from './wrappedEntropy.js'

/**
 * WebAuthn ceremony payloads. Options and responses are the JSON forms of
 * @simplewebauthn (PublicKeyCredential*OptionsJSON, Registration/AuthenticationResponseJSON);
 * they are checked structurally here and cryptographically by the server.
 */
const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/, 'expected base64url')

/** The transports WebAuthn Level 3 defines (§5.8.4 AuthenticatorTransport). */
export const PASSKEY_TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'] as const
export type PasskeyTransport = (typeof PASSKEY_TRANSPORTS)[number]

/** At most this many transports per passkey are accepted (seven are defined). */
export const MAX_PASSKEY_TRANSPORTS = 8

/**
 * A passkey's transport hints. WebAuthn §5.8.4: relying parties SHOULD ignore unknown values, so
 * they are dropped (a browser of tomorrow may send one) and never stored; the list is bounded so
 * it cannot carry arbitrary data.
 */
const PasskeyTransports = z
  .array(z.string())
  .max(MAX_PASSKEY_TRANSPORTS, `transports: at most ${MAX_PASSKEY_TRANSPORTS} entries`)
  .transform((values) => [
    ...new Set(
      values.filter((v): v is PasskeyTransport => (PASSKEY_TRANSPORTS as readonly string[]).includes(v)),
    ),
  ])

/**
 * Characters a display name may not hold. Bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and the direction marks (U+200E, U+200F, U+061C) reorder how the
 * name and the text around it are shown ("Ada\u202Egnp.exe"); zero-width spaces, the word joiner and
 * the BOM (U+200B, U+2060, U+FEFF, U+180E) make two names that look the same differ; control
 * characters (tab and line breaks included, and U+2028/U+2029) have no place in a one-line name.
 * Zero-width (non-)joiners U+200C/U+200D stay: Persian, Indic scripts and emoji sequences need them.
 */
const DISPLAY_NAME_FORBIDDEN =
  /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u180E]/u

/** A name a person gives themselves: trimmed, 1 to 64 characters, shown as typed and nothing else. */
export const DisplayName = z
  .string()
  .trim()
  .min(1, 'displayName is required')
  .max(64, 'displayName: at most 64 characters')
  .refine(
    (value) => !DISPLAY_NAME_FORBIDDEN.test(value),
    'displayName: bidirectional controls, invisible characters and line breaks are not allowed',
  )

/**
 * The client extension outputs WebAuthn defines (unknown ones are dropped). `prf.results` is not
 * part of the contract: the API refuses any body that still carries them (PRF_OUTPUT_SENT).
 */
const ClientExtensionResults = z.object({
  appid: z.boolean().exactOptional(),
  credProps: z.object({ rk: z.boolean().exactOptional() }).exactOptional(),
  hmacCreateSecret: z.boolean().exactOptional(),
  prf: z.object({ enabled: z.boolean().exactOptional() }).exactOptional(),
})

export const RegistrationResponseJSON = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url.min(1),
    attestationObject: base64url.min(1),
    authenticatorData: base64url.exactOptional(),
    transports: PasskeyTransports.exactOptional(),
    publicKeyAlgorithm: z.number().exactOptional(),
    publicKey: base64url.exactOptional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).exactOptional(),
  clientExtensionResults: ClientExtensionResults,
})
export type RegistrationResponseJSON = z.infer<typeof RegistrationResponseJSON>

export const AuthenticationResponseJSON = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url.min(1),
    authenticatorData: base64url.min(1),
    signature: base64url.min(1),
    userHandle: base64url.exactOptional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).exactOptional(),
  clientExtensionResults: ClientExtensionResults,
})
export type AuthenticationResponseJSON = z.infer<typeof AuthenticationResponseJSON>

/** POST /api/auth/register/options */
export const RegisterOptionsRequest = z
  .object({
    displayName: DisplayName,
    /** The one-time admin enrollment token printed on first start, if this person is the first admin. */
    enrollToken: z.string().min(16).max(128).optional(),
    /** The token of an admin's invite link (`/enroll#invite=…`): the account gets the invite's role. */
    inviteToken: z.string().min(16).max(128).optional(),
  })
  .refine((body) => !(body.enrollToken && body.inviteToken), {
    message: 'Send enrollToken or inviteToken, not both',
    path: ['inviteToken'],
  })
export type RegisterOptionsRequest = z.infer<typeof RegisterOptionsRequest>

/** Response of both options endpoints: the challenge id to echo back, and the WebAuthn options. */
export const CeremonyOptionsResponse = z.object({
  challengeId: z.string(),
  options: z.record(z.string(), z.unknown()),
})
export type CeremonyOptionsResponse = z.infer<typeof CeremonyOptionsResponse>

/**
 * POST /api/auth/register/verify. The browser creates the passkey, confirms PRF with a get(),
 * derives the keys, and only then commits: user, credential and public addresses in one request.
 */
export const RegisterVerifyRequest = z.object({
  challengeId: z.string().min(1),
  response: RegistrationResponseJSON,
  addresses: ChainAddresses,
})
export type RegisterVerifyRequest = z.infer<typeof RegisterVerifyRequest>

/** POST /api/auth/login/options (discoverable credentials: no user named up front). */
export const LoginOptionsRequest = z.object({}).strict()

/** POST /api/auth/login/verify. `clientExtensionResults.prf.results` must be stripped by the browser. */
export const LoginVerifyRequest = z.object({
  challengeId: z.string().min(1),
  response: AuthenticationResponseJSON,
})
export type LoginVerifyRequest = z.infer<typeof LoginVerifyRequest>

/**
 * Body of a successful POST /api/auth/login/verify: the signed-in user, and what the browser needs
 * to open the wallet with the passkey that signed in. `wrappedEntropy` is null for the passkey
 * the wallet was created with (its PRF output defines the entropy), the wrapped entropy for a
 * backup passkey.
 */
export const LoginVerifyResponse = MeResponse.extend({
  unlock: z.object({ wrappedEntropy: WrappedEntropy.nullable() }),
})
export type LoginVerifyResponse = z.infer<typeof LoginVerifyResponse>
