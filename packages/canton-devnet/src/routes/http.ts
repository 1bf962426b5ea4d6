import type { Context } from 'hono'
import type { Principal } from '../auth/Principal.js'
import { CantonError } from '../CantonError.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { RightRecord } from '../store/LedgerStore.js'

/** Hono environment of the devnet's routes. */
export type DevnetEnv = { Variables: { principal: Principal } }

/** Parses a JSON request body; malformed JSON or a non-object is a 400, never a crash. */
export async function readJson(c: Context): Promise<Record<string, DamlJson>> {
  const text = await c.req.text()
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch (cause) {
    throw new CantonError(
      'INVALID_ARGUMENT',
      `Invalid value for: body (malformed JSON: ${(cause as Error).message})`,
      { cause },
    )
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new CantonError('INVALID_ARGUMENT', 'Invalid value for: body (expected a JSON object)')
  }
  return body as Record<string, DamlJson>
}

export function requireAdmin(principal: Principal) {
  if (!principal.isAdmin) {
    throw new CantonError(
      'PERMISSION_DENIED',
      `The user ${principal.userId} lacks the right ParticipantAdmin for this request`,
    )
  }
}

export function stringArray(value: unknown, field: string, required = false): string[] {
  if (value === undefined || value === null) {
    if (required)
      throw new CantonError('MISSING_FIELD', `The submitted request is missing a mandatory field: ${field}`)
    return []
  }
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new CantonError(
      'INVALID_FIELD',
      `The submitted request has an invalid field ${field}: expected an array of strings`,
    )
  }
  return value
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new CantonError('MISSING_FIELD', `The submitted request is missing a mandatory field: ${field}`)
  }
  return value
}

export function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const n = typeof value === 'string' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new CantonError('INVALID_FIELD', `Invalid value for: ${field} (expected a non-negative integer)`)
  }
  return n
}

const rightKinds = [
  'CanActAs',
  'CanReadAs',
  'CanExecuteAs',
  'CanReadAsAnyParty',
  'CanExecuteAsAnyParty',
  'ParticipantAdmin',
  'IdentityProviderAdmin',
] as const

/** Parses the spec's `Right[]` ({ kind: { CanActAs: { value: { party } } } }). */
export function parseRights(value: unknown): RightRecord[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw new CantonError('INVALID_FIELD', 'rights must be an array')
  return value.map((r, i) => {
    const kind = r?.kind
    const name = kind && typeof kind === 'object' ? Object.keys(kind)[0] : undefined
    if (!name || !(rightKinds as readonly string[]).includes(name)) {
      throw new CantonError('INVALID_FIELD', `rights[${i}] has an unknown kind`)
    }
    const needsParty = name === 'CanActAs' || name === 'CanReadAs' || name === 'CanExecuteAs'
    const party = kind[name]?.value?.party
    if (needsParty && (typeof party !== 'string' || party.length === 0)) {
      throw new CantonError('MISSING_FIELD', `rights[${i}].${name}.value.party is missing`)
    }
    return { kind: name as RightRecord['kind'], party: needsParty ? party : '' }
  })
}

/** The spec's `Right` of a stored right. */
export function rightJson(r: RightRecord) {
  return { kind: { [r.kind]: { value: r.party ? { party: r.party } : {} } } }
}

/**
 * A list endpoint's element limit, applied as the Canton JSON API applies it (canton
 * `Endpoints.asList` and `handleListLimit`): the list reads at most `take` elements, the request's
 * `limit` when it is at or below the node's `http-list-max-elements-limit`, else one more than the
 * node's limit; `check` then refuses a list longer than the node's limit with 413
 * JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED. A list is never cut short silently: a client
 * that asks for at most the node's limit gets them, one that asks for more learns it must page.
 */
export function listLimit(c: Context, nodeLimit: number) {
  const requested = optionalInteger(c.req.query('limit'), 'query parameter limit')
  return {
    take: Math.min(requested ?? nodeLimit + 1, nodeLimit + 1),
    check<T>(elements: T[]): T[] {
      if (elements.length > nodeLimit)
        throw new CantonError(
          'JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED',
          `The number of matching elements (${elements.length}) is greater than the node limit (${nodeLimit}).`,
        )
      return elements
    },
  }
}
