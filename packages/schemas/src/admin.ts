import { z } from 'zod'

const text = (name: string, max: number) =>
  z.string().trim().min(1, `${name}: Required`).max(max, `${name}: at most ${max} characters`)

/** An http(s) URL without credentials in it (those go in `auth`); `what` names it in the error. */
const HttpUrl = (name: string, what: string) =>
  text(name, 2000).refine((value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
    } catch {
      return false
    }
  }, `${name}: expected an http(s) URL of ${what}, without credentials in it`)

/** The JSON Ledger API base URL. */
const ParticipantUrl = HttpUrl('url', 'the JSON Ledger API')

/** A token registry's base URL (`<base>/registry/…`): http(s), no credentials inside it. */
const RegistryUrl = text('url', 2000).refine((value) => {
  try {
    const url = new URL(value)
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password
  } catch {
    return false
  }
}, 'url: expected an http(s) URL of the token registry (the base before /registry/…), without credentials in it')

/** A party id `hint::namespace` as Canton prints it (the namespace: `1220` + 64 hex). */
const PartyIdText = text('admin', 255).regex(
  /^[^:\s]+(?::[^:\s]+)*::[0-9a-f]{68}$/,
  'admin: expected a party id like registry::1220… (a hint, "::" and the 68-character fingerprint)',
)

/**
 * How the API authenticates to the participant. A secret left out keeps the one in use (the GET
 * never returns it, so an edit form can change the rest without retyping it).
 */
export const CantonAuthInput = z.discriminatedUnion('kind', [
  z.object({
    /** A static bearer token. */
    kind: z.literal('token'),
    token: text('token', 8192).optional(),
  }),
  z.object({
    /**
     * OAuth2 client credentials at the identity provider the participant trusts: tokens for the
     * Ledger API user `userId` (their `sub`), renewed before they expire.
     */
    kind: z.literal('oauth2'),
    tokenUrl: HttpUrl('tokenUrl', "the identity provider's token endpoint"),
    clientId: text('clientId', 255),
    clientSecret: z.string().min(1, 'clientSecret: required').max(1024).optional(),
    userId: text('userId', 128),
    audience: text('audience', 500).optional(),
    scope: text('scope', 500).optional(),
    clientAuth: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
  }),
  z.object({
    /** HS256 Ledger API tokens minted for `userId` (the participant's unsafe-jwt-hmac-256 auth). */
    kind: z.literal('jwt'),
    secret: z.string().min(16, 'secret: at least 16 characters').max(1024).optional(),
    userId: text('userId', 128),
    audience: text('audience', 500).optional(),
  }),
])
export type CantonAuthInput = z.infer<typeof CantonAuthInput>

/** PUT /api/admin/canton: the instance's Canton connection (wins over the CANTON_* environment). */
export const AdminCantonUpdateRequest = z
  .object({
    url: ParticipantUrl,
    /** Default: the participant's first connected synchronizer. */
    synchronizerId: text('synchronizerId', 500).optional(),
    auth: CantonAuthInput,
    /** The token-standard instrument the wallet shows; absent: holdings only. */
    instrument: z.object({ admin: PartyIdText, id: text('id', 255) }).optional(),
    /**
     * The instrument's token registry: its base URL (the admin's registry, a validator's scan-proxy
     * `…/api/validator/v0/scan-proxy`, a utility registry) and the bearer token it wants, if any. A
     * token left out keeps the one in use for the same registry origin. Required with an instrument:
     * a participant does not serve the registry API.
     */
    registry: z.object({ url: RegistryUrl, token: text('token', 8192).optional() }).optional(),
  })
  .refine((value) => !value.instrument || value.registry, {
    message: 'registry: Required with an instrument (the participant does not serve the registry API)',
    path: ['registry'],
  })
export type AdminCantonUpdateRequest = z.infer<typeof AdminCantonUpdateRequest>

/** GET /api/admin/canton: the connection in use and whether the participant answers. Never a secret. */
export const AdminCantonResponse = z.object({
  /** `settings`: set by an admin; `env`: CANTON_* variables; `none`: Canton is not configured. */
  source: z.enum(['env', 'settings', 'none']),
  url: z.string().nullable(),
  synchronizerId: z.string().nullable(),
  auth: z
    .object({
      kind: z.enum(['token', 'jwt', 'oauth2']),
      userId: z.string().optional(),
      audience: z.string().optional(),
      /** OAuth2: the token endpoint, client id, scope and client authentication. */
      tokenUrl: z.string().optional(),
      clientId: z.string().optional(),
      scope: z.string().optional(),
      clientAuth: z.enum(['client_secret_basic', 'client_secret_post']).optional(),
      /** A token, JWT secret or client secret is set (its value is never returned). */
      hasSecret: z.boolean(),
    })
    .nullable(),
  instrument: z.object({ admin: z.string(), id: z.string() }).nullable(),
  /** The token registry (its token is never returned). */
  registry: z.object({ url: z.string(), hasToken: z.boolean() }).nullable(),
  /** The participant answered `GET /v2/version` and an authenticated call with these credentials. */
  reachable: z.boolean(),
  /** The participant's Ledger API version. */
  version: z.string().optional(),
  /** Why it is not reachable. */
  error: z.string().optional(),
})
export type AdminCantonResponse = z.infer<typeof AdminCantonResponse>

/** GET /api/admin/canton/packages: what `GET /v2/packages` lists (ids only, as the Ledger API gives them). */
export const AdminPackagesResponse = z.object({ packageIds: z.array(z.string()) })
export type AdminPackagesResponse = z.infer<typeof AdminPackagesResponse>

/** POST /api/admin/canton/dars (body: the DAR bytes, application/octet-stream). */
export const AdminDarUploadResponse = z.object({
  /** The DAR's main package, when the upload registered exactly one new package. */
  mainPackageId: z.string().optional(),
  /** Packages the participant lists now and did not before the upload (empty: all known already). */
  packageIds: z.array(z.string()),
  /** SHA-256 of the DAR bytes, hex (as recorded in the audit log). */
  sha256: z.string(),
  size: z.number().int().nonnegative(),
})
export type AdminDarUploadResponse = z.infer<typeof AdminDarUploadResponse>

/** One entry of the audit log: an admin action or a security event. `details` never holds a secret. */
export const AuditEntry = z.object({
  /** Position in the tamper-evident hash chain (`stratos audit verify`). */
  seq: z.number().int().positive(),
  id: z.string(),
  at: z.string(),
  /** Who acted; `id` null for an anonymous event (a failed sign-in). */
  actor: z.object({ id: z.string().nullable(), displayName: z.string().nullable() }),
  /** Dotted verb, e.g. `canton.connection.update`, `auth.sign_in.failure`. */
  action: z.string(),
  target: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** The client's address and User-Agent, when the request had them. */
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

/** An instant in a query (`2026-01-31T00:00:00Z`, any offset), as the log stores it (UTC, ms). */
const Instant = (name: string) =>
  z.iso
    .datetime({ offset: true, error: `${name}: expected an ISO 8601 date-time, e.g. 2026-01-31T00:00:00Z` })
    .transform((value) => new Date(value).toISOString())

/** Narrows the audit log; every filter given must hold. */
export const AuditFilterQuery = z.object({
  /** Entries whose action starts with this (`auth.` for sign-in events). */
  action: z.string().min(1).max(100).optional(),
  /** Entries whose actor is this user id. */
  actor: z.string().min(1).max(100).optional(),
  /** Entries at or after this instant. */
  since: Instant('since').optional(),
  /** Entries before this instant. */
  until: Instant('until').optional(),
})
export type AuditFilterQuery = z.infer<typeof AuditFilterQuery>

/** GET /api/admin/audit?limit&before&action&actor&since&until: newest first. */
export const AdminAuditQuery = AuditFilterQuery.extend({
  limit: z.coerce.number().int('limit: expected an integer').min(1).max(200).default(50),
  /** The `nextBefore` of the previous page: entries older than that one. */
  before: z.string().max(100).optional(),
})
export type AdminAuditQuery = z.infer<typeof AdminAuditQuery>
export const AdminAuditResponse = z.object({
  entries: z.array(AuditEntry),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.string().nullable(),
})
export type AdminAuditResponse = z.infer<typeof AdminAuditResponse>

/** GET /api/admin/audit/export?format&action&actor&since&until: the whole log (filtered), oldest first. */
export const AdminAuditExportQuery = AuditFilterQuery.extend({
  format: z.enum(['jsonl', 'csv'], { error: 'format: expected jsonl or csv' }).default('jsonl'),
})
export type AdminAuditExportQuery = z.infer<typeof AdminAuditExportQuery>
