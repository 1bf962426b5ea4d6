import type { DockPermission } from '@stratos/dock-sdk'
import { ApiRequestError } from '../../lib/AppError'

/**
 * A dock app as the wallet sees it (`GET /api/dock`): `origin` is the app's identity (every
 * message to and from its frame is checked against it), `networks` are ids of `GET /api/networks`
 * and the literal `canton`, `permissions` what an admin lets it ask for.
 */
export interface DockApp {
  id: string
  name: string
  /** A data: URL, or null. */
  icon: string | null
  url: string
  origin: string
  networks: string[]
  permissions: DockPermission[]
  position: number
  enabled: boolean
}

/**
 * What the user let one app see (`GET /api/me/dock-grants`): `accounts` are the user's EVM
 * address and/or Canton party, `networks` a subset of the app's.
 */
export interface DockGrant {
  appId: string
  accounts: string[]
  networks: string[]
}

/** The body of `PUT /api/me/dock-grants/:appId`. */
export interface DockGrantRequest {
  accounts: string[]
  networks: string[]
}

/** The id of the instance's Canton ledger among a dock app's networks. */
export const CANTON_NETWORK = 'canton'

async function request(method: 'GET' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (cause) {
    throw new ApiRequestError(
      0,
      'NETWORK',
      'The wallet server could not be reached. Check your connection.',
      {
        cause,
      },
    )
  }
  const text = await res.text()
  let answer: unknown
  try {
    answer = text ? JSON.parse(text) : undefined
  } catch {
    answer = undefined
  }
  if (!res.ok) {
    const error = answer as { code?: unknown; message?: unknown } | undefined
    if (typeof error?.code === 'string' && typeof error.message === 'string')
      throw new ApiRequestError(res.status, error.code, error.message)
    throw new ApiRequestError(
      res.status,
      'HTTP_ERROR',
      `The server answered ${res.status} ${res.statusText}.`,
    )
  }
  return answer
}

function badResponse(path: string): ApiRequestError {
  return new ApiRequestError(200, 'BAD_RESPONSE', `Unexpected answer from the server for ${path}.`)
}

/** The dock apps of the signed-in user: the enabled ones, in the admin's order (`dockApps`). */
export async function fetchDockApps(): Promise<DockApp[]> {
  const answer = (await request('GET', '/api/dock')) as { apps?: unknown }
  if (!Array.isArray(answer?.apps)) throw badResponse('/api/dock')
  return answer.apps as DockApp[]
}

/** The user's grants to dock apps (`dockGrants`). */
export async function fetchDockGrants(): Promise<DockGrant[]> {
  const answer = (await request('GET', '/api/me/dock-grants')) as { grants?: unknown }
  if (!Array.isArray(answer?.grants)) throw badResponse('/api/me/dock-grants')
  return answer.grants as DockGrant[]
}

/** Grants `appId` these accounts on these networks, replacing its grant (`dockGrantPut`). */
export async function putDockGrant(appId: string, grant: DockGrantRequest): Promise<void> {
  await request('PUT', `/api/me/dock-grants/${encodeURIComponent(appId)}`, grant)
}

/** Revokes the grant of `appId` (`dockGrantDelete`, 204). */
export async function deleteDockGrant(appId: string): Promise<void> {
  await request('DELETE', `/api/me/dock-grants/${encodeURIComponent(appId)}`)
}
