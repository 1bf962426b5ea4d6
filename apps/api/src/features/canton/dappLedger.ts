import type { CantonDappLedgerRequest } from '@stratos/schemas'
import { z } from 'zod'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import type { TransferFactoryChoiceArguments } from '../../canton/tokenRegistry.js'
import { ApiError } from '../../errors.js'
import { describeIssues } from '../../http/readJsonBody.js'

/**
 * The Ledger API reads a dock app may make through CIP-0103 `ledgerApi`. The API's Ledger API
 * user may read as every onboarded user's party, so each read is held to the user's own party:
 * nothing else reaches the participant.
 */
export const DAPP_LEDGER_READS = [
  'GET /v2/version',
  'GET /v2/state/ledger-end',
  'GET /v2/state/connected-synchronizers',
  'POST /v2/state/active-contracts',
] as const

/**
 * The instrument registry's off-ledger reads (token standard transfer-instruction-v1) a dock app
 * may make through the same route: a dApp that builds a token-standard transfer needs the factory,
 * its choice context and disclosed contracts, and the registry wants the wallet server's token.
 * `{id}` is the instruction's contract id, in the resource or as `path.transferInstructionId`.
 */
export const DAPP_REGISTRY_READS = [
  'POST /registry/transfer-instruction/v1/transfer-factory',
  'POST /registry/transfer-instruction/v1/{transferInstructionId}/choice-contexts/{accept|reject|withdraw}',
] as const

const CHOICE_CONTEXT =
  /^\/registry\/transfer-instruction\/v1\/([^/]+)\/choice-contexts\/(accept|reject|withdraw)$/

const TransferFactoryBody = z.strictObject({
  choiceArguments: z.looseObject({
    transfer: z.looseObject({ sender: z.string() }),
  }),
  excludeDebugFields: z.boolean().optional(),
})

/** A registry read of the user's own transfers; `undefined` when `read` is not a registry read. */
async function forwardRegistryRead(
  canton: CantonLedger,
  partyId: string,
  read: string,
  request: CantonDappLedgerRequest,
): Promise<unknown> {
  if (read === 'POST /registry/transfer-instruction/v1/transfer-factory') {
    refuseExtraKeys('path', request.path, [])
    refuseExtraKeys('query', request.query, [])
    const parsed = TransferFactoryBody.safeParse(request.body)
    if (!parsed.success) throw invalid(`body: ${describeIssues(parsed.error)}`)
    if (parsed.data.choiceArguments.transfer.sender !== partyId)
      throw partyRefused('body.choiceArguments.transfer.sender', partyId)
    return canton.transferFactory(parsed.data.choiceArguments as unknown as TransferFactoryChoiceArguments)
  }
  const match = request.requestMethod === 'post' ? CHOICE_CONTEXT.exec(request.resource) : null
  if (!match) return undefined
  refuseExtraKeys('path', request.path, ['transferInstructionId'])
  refuseExtraKeys('query', request.query, [])
  refuseExtraKeys('body', request.body, ['excludeDebugFields', 'meta'])
  const named = match[1] === '{transferInstructionId}' ? request.path?.transferInstructionId : match[1]
  const instructionId = named === undefined ? '' : decodeURIComponent(String(named))
  if (instructionId.length === 0 || instructionId.length > 1000)
    throw invalid('path.transferInstructionId: expected the transfer instruction contract id')
  return canton.instructionChoiceContext(instructionId, match[2] as 'accept' | 'reject' | 'withdraw')
}

const partyRefused = (what: string, partyId: string) =>
  new ApiError(
    403,
    'CANTON_DAPP_PARTY_REFUSED',
    `${what}: a dApp reads only as your party ${partyId}; name it and no other`,
  )

const invalid = (message: string) => new ApiError(400, 'INVALID_BODY', message)

function refuseExtraKeys(where: string, given: Record<string, unknown> | undefined, allowed: string[]) {
  const extra = Object.keys(given ?? {}).filter((k) => !allowed.includes(k))
  if (extra.length > 0)
    throw invalid(
      `${where}: ${extra.join(', ')} not allowed here${allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ''}`,
    )
}

const nonNegativeInt = z.coerce.number().int().min(0)
const Filters = z.record(z.string(), z.unknown())
const PartyFilter = z.strictObject({
  filtersByParty: z.record(z.string(), Filters).optional(),
  filtersForAnyParty: Filters.optional(),
  verbose: z.boolean().optional(),
})
/** `GetActiveContractsRequest` of the JSON Ledger API 3.5 (the deprecated `filter` included). */
const ActiveContractsBody = z.strictObject({
  activeAtOffset: z.number().int().min(0),
  eventFormat: PartyFilter.optional(),
  filter: PartyFilter.omit({ verbose: true }).optional(),
  verbose: z.boolean().optional(),
  streamContinuationToken: z.string().max(10_000).optional(),
})

/** The filter must select by party, and only by the user's party: never every party. */
function checkPartyFilter(where: string, filter: z.output<typeof PartyFilter>, partyId: string) {
  if (filter.filtersForAnyParty !== undefined) throw partyRefused(`${where}.filtersForAnyParty`, partyId)
  const parties = Object.keys(filter.filtersByParty ?? {})
  if (parties.length === 0) throw partyRefused(`${where}.filtersByParty`, partyId)
  const other = parties.find((p) => p !== partyId)
  if (other !== undefined) throw partyRefused(`${where}.filtersByParty (${other.slice(0, 300)})`, partyId)
}

/**
 * Forwards one of {@link DAPP_LEDGER_READS} for the user `partyId` and answers the participant's
 * JSON as it is; one of {@link DAPP_REGISTRY_READS} goes to the connection's registry (the
 * transfer factory only for a transfer the user sends) and answers the registry's factory or
 * choice context as the token standard shapes it (debug fields left out). Anything else is 403 CANTON_DAPP_RESOURCE_REFUSED; a read naming another party, or
 * every party, 403 CANTON_DAPP_PARTY_REFUSED; query keys, path parameters or bodies the read does not
 * take, 400 INVALID_BODY.
 */
export async function forwardDappLedgerRead(
  canton: CantonLedger,
  partyId: string,
  request: CantonDappLedgerRequest,
): Promise<unknown> {
  const read = `${request.requestMethod.toUpperCase()} ${request.resource}`
  if (!(DAPP_LEDGER_READS as readonly string[]).includes(read)) {
    const registryAnswer = await forwardRegistryRead(canton, partyId, read, request)
    if (registryAnswer !== undefined) return registryAnswer
    throw new ApiError(
      403,
      'CANTON_DAPP_RESOURCE_REFUSED',
      `${read.slice(0, 320)}: a dApp may only read ${[...DAPP_LEDGER_READS, ...DAPP_REGISTRY_READS].join(', ')}`,
    )
  }
  refuseExtraKeys('path', request.path, [])
  const client = canton.client
  switch (read) {
    case 'GET /v2/version':
    case 'GET /v2/state/ledger-end':
      refuseExtraKeys('query', request.query, [])
      if (request.body !== undefined) throw invalid(`body: ${read} takes none`)
      return client.forward('GET', request.resource)
    case 'GET /v2/state/connected-synchronizers': {
      refuseExtraKeys('query', request.query, ['party'])
      if (request.body !== undefined) throw invalid(`body: ${read} takes none`)
      const party = request.query?.party ?? partyId
      if (party !== partyId) throw partyRefused('query.party', partyId)
      return client.forward('GET', request.resource, { query: { party } })
    }
    default: {
      refuseExtraKeys('query', request.query, ['limit', 'stream_idle_timeout_ms'])
      const query: Record<string, number> = {}
      for (const key of ['limit', 'stream_idle_timeout_ms'] as const) {
        const value = request.query?.[key]
        if (value === undefined) continue
        const parsed = nonNegativeInt.safeParse(value)
        if (!parsed.success) throw invalid(`query.${key}: expected a whole number ≥ 0`)
        query[key] = parsed.data
      }
      const parsed = ActiveContractsBody.safeParse(request.body)
      if (!parsed.success) throw invalid(`body: ${describeIssues(parsed.error)}`)
      const body = parsed.data
      if ((body.eventFormat === undefined) === (body.filter === undefined))
        throw invalid('body: expected eventFormat (or the older filter), one of them')
      if (body.eventFormat) checkPartyFilter('body.eventFormat', body.eventFormat, partyId)
      if (body.filter) checkPartyFilter('body.filter', body.filter, partyId)
      return client.forward('POST', request.resource, { query, json: body })
    }
  }
}
