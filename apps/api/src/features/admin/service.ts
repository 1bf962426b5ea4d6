import type {
  AdminCantonResponse,
  AdminCantonUpdateRequest,
  AdminDarUploadResponse,
  AdminPackagesResponse,
} from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import {
  type CurrentCanton,
  cantonConfigOf,
  type StoredCantonConnection,
} from '../../canton/cantonConnection.js'
import { type CantonLedger, createCantonLedger } from '../../canton/cantonLedger.js'
import { probeParticipant } from '../../canton/probeParticipant.js'
import type { CantonConfig } from '../../config.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import { SETTINGS, writeSettingText } from '../../instanceSettings.js'
import { seal } from '../../secretsAtRest.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'cantonConnection' | 'config'>

function authSummary(config: CantonConfig): NonNullable<AdminCantonResponse['auth']> {
  const { auth } = config
  const user = config.userId ? { userId: config.userId } : {}
  switch (auth.kind) {
    case 'token':
      return { kind: 'token', hasSecret: auth.token.length > 0 }
    case 'hs256':
      return {
        kind: 'jwt',
        ...user,
        ...(auth.audience ? { audience: auth.audience } : {}),
        hasSecret: auth.secret.length > 0,
      }
    case 'oauth2':
      return {
        kind: 'oauth2',
        ...user,
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        ...(auth.audience ? { audience: auth.audience } : {}),
        ...(auth.scope ? { scope: auth.scope } : {}),
        clientAuth: auth.clientAuth,
        hasSecret: auth.clientSecret.length > 0,
      }
  }
}

/** GET /api/admin/canton: the connection in use (no secrets) and whether the participant answers. */
export async function describeConnection({ source, ledger }: CurrentCanton): Promise<AdminCantonResponse> {
  if (!ledger)
    return {
      source,
      url: null,
      synchronizerId: null,
      auth: null,
      instrument: null,
      registry: null,
      reachable: false,
      error: 'No Canton participant is configured',
    }
  const { config } = ledger
  return {
    source,
    url: config.url,
    synchronizerId: config.synchronizerId ?? null,
    auth: authSummary(config),
    instrument: config.instrument,
    registry: config.registryUrl
      ? { url: config.registryUrl, hasToken: Boolean(config.registryToken) }
      : null,
    ...(await probeParticipant(ledger)),
  }
}

/**
 * A secret left out of the request keeps the one in use, but only where it went before: the same
 * participant origin for a token or JWT secret, the same token endpoint origin for an OAuth2 client
 * secret. Otherwise pointing a URL elsewhere would hand the stored secret to another server.
 */
function resolveAuth(
  input: AdminCantonUpdateRequest,
  previous: CantonConfig | null,
): StoredCantonConnection['auth'] {
  const sameOrigin = previous !== null && new URL(previous.url).origin === new URL(input.url).origin
  const { auth } = input
  const required = (field: string, what: string) =>
    new ApiError(
      400,
      'INVALID_BODY',
      `auth.${field}: Required (a ${what} is kept only for the server it was set for)`,
    )
  if (auth.kind === 'token') {
    const kept = sameOrigin && previous.auth.kind === 'token' ? previous.auth.token : undefined
    const token = auth.token ?? kept
    if (!token) throw required('token', 'token')
    return { kind: 'token', token }
  }
  if (auth.kind === 'oauth2') {
    const before = previous?.auth.kind === 'oauth2' ? previous.auth : undefined
    const kept =
      before &&
      new URL(before.tokenUrl).origin === new URL(auth.tokenUrl).origin &&
      before.clientId === auth.clientId
        ? before.clientSecret
        : undefined
    const clientSecret = auth.clientSecret ?? kept
    if (!clientSecret) throw required('clientSecret', 'client secret')
    return {
      kind: 'oauth2',
      tokenUrl: auth.tokenUrl,
      clientId: auth.clientId,
      clientSecret,
      userId: auth.userId,
      ...(auth.audience ? { audience: auth.audience } : {}),
      ...(auth.scope ? { scope: auth.scope } : {}),
      clientAuth: auth.clientAuth ?? 'client_secret_basic',
    }
  }
  const kept = sameOrigin && previous.auth.kind === 'hs256' ? previous.auth.secret : undefined
  const secret = auth.secret ?? kept
  if (!secret) throw required('secret', 'secret')
  return {
    kind: 'jwt',
    secret,
    userId: auth.userId,
    ...(auth.audience ? { audience: auth.audience } : {}),
  }
}

/**
 * The registry to store: a token left out keeps the one in use, but only for the same registry
 * origin (the same rule as the participant's secret).
 */
function resolveRegistry(
  input: AdminCantonUpdateRequest,
  previous: CantonConfig | null,
): StoredCantonConnection['registry'] {
  if (!input.registry) return undefined
  const { url, token } = input.registry
  const sameOrigin =
    previous?.registryUrl !== undefined && new URL(previous.registryUrl).origin === new URL(url).origin
  const kept = sameOrigin ? previous?.registryToken : undefined
  const resolved = token ?? kept
  return { url, ...(resolved ? { token: resolved } : {}) }
}

function secretOf(config: CantonConfig | null): string | undefined {
  if (!config) return undefined
  const { auth } = config
  return auth.kind === 'token' ? auth.token : auth.kind === 'hs256' ? auth.secret : auth.clientSecret
}

/** What the audit log records of the credentials: how they work, never a secret. */
function auditedAuth(auth: StoredCantonConnection['auth']): Record<string, unknown> {
  switch (auth.kind) {
    case 'token':
      return { kind: 'token' }
    case 'jwt':
      return { kind: 'jwt', userId: auth.userId, audience: auth.audience ?? null }
    case 'oauth2':
      return {
        kind: 'oauth2',
        userId: auth.userId,
        tokenUrl: auth.tokenUrl,
        clientId: auth.clientId,
        audience: auth.audience ?? null,
        scope: auth.scope ?? null,
      }
  }
}

/**
 * PUT /api/admin/canton: checks that the participant answers with the given credentials, then
 * saves the connection and its audit entry in one transaction. Nothing is saved when the check fails.
 */
export async function updateConnection(
  deps: Deps,
  before: CurrentCanton,
  actor: Actor,
  input: AdminCantonUpdateRequest,
  fetchFn: typeof fetch = fetch,
): Promise<AdminCantonResponse> {
  const previous = before.ledger?.config ?? null
  const stored: StoredCantonConnection = {
    url: input.url,
    ...(input.synchronizerId ? { synchronizerId: input.synchronizerId } : {}),
    auth: resolveAuth(input, previous),
    ...(input.instrument ? { instrument: input.instrument } : {}),
  }
  const registry = resolveRegistry(input, previous)
  if (registry) stored.registry = registry
  const config = cantonConfigOf(stored)
  // New credentials: a ledger of their own, so the check asks for a token with them.
  const probe = await probeParticipant(createCantonLedger(config, fetchFn))
  if (!probe.reachable)
    throw new ApiError(
      400,
      'CANTON_UNREACHABLE',
      `Not saved: ${probe.error ?? 'the participant did not answer'}`,
    )

  const now = deps.clock()
  const sealed = await seal(deps.config.instanceKey, SETTINGS.cantonConnection, stored)
  await deps.db.transaction().execute(async (trx) => {
    await writeSettingText(trx, SETTINGS.cantonConnection, sealed, now)
    await writeAuditEntry(trx, {
      actor,
      action: 'canton.connection.update',
      target: stored.url,
      at: now,
      details: {
        url: stored.url,
        synchronizerId: stored.synchronizerId ?? null,
        auth: auditedAuth(stored.auth),
        // Whether the token, JWT secret or client secret differs from the one in use before; never its value.
        secretChanged: secretOf(previous) !== secretOf(config),
        instrument: stored.instrument ?? null,
        // The registry's URL and whether a token is set or changed; never the token.
        registry: stored.registry
          ? {
              url: stored.registry.url,
              hasToken: stored.registry.token !== undefined,
              tokenChanged: stored.registry.token !== previous?.registryToken,
            }
          : null,
        version: probe.version ?? null,
        previous: { source: before.source, url: previous?.url ?? null },
      },
    })
  })
  // What every request from now on sees (the setting just saved).
  return describeConnection(await deps.cantonConnection.current())
}

/** GET /api/admin/canton/packages: `GET /v2/packages` of the participant in use. */
export async function listPackages(ledger: CantonLedger): Promise<AdminPackagesResponse> {
  const { packageIds } = await ledger.client.listPackages()
  return { packageIds: packageIds ?? [] }
}

/**
 * POST /api/admin/canton/dars: uploads the DAR to the participant and records it. The Ledger API
 * answers an upload with `{}`, so the new packages are what `GET /v2/packages` lists after the
 * upload and did not before (an upload by someone else at the same moment would show up too).
 * A DAR the participant refuses is 400 CANTON_REJECTED with its reason, and is not recorded.
 */
export async function uploadDar(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  ledger: CantonLedger,
  actor: Actor,
  dar: Uint8Array<ArrayBuffer>,
): Promise<AdminDarUploadResponse> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', dar))
  const sha256 = [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
  const known = new Set((await ledger.client.listPackages()).packageIds ?? [])
  await ledger.client.uploadDar(dar)
  const packageIds = ((await ledger.client.listPackages()).packageIds ?? []).filter((id) => !known.has(id))
  const mainPackageId = packageIds.length === 1 ? packageIds[0] : undefined
  await writeAuditEntry(deps.db, {
    actor,
    action: 'canton.dar.upload',
    target: sha256,
    at: deps.clock(),
    details: {
      sha256,
      size: dar.byteLength,
      participant: ledger.config.url,
      mainPackageId: mainPackageId ?? null,
      packageIds,
    },
  })
  return { ...(mainPackageId ? { mainPackageId } : {}), packageIds, sha256, size: dar.byteLength }
}
