import { CantonError } from './CantonError.js'
import type {
  AllocateExternalPartyRequest,
  AllocateExternalPartyResponse,
  AllocatePartyRequest,
  AllocatePartyResponse,
  CreateUserRequest,
  CreateUserResponse,
  CumulativeFilter,
  EventFormat,
  ExecuteSubmissionAndWaitResponse,
  GenerateExternalPartyTopologyRequest,
  GenerateExternalPartyTopologyResponse,
  GetConnectedSynchronizersResponse,
  GetLedgerApiVersionResponse,
  GetLedgerEndResponse,
  GetParticipantIdResponse,
  GetPartiesResponse,
  GetUserResponse,
  GrantUserRightsResponse,
  JsActiveContract,
  JsCantonError,
  JsCommands,
  JsExecuteSubmissionAndWaitRequest,
  JsGetActiveContractsResponse,
  JsGetEventsByContractIdResponse,
  JsGetUpdatesResponse,
  JsPrepareSubmissionRequest,
  JsPrepareSubmissionResponse,
  ListKnownPartiesResponse,
  ListPackagesResponse,
  ListUserRightsResponse,
  ListUsersResponse,
  PartyDetails,
  RevokeUserRightsResponse,
  Right,
  SubmitAndWaitResponse,
  UploadDarFileResponse,
} from './ledgerApiTypes.js'

export interface CreateLedgerClientParameters {
  /** Base URL of the participant's JSON Ledger API, e.g. `http://127.0.0.1:7575`. */
  url: string
  /** A fixed bearer token. */
  token?: string
  /** Called before every request (token refresh lives there); wins over `token`. */
  getToken?: () => string | undefined | Promise<string | undefined>
  /** Injected fetch (tests, Workers bindings); default `globalThis.fetch`. */
  fetch?: typeof fetch
  /**
   * Elements per page of a list read (`limit` of `POST /v2/state/active-contracts` and
   * `/v2/updates`). Default 200, Canton's default `http-list-max-elements-limit`; a participant
   * configured lower says so in its 413 and the client continues with its limit.
   */
  listPageSize?: number
}

/** Canton's default `http-list-max-elements-limit`: the client's page size unless told otherwise. */
export const DEFAULT_LIST_PAGE_SIZE = 200

/** Templates and interfaces to read, for the parties given. */
export interface ContractFilter {
  /** Parties whose contracts to read (the token must allow reading as them). */
  parties: string[]
  /** Template ids (`#package-name:Module:Entity` or `packageId:Module:Entity`). */
  templateIds?: string[]
  /** Interface ids; matching contracts come with the interface view when `includeInterfaceView`. */
  interfaceIds?: string[]
  includeInterfaceView?: boolean
  /** Include `createdEventBlob` (to disclose the contracts to another submitter). */
  includeCreatedEventBlob?: boolean
  /**
   * Also every other template (a wildcard beside the template and interface filters, which still
   * bring their views). Implied when neither templateIds nor interfaceIds are given.
   */
  wildcard?: boolean
}

export interface ActiveContractsParameters extends ContractFilter {
  /** Offset to read at; default the current ledger end. */
  activeAtOffset?: number
}

export interface ActiveContractsReturnType {
  /** The offset the snapshot is at: continue with `updates({ beginExclusive: activeAtOffset })`. */
  activeAtOffset: number
  /** Every active contract of the snapshot, read in pages. */
  contracts: JsActiveContract[]
}

export interface UpdatesParameters extends ContractFilter {
  beginExclusive: number
  /** Default: the ledger end at the time of the call (the range is then closed). */
  endInclusive?: number
  /** Default `TRANSACTION_SHAPE_ACS_DELTA` (creates and archives of the parties' contracts). */
  transactionShape?: 'TRANSACTION_SHAPE_ACS_DELTA' | 'TRANSACTION_SHAPE_LEDGER_EFFECTS'
  /** At most this many updates in all (read in pages); default every update of the range. */
  limit?: number
  /** Newest first, from `endInclusive` back (spec `descendingOrder`). */
  descendingOrder?: boolean
}

export interface ListPartiesParameters {
  pageSize?: number
  pageToken?: string
  /** `filter-party`: only parties whose id contains this. */
  filterParty?: string
}

export interface ListUsersParameters {
  pageSize?: number
  pageToken?: string
}

export interface UploadDarParameters {
  vetAllPackages?: boolean
  synchronizerId?: string
}

/** The JSON Ledger API v2 calls the product makes, typed from the spec. */
export interface LedgerClient {
  /** `GET /v2/version`. */
  version(): Promise<GetLedgerApiVersionResponse>
  /** `GET /v2/state/ledger-end`: the current offset (0 on an empty ledger). */
  ledgerEnd(): Promise<number>
  /** `GET /v2/state/connected-synchronizers`. */
  connectedSynchronizers(query?: {
    party?: string
    participantId?: string
  }): Promise<GetConnectedSynchronizersResponse>
  /** `GET /v2/parties/participant-id`: the uid that hosts parties (checked at onboarding). */
  participantId(): Promise<string>
  /** `POST /v2/parties/external/generate-topology`. */
  generateExternalPartyTopology(
    request: GenerateExternalPartyTopologyRequest,
  ): Promise<GenerateExternalPartyTopologyResponse>
  /** `POST /v2/parties/external/allocate`. */
  allocateExternalParty(request: AllocateExternalPartyRequest): Promise<AllocateExternalPartyResponse>
  /** `GET /v2/parties/{party}`: the party's details, or undefined when the participant does not know it. */
  getParty(party: string): Promise<PartyDetails | undefined>
  /** `GET /v2/parties` (one page). */
  listParties(parameters?: ListPartiesParameters): Promise<ListKnownPartiesResponse>
  /** `POST /v2/parties`: a party hosted (and signed for) by the participant, e.g. a registry admin. */
  allocateParty(request: AllocatePartyRequest): Promise<AllocatePartyResponse>
  /** `POST /v2/users`. */
  createUser(request: CreateUserRequest): Promise<CreateUserResponse>
  /** `GET /v2/users/{user-id}`. */
  getUser(userId: string): Promise<GetUserResponse>
  /** `POST /v2/users/{user-id}/rights`. */
  grantUserRights(userId: string, rights: Right[]): Promise<GrantUserRightsResponse>
  /** `PATCH /v2/users/{user-id}/rights`: answers the rights the user held and no longer does. */
  revokeUserRights(userId: string, rights: Right[]): Promise<RevokeUserRightsResponse>
  /** `GET /v2/users/{user-id}/rights`. */
  listUserRights(userId: string): Promise<ListUserRightsResponse>
  /** `GET /v2/users` (one page; a full page carries `nextPageToken`, which may lead to an empty one). */
  listUsers(parameters?: ListUsersParameters): Promise<ListUsersResponse>
  /** `GET /v2/authenticated-user`: the user the token speaks for. */
  authenticatedUser(): Promise<GetUserResponse>
  /** `GET /livez`: whether the participant's JSON API process is alive. */
  livez(): Promise<boolean>
  /** `GET /readyz`: whether the participant is ready to serve requests. */
  readyz(): Promise<boolean>
  /** `GET /v2/packages`: package ids. */
  listPackages(): Promise<ListPackagesResponse>
  /** `POST /v2/dars` with the DAR bytes. */
  uploadDar(dar: Uint8Array, parameters?: UploadDarParameters): Promise<UploadDarFileResponse>
  /**
   * `POST /v2/state/active-contracts` for the parties and templates/interfaces given: the whole
   * snapshot at one offset, in pages of `listPageSize` (`limit`), each continuing from the
   * previous page's last `streamContinuationToken`.
   */
  activeContracts(parameters: ActiveContractsParameters): Promise<ActiveContractsReturnType>
  /**
   * `POST /v2/updates` over a closed offset range, in pages of `listPageSize` (`limit`), each
   * continuing after the previous page's last offset (before it, in descending order).
   */
  updates(parameters: UpdatesParameters): Promise<JsGetUpdatesResponse[]>
  /**
   * `POST /v2/events/events-by-contract-id`: the contract's create (and archive) as the filter's
   * parties see it, or undefined when it is unknown, pruned or not visible to them.
   */
  eventsByContractId(
    contractId: string,
    filter: ContractFilter,
  ): Promise<JsGetEventsByContractIdResponse | undefined>
  /** `POST /v2/commands/submit-and-wait`: commands of parties the participant signs for. */
  submitAndWait(commands: JsCommands): Promise<SubmitAndWaitResponse>
  /** `POST /v2/interactive-submission/prepare` (hashing scheme V2 unless told otherwise). */
  prepareSubmission(request: JsPrepareSubmissionRequest): Promise<JsPrepareSubmissionResponse>
  /** `POST /v2/interactive-submission/executeAndWait` with the parties' signatures. */
  executeSubmissionAndWait(
    request: JsExecuteSubmissionAndWaitRequest,
  ): Promise<ExecuteSubmissionAndWaitResponse>
  /**
   * Any `GET` or `POST` under `/v2/` with the query and JSON body given, answering the
   * participant's JSON as it is (not paged): for callers that pass on a request they checked
   * themselves (a dApp's ledger reads). Errors as every other call.
   */
  forward(method: 'GET' | 'POST', path: string, options?: ForwardOptions): Promise<unknown>
}

/** The query and body of {@link LedgerClient.forward}. */
export interface ForwardOptions {
  query?: Record<string, string | number | boolean>
  json?: unknown
}

interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>
  json?: unknown
  bytes?: Uint8Array
  /** Statuses that are not errors for this call (the body is then not parsed). */
  allow?: number[]
  /** The answer is text, not JSON (`/readyz`): returned as it is. */
  text?: boolean
}

/** A health probe: text answers, 503 is "no" rather than an error. */
const probe: RequestOptions = { allow: [503], text: true }

/**
 * A JSON Ledger API v2 client on `fetch` (Node 20+, Workers, browsers). Every non-2xx answer
 * throws `CantonError` `LEDGER_API_ERROR` with `status` and, when the participant sent one, the
 * spec's `JsCantonError` as `ledgerError` (`cantonCode` e.g. `CONTRACT_NOT_FOUND`); network
 * failures throw `LEDGER_UNREACHABLE`.
 */
export function createLedgerClient({
  url,
  token,
  getToken,
  fetch: fetchFn,
  listPageSize = DEFAULT_LIST_PAGE_SIZE,
}: CreateLedgerClientParameters): LedgerClient {
  if (typeof url !== 'string' || !/^https?:\/\//.test(url))
    throw new CantonError('INVALID_ARGUMENT', 'url: expected an http(s) URL of the JSON Ledger API')
  if (!Number.isSafeInteger(listPageSize) || listPageSize < 1)
    throw new CantonError('INVALID_ARGUMENT', 'listPageSize: expected a positive integer')
  /** Lowered to the participant's own limit when it refuses a page as too large. */
  let pageSize = listPageSize
  const base = url.replace(/\/+$/, '')
  const doFetch = fetchFn ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const query = Object.entries(options.query ?? {}).filter(
      (e): e is [string, string | number | boolean] => e[1] !== undefined,
    )
    const target = `${base}${path}${query.length > 0 ? `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)]))}` : ''}`
    const headers: Record<string, string> = { Accept: 'application/json' }
    const bearer = getToken ? await getToken() : token
    if (bearer) headers.Authorization = `Bearer ${bearer}`
    let body: BodyInit | undefined
    if (options.bytes) {
      headers['Content-Type'] = 'application/octet-stream'
      body = options.bytes as Uint8Array<ArrayBuffer>
    } else if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.json)
    }
    let response: Response
    try {
      response = await doFetch(target, { method, headers, ...(body === undefined ? {} : { body }) })
    } catch (cause) {
      throw new CantonError('LEDGER_UNREACHABLE', `The Canton participant at ${base} could not be reached`, {
        cause,
        details: `${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      })
    }
    const text = await response.text()
    if (options.allow?.includes(response.status)) return undefined as T
    if (!response.ok) throw ledgerApiError(method, path, response.status, text)
    if (options.text) return text as T
    if (text.length === 0) return {} as T
    try {
      return JSON.parse(text) as T
    } catch (cause) {
      throw new CantonError('LEDGER_BAD_RESPONSE', 'The Canton participant sent an answer that is not JSON', {
        cause,
        status: response.status,
        details: `${method} ${path}: ${text.slice(0, 200)}`,
      })
    }
  }

  /**
   * One page of a list endpoint: at most `limit` elements. A participant whose
   * `http-list-max-elements-limit` is below `limit` answers 413 naming its limit; the page is then
   * read again with that limit, which stays the page size of this client.
   */
  async function listPage<T>(
    path: string,
    json: unknown,
    limit: number,
  ): Promise<{ elements: T[]; limit: number }> {
    for (;;) {
      try {
        return { elements: await request<T[]>('POST', path, { query: { limit }, json }), limit }
      } catch (error) {
        const nodeLimit = nodeListLimitOf(error)
        if (nodeLimit === undefined || nodeLimit >= limit || nodeLimit < 1) throw error
        pageSize = Math.min(pageSize, nodeLimit)
        limit = nodeLimit
      }
    }
  }

  const client: LedgerClient = {
    version: () => request('GET', '/v2/version'),
    async ledgerEnd() {
      const { offset } = await request<GetLedgerEndResponse>('GET', '/v2/state/ledger-end')
      return offset ?? 0
    },
    connectedSynchronizers: (query = {}) =>
      request('GET', '/v2/state/connected-synchronizers', {
        query: { party: query.party, participantId: query.participantId },
      }),
    async participantId() {
      const { participantId } = await request<GetParticipantIdResponse>('GET', '/v2/parties/participant-id')
      return participantId
    },
    generateExternalPartyTopology: (body) =>
      request('POST', '/v2/parties/external/generate-topology', { json: body }),
    allocateExternalParty: (body) => request('POST', '/v2/parties/external/allocate', { json: body }),
    async getParty(party) {
      const response = await request<GetPartiesResponse | undefined>(
        'GET',
        `/v2/parties/${encodeURIComponent(party)}`,
        {
          allow: [404],
        },
      )
      return response?.partyDetails.find((d) => d.party === party)
    },
    listParties: (parameters = {}) =>
      request('GET', '/v2/parties', {
        query: {
          pageSize: parameters.pageSize,
          pageToken: parameters.pageToken,
          'filter-party': parameters.filterParty,
        },
      }),
    allocateParty: (body) => request('POST', '/v2/parties', { json: body }),
    createUser: (body) => request('POST', '/v2/users', { json: body }),
    getUser: (userId) => request('GET', `/v2/users/${encodeURIComponent(userId)}`),
    grantUserRights: (userId, rights) =>
      request('POST', `/v2/users/${encodeURIComponent(userId)}/rights`, { json: { userId, rights } }),
    revokeUserRights: (userId, rights) =>
      request('PATCH', `/v2/users/${encodeURIComponent(userId)}/rights`, { json: { userId, rights } }),
    listUserRights: (userId) => request('GET', `/v2/users/${encodeURIComponent(userId)}/rights`),
    listUsers: (parameters = {}) =>
      request('GET', '/v2/users', {
        query: { pageSize: parameters.pageSize, pageToken: parameters.pageToken },
      }),
    authenticatedUser: () => request('GET', '/v2/authenticated-user'),
    // 200 (any body) is a yes; 503, what a starting or draining node answers, a no.
    livez: async () => (await request<string | undefined>('GET', '/livez', probe)) !== undefined,
    readyz: async () => (await request<string | undefined>('GET', '/readyz', probe)) !== undefined,
    listPackages: () => request('GET', '/v2/packages'),
    uploadDar: (dar, parameters = {}) =>
      request('POST', '/v2/dars', {
        bytes: dar,
        query: { vetAllPackages: parameters.vetAllPackages, synchronizerId: parameters.synchronizerId },
      }),
    async activeContracts(parameters) {
      const activeAtOffset = parameters.activeAtOffset ?? (await client.ledgerEnd())
      const eventFormat = eventFormatOf(parameters)
      const contracts: JsActiveContract[] = []
      let streamContinuationToken: string | undefined
      for (;;) {
        const page = await listPage<JsGetActiveContractsResponse>(
          '/v2/state/active-contracts',
          { activeAtOffset, eventFormat, ...(streamContinuationToken ? { streamContinuationToken } : {}) },
          pageSize,
        )
        for (const r of page.elements) {
          const entry = r.contractEntry
          if (entry && 'JsActiveContract' in entry) contracts.push(entry.JsActiveContract)
        }
        if (page.elements.length < page.limit) return { activeAtOffset, contracts }
        streamContinuationToken = page.elements.at(-1)?.streamContinuationToken
        if (!streamContinuationToken)
          throw new CantonError(
            'LEDGER_BAD_RESPONSE',
            'The Canton participant sent a full page of active contracts without a streamContinuationToken to continue from',
            { details: `POST /v2/state/active-contracts?limit=${page.limit} at offset ${activeAtOffset}` },
          )
      }
    },
    async updates(parameters) {
      const endInclusive = parameters.endInclusive ?? (await client.ledgerEnd())
      if (endInclusive <= parameters.beginExclusive) return []
      const descending = parameters.descendingOrder === true
      const updateFormat = {
        includeTransactions: {
          eventFormat: eventFormatOf(parameters),
          transactionShape: parameters.transactionShape ?? 'TRANSACTION_SHAPE_ACS_DELTA',
        },
      }
      const out: JsGetUpdatesResponse[] = []
      let low = parameters.beginExclusive
      let high = endInclusive
      while (low < high) {
        const want = Math.min(pageSize, (parameters.limit ?? Number.POSITIVE_INFINITY) - out.length)
        if (want <= 0) break
        const page = await listPage<JsGetUpdatesResponse>(
          '/v2/updates',
          {
            beginExclusive: low,
            endInclusive: high,
            updateFormat,
            ...(descending ? { descendingOrder: true } : {}),
          },
          want,
        )
        out.push(...page.elements)
        if (page.elements.length < page.limit) break
        const last = page.elements.at(-1)
        const offset = last && offsetOfUpdate(last)
        if (offset === undefined)
          throw new CantonError(
            'LEDGER_BAD_RESPONSE',
            'The Canton participant sent an update without an offset to continue from',
            { details: `POST /v2/updates?limit=${page.limit} over (${low}, ${high}]` },
          )
        if (descending) high = offset - 1
        else low = offset
      }
      return out
    },
    async eventsByContractId(contractId, filter) {
      try {
        return await request<JsGetEventsByContractIdResponse>('POST', '/v2/events/events-by-contract-id', {
          json: { contractId, eventFormat: eventFormatOf(filter) },
        })
      } catch (error) {
        if (error instanceof CantonError && error.ledgerError?.code === 'CONTRACT_EVENTS_NOT_FOUND')
          return undefined
        throw error
      }
    },
    submitAndWait: (commands) => request('POST', '/v2/commands/submit-and-wait', { json: commands }),
    prepareSubmission: (body) =>
      request('POST', '/v2/interactive-submission/prepare', {
        json: { hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2', ...body },
      }),
    executeSubmissionAndWait: (body) =>
      request('POST', '/v2/interactive-submission/executeAndWait', { json: body }),
    forward(method, path, options = {}) {
      if (!/^\/v2\/[A-Za-z0-9/_-]+$/.test(path))
        throw new CantonError(
          'INVALID_ARGUMENT',
          `path: expected a Ledger API path under /v2/, got ${path.slice(0, 100)}`,
        )
      return request(method, path, {
        ...(options.query ? { query: options.query } : {}),
        ...(options.json === undefined ? {} : { json: options.json }),
      })
    },
  }
  return client
}

/**
 * The node limit a 413 JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED names in its cause ("The
 * number of matching elements (201) is greater than the node limit (200).", canton
 * JsonApiErrors.MaximumNumberOfElements); undefined for any other error.
 */
function nodeListLimitOf(error: unknown): number | undefined {
  if (!(error instanceof CantonError) || error.status !== 413) return undefined
  if (error.ledgerError?.code !== 'JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED') return undefined
  const match = /node limit \((\d+)\)/.exec(error.ledgerError.cause)
  return match ? Number(match[1]) : undefined
}

/** The offset of an element of `/v2/updates` (transaction, reassignment, checkpoint, topology). */
function offsetOfUpdate(response: JsGetUpdatesResponse): number | undefined {
  const update = response.update as Record<string, { value?: { offset?: unknown } } | undefined>
  for (const kind of Object.values(update)) {
    const offset = kind?.value?.offset
    if (typeof offset === 'number') return offset
  }
  return undefined
}

/** The spec's `EventFormat`: per party, the templates and interfaces asked for, or everything. */
function eventFormatOf(filter: ContractFilter): EventFormat {
  if (!Array.isArray(filter.parties) || filter.parties.length === 0)
    throw new CantonError('INVALID_ARGUMENT', 'parties: expected at least one party')
  const includeCreatedEventBlob = filter.includeCreatedEventBlob ?? false
  const cumulative: CumulativeFilter[] = [
    ...(filter.templateIds ?? []).map((templateId) => ({
      identifierFilter: { TemplateFilter: { value: { templateId, includeCreatedEventBlob } } },
    })),
    ...(filter.interfaceIds ?? []).map((interfaceId) => ({
      identifierFilter: {
        InterfaceFilter: {
          value: {
            interfaceId,
            includeInterfaceView: filter.includeInterfaceView ?? true,
            includeCreatedEventBlob,
          },
        },
      },
    })),
  ]
  if (cumulative.length === 0 || filter.wildcard)
    cumulative.push({ identifierFilter: { WildcardFilter: { value: { includeCreatedEventBlob } } } })
  return {
    filtersByParty: Object.fromEntries(filter.parties.map((party) => [party, { cumulative }])),
    verbose: false,
  }
}

/** Turns a non-2xx answer into LEDGER_API_ERROR, keeping the spec's JsCantonError when sent. */
function ledgerApiError(method: string, path: string, status: number, text: string): CantonError {
  let ledgerError: JsCantonError | undefined
  try {
    const body = JSON.parse(text) as Partial<JsCantonError>
    if (body && typeof body.code === 'string' && typeof body.cause === 'string')
      ledgerError = body as JsCantonError
  } catch {
    // Not JSON: the spec's 400 "Invalid value" answers are text/plain.
  }
  const what = ledgerError
    ? `${ledgerError.code}: ${ledgerError.cause}`
    : text.slice(0, 300) || `HTTP ${status}`
  return new CantonError(
    'LEDGER_API_ERROR',
    `The Canton participant refused ${method} ${path} (${status}): ${what}`,
    {
      status,
      ...(ledgerError ? { ledgerError } : {}),
    },
  )
}
