import { CantonError, type LedgerClient, type PartyDetails, type Right } from '@stratos/canton'
import type {
  AdminAllocatePartyRequest,
  AdminCantonNodeResponse,
  AdminCantonPartiesQuery,
  AdminCantonPartiesResponse,
  AdminCantonParty,
  AdminLedgerRightsResponse,
  AdminLedgerUser,
  AdminLedgerUsersQuery,
  AdminLedgerUsersResponse,
  LedgerRight,
} from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { rootCause } from '../../canton/probeParticipant.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'

type Deps = Pick<AppDeps, 'db' | 'clock'>

/**
 * The annotation that keeps a party's display name on the participant (`ObjectMeta.annotations`;
 * keys without a prefix are reserved for end users, so ours carries one).
 */
export const DISPLAY_NAME_ANNOTATION = 'stratos-vault/display-name'

/** How long a health check waits for each answer of the participant. */
const HEALTH_TIMEOUT_MS = 5_000

/** How many users' rights are read at once when a page of users is listed. */
const RIGHTS_CONCURRENCY = 8

/** The spec's `Right.kind` names, by the API's. */
const SPEC_KIND = {
  actAs: 'CanActAs',
  readAs: 'CanReadAs',
  executeAs: 'CanExecuteAs',
  readAsAnyParty: 'CanReadAsAnyParty',
  executeAsAnyParty: 'CanExecuteAsAnyParty',
  participantAdmin: 'ParticipantAdmin',
  identityProviderAdmin: 'IdentityProviderAdmin',
} as const satisfies Record<LedgerRight['kind'], string>

const API_KIND = Object.fromEntries(Object.entries(SPEC_KIND).map(([api, spec]) => [spec, api])) as Record<
  string,
  LedgerRight['kind']
>

/** A right as the JSON Ledger API spells it. */
function toSpecRight(right: LedgerRight): Right {
  const value = right.party ? { party: right.party } : {}
  return { kind: { [SPEC_KIND[right.kind]]: { value } } } as Right
}

/** A right of the participant in the API's form; undefined for a kind this API does not know. */
function fromSpecRight(right: Right): LedgerRight | undefined {
  const [name, body] = Object.entries(right.kind ?? {})[0] ?? []
  const kind = name ? API_KIND[name] : undefined
  if (!kind) return undefined
  const party = (body as { value?: { party?: unknown } } | undefined)?.value?.party
  return typeof party === 'string' && party !== '' ? { kind, party } : { kind }
}

const rightsOf = (rights: Right[] | undefined): LedgerRight[] =>
  (rights ?? []).map(fromSpecRight).filter((r): r is LedgerRight => r !== undefined)

const sameRight = (a: LedgerRight, b: LedgerRight) => a.kind === b.kind && (a.party ?? '') === (b.party ?? '')

/** The Ledger API error code and cause of a participant refusal, for matching and messages. */
function refusal(error: unknown): { status: number; code: string; cause: string } | undefined {
  if (!(error instanceof CantonError) || error.code !== 'LEDGER_API_ERROR') return undefined
  return {
    status: error.status ?? 0,
    code: error.ledgerError?.code ?? '',
    cause: error.ledgerError?.cause ?? error.shortMessage,
  }
}

/**
 * Runs a participant call. A participant that refuses the wallet server's own credentials (401,
 * 403) is 502 CANTON_PERMISSION_DENIED naming the right it needs; the other Canton failures go
 * to `toApiError` (unreachable 503, refusals 400/404/409 with Canton's reason).
 */
async function participant<T>(ledger: CantonLedger, call: (client: LedgerClient) => Promise<T>): Promise<T> {
  try {
    return await call(ledger.client)
  } catch (error) {
    const refused = refusal(error)
    if (refused && (refused.status === 401 || refused.status === 403)) {
      const who = ledger.config.userId ? `Ledger API user ${ledger.config.userId}` : 'Ledger API user'
      throw new ApiError(
        502,
        'CANTON_PERMISSION_DENIED',
        `The participant refused the wallet server's ${who} (${refused.code || `HTTP ${refused.status}`}: ${refused.cause.slice(0, 300)}). Node operations need the ParticipantAdmin right.`,
        { cause: error },
      )
    }
    throw error
  }
}

function partyOf(details: PartyDetails): AdminCantonParty {
  const name = details.localMetadata?.annotations?.[DISPLAY_NAME_ANNOTATION]
  return { party: details.party, isLocal: details.isLocal ?? false, displayName: name || null }
}

/** GET /api/admin/canton/parties: one page of `GET /v2/parties`. */
export async function listCantonParties(
  ledger: CantonLedger,
  query: AdminCantonPartiesQuery,
): Promise<AdminCantonPartiesResponse> {
  const page = await participant(ledger, (client) =>
    client.listParties({
      pageSize: query.pageSize,
      ...(query.pageToken ? { pageToken: query.pageToken } : {}),
      ...(query.prefix ? { filterParty: query.prefix } : {}),
    }),
  )
  return { parties: page.partyDetails.map(partyOf), nextPageToken: page.nextPageToken || null }
}

/**
 * POST /api/admin/canton/parties: `POST /v2/parties` on the connection's synchronizer, the display
 * name as an annotation, no user given rights (an admin grants them here afterwards). Audited.
 */
export async function allocateCantonParty(
  deps: Deps,
  ledger: CantonLedger,
  actor: Actor,
  input: AdminAllocatePartyRequest,
): Promise<AdminCantonParty> {
  const displayName = input.displayName || undefined
  const synchronizerId = await participant(ledger, () => ledger.synchronizerId())
  let details: PartyDetails
  try {
    ;({ partyDetails: details } = await participant(ledger, (client) =>
      client.allocateParty({
        partyIdHint: input.partyIdHint,
        synchronizerId,
        ...(displayName
          ? { localMetadata: { annotations: { [DISPLAY_NAME_ANNOTATION]: displayName } } }
          : {}),
      }),
    ))
  } catch (error) {
    // Canton answers a taken hint with INVALID_ARGUMENT "Party already exists: …".
    if (refusal(error)?.cause.includes('Party already exists'))
      throw new ApiError(
        409,
        'CANTON_PARTY_EXISTS',
        `The participant already hosts a party with the hint ${input.partyIdHint}: choose another hint`,
        { cause: error },
      )
    throw error
  }
  const party = partyOf(details)
  await writeAuditEntry(deps.db, {
    actor,
    action: 'canton.party.allocate',
    target: party.party,
    at: deps.clock(),
    details: {
      party: party.party,
      partyIdHint: input.partyIdHint,
      displayName: displayName ?? null,
      synchronizerId,
      participant: ledger.config.url,
    },
  })
  return party
}

/** The Ledger API user the wallet server signs in as, or null when the participant does not say. */
async function instanceUserId(ledger: CantonLedger): Promise<string | null> {
  try {
    return (await ledger.client.authenticatedUser()).user?.id ?? null
  } catch {
    return ledger.config.userId ?? null
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping their order. */
async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const at = next++
      out[at] = await work(items[at] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

/** GET /api/admin/canton/users: one page of `GET /v2/users`, each user with its rights. */
export async function listLedgerUsers(
  ledger: CantonLedger,
  query: AdminLedgerUsersQuery,
): Promise<AdminLedgerUsersResponse> {
  const [page, self] = await Promise.all([
    participant(ledger, (client) =>
      client.listUsers({
        pageSize: query.pageSize,
        ...(query.pageToken ? { pageToken: query.pageToken } : {}),
      }),
    ),
    instanceUserId(ledger),
  ])
  const users = await mapLimited(page.users ?? [], RIGHTS_CONCURRENCY, async (user) => {
    let rights: Right[] | undefined
    try {
      ;({ rights } = await participant(ledger, (client) => client.listUserRights(user.id)))
    } catch (error) {
      // Deleted between the list and this read: no longer a user to show.
      if (refusal(error)?.code === 'USER_NOT_FOUND') return null
      throw error
    }
    return {
      id: user.id,
      primaryParty: user.primaryParty || null,
      isDeactivated: user.isDeactivated ?? false,
      rights: rightsOf(rights),
      isInstanceUser: user.id === self,
    } satisfies AdminLedgerUser
  })
  return {
    users: users.filter((u): u is AdminLedgerUser => u !== null),
    nextPageToken: page.nextPageToken || null,
  }
}

/** One user with its rights, now; 404 LEDGER_USER_NOT_FOUND when the participant has no such user. */
async function readLedgerUser(
  ledger: CantonLedger,
  userId: string,
  self: string | null,
): Promise<AdminLedgerUser> {
  try {
    const [{ user }, { rights }] = await Promise.all([
      participant(ledger, (client) => client.getUser(userId)),
      participant(ledger, (client) => client.listUserRights(userId)),
    ])
    return {
      id: userId,
      primaryParty: user?.primaryParty || null,
      isDeactivated: user?.isDeactivated ?? false,
      rights: rightsOf(rights),
      isInstanceUser: userId === self,
    }
  } catch (error) {
    throw userNotFound(error, userId)
  }
}

function userNotFound(error: unknown, userId: string): unknown {
  if (refusal(error)?.code !== 'USER_NOT_FOUND') return error
  return new ApiError(404, 'LEDGER_USER_NOT_FOUND', `The participant has no Ledger API user ${userId}`, {
    cause: error,
  })
}

/**
 * POST /api/admin/canton/users/:userId/rights and …/rights/revoke: `POST` (grant) or `PATCH`
 * (revoke) `/v2/users/{id}/rights`, then the user as it is now. Audited with what was asked and
 * what changed. The wallet server's own user keeps its ParticipantAdmin right (409
 * LEDGER_USER_IN_USE): without it the instance could no longer allocate parties or undo this here.
 */
export async function changeLedgerRights(
  deps: Deps,
  ledger: CantonLedger,
  actor: Actor,
  change: 'grant' | 'revoke',
  userId: string,
  rights: LedgerRight[],
): Promise<AdminLedgerRightsResponse> {
  const self = await instanceUserId(ledger)
  if (change === 'revoke' && userId === self && rights.some((r) => r.kind === 'participantAdmin'))
    throw new ApiError(
      409,
      'LEDGER_USER_IN_USE',
      `The wallet server signs in to the participant as ${userId}: revoking its participantAdmin right would cut this instance off from node operations`,
    )
  const requested = rights.filter((r, i) => rights.findIndex((o) => sameRight(o, r)) === i)
  let changed: LedgerRight[]
  try {
    const specRights = requested.map(toSpecRight)
    changed =
      change === 'grant'
        ? rightsOf(
            (await participant(ledger, (c) => c.grantUserRights(userId, specRights))).newlyGrantedRights,
          )
        : rightsOf(
            (await participant(ledger, (c) => c.revokeUserRights(userId, specRights))).newlyRevokedRights,
          )
  } catch (error) {
    throw userNotFound(error, userId)
  }
  await writeAuditEntry(deps.db, {
    actor,
    action: `canton.user.rights.${change}`,
    target: userId,
    at: deps.clock(),
    details: { userId, requested, changed, participant: ledger.config.url },
  })
  return { changed, user: await readLedgerUser(ledger, userId, self) }
}

/** A failed check in words an admin can act on (never a credential). */
function describeFailure(what: string, url: string, error: unknown): string {
  if (error instanceof CantonError && error.code === 'LEDGER_UNREACHABLE')
    return `${url} could not be reached (${rootCause(error)})`
  const refused = refusal(error)
  if (refused)
    return `${what}: the participant answered HTTP ${refused.status}${refused.code ? ` (${refused.code}: ${refused.cause.slice(0, 200)})` : ''}`
  return `${what}: ${error instanceof Error ? error.message : String(error)}`
}

/**
 * GET /api/admin/canton/node: asks the participant, each within HEALTH_TIMEOUT_MS and all at
 * once, for its version, liveness and readiness, participant id, the user the wallet server is
 * and the synchronizers it is connected to. Whatever fails is a line of `problems`, not an error:
 * the console shows an unreachable participant as such.
 */
export async function describeCantonNode(ledger: CantonLedger): Promise<AdminCantonNodeResponse> {
  const client = ledger.clientWithin(HEALTH_TIMEOUT_MS)
  const url = ledger.config.url
  const [version, live, ready, participantId, user, synchronizers] = await Promise.allSettled([
    client.version(),
    client.livez(),
    client.readyz(),
    client.participantId(),
    client.authenticatedUser(),
    client.connectedSynchronizers(),
  ])
  const checks = [
    ['GET /v2/version', version],
    ['GET /livez', live],
    ['GET /readyz', ready],
    ['GET /v2/parties/participant-id', participantId],
    ['GET /v2/authenticated-user', user],
    ['GET /v2/state/connected-synchronizers', synchronizers],
  ] as const
  const problems = [
    ...new Set(
      checks.flatMap(([what, result]) =>
        result.status === 'rejected' ? [describeFailure(what, url, result.reason)] : [],
      ),
    ),
  ]
  const value = <T>(result: PromiseSettledResult<T>): T | null =>
    result.status === 'fulfilled' ? result.value : null
  if (live.status === 'fulfilled' && !live.value)
    problems.push('The participant is not live (GET /livez answered 503)')
  if (ready.status === 'fulfilled' && !ready.value)
    problems.push('The participant is not ready to serve requests (GET /readyz answered 503)')
  const connected = value(synchronizers)?.connectedSynchronizers ?? []
  if (synchronizers.status === 'fulfilled' && connected.length === 0)
    problems.push('The participant is connected to no synchronizer')
  return {
    url,
    reachable: version.status === 'fulfilled',
    live: value(live),
    ready: value(ready),
    version: value(version)?.version ?? null,
    participantId: value(participantId),
    ledgerUserId: value(user)?.user?.id ?? null,
    synchronizers: connected.map((s) => ({
      alias: s.synchronizerAlias,
      id: s.synchronizerId,
      permission: s.permission ?? null,
    })),
    problems,
  }
}
