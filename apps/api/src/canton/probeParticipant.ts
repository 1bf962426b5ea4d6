import { CantonError } from '@stratos/canton'
import type { CantonLedger } from './cantonLedger.js'

/** How long a connection check waits for the participant. */
const PROBE_TIMEOUT_MS = 5_000

/** Whether the participant answered, its version, and what went wrong in words an admin can act on. */
export interface Probe {
  reachable: boolean
  version?: string
  error?: string
}

/**
 * Asks the participant with `ledger`'s credentials: `GET /v2/version` (its version; public on
 * Canton) and `GET /v2/state/ledger-end` (needs a valid token), each within PROBE_TIMEOUT_MS. The
 * ledger's token is reused, so probing the connection in use (readiness, the admin page) asks the
 * identity provider for nothing new.
 */
export async function probeParticipant(ledger: CantonLedger): Promise<Probe> {
  const { config } = ledger
  const client = ledger.clientWithin(PROBE_TIMEOUT_MS)
  let version: string | undefined
  try {
    version = (await client.version()).version
    await client.ledgerEnd()
    return { reachable: true, version }
  } catch (error) {
    return { reachable: false, ...(version ? { version } : {}), error: describeFailure(config.url, error) }
  }
}

/** A participant failure in words an admin can act on (never a credential). */
function describeFailure(url: string, error: unknown): string {
  if (!(error instanceof CantonError)) return error instanceof Error ? error.message : String(error)
  if (error.code === 'LEDGER_UNREACHABLE') return `${url} could not be reached (${rootCause(error)})`
  if (error.code === 'LEDGER_API_ERROR') {
    const said = error.ledgerError
      ? `${error.ledgerError.code}: ${error.ledgerError.cause}`
      : 'no reason given'
    if (error.status === 401)
      return `the participant refused the Ledger API token (HTTP 401, ${said.slice(0, 300)}): check that it trusts the token's issuer and that the audience or scope is what its auth service expects`
    if (error.status === 403)
      return `the participant refused the credentials (HTTP 403, ${said.slice(0, 300)})`
    return `the participant answered HTTP ${error.status} (${said.slice(0, 300)})`
  }
  return error.shortMessage
}

/** The innermost cause's code or message: `ECONNREFUSED`, `The operation was aborted due to timeout`. */
export function rootCause(error: unknown): string {
  let current: unknown = error
  while (current instanceof Error && current.cause !== undefined) current = current.cause
  if (current instanceof Error) {
    const code = (current as Error & { code?: unknown }).code
    return typeof code === 'string' ? code : current.message
  }
  return String(current)
}
