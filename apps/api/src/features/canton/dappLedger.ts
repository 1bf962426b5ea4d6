import type { CantonDappLedgerRequest } from '@stratos/schemas'
import { z } from 'zod'
import type { CantonLedger } from '../../canton/cantonLedger.js'
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
 * JSON as it is. Anything else is 403 CANTON_DAPP_RESOURCE_REFUSED; a read naming another party, or
 * every party, 403 CANTON_DAPP_PARTY_REFUSED; query keys, path parameters or bodies the read does not
 * take, 400 INVALID_BODY.
 */
export async function forwardDappLedgerRead(
  canton: CantonLedger,
  partyId: string,
  request: CantonDappLedgerRequest,
): Promise<unknown> {
  const read = `${request.requestMethod.toUpperCase()} ${request.resource}`
  if (!(DAPP_LEDGER_READS as readonly string[]).includes(read))
    throw new ApiError(
      403,
      'CANTON_DAPP_RESOURCE_REFUSED',
      `${read.slice(0, 320)}: a dApp may only read ${DAPP_LEDGER_READS.join(', ')}`,
    )
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
