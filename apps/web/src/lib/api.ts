import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/browser'
import {
  AdminAuditResponse,
  AdminCantonResponse,
  type AdminCantonUpdateRequest,
  AdminDarUploadResponse,
  AdminDefiVault,
  type AdminDefiVaultRequest,
  AdminDefiVaultsResponse,
  AdminPackagesResponse,
  ApiError,
  CantonAllocateResponse,
  type CantonExecuteRequest,
  CantonExecuteResponse,
  CantonFaucetResponse,
  CantonHistoryResponse,
  CantonHoldingsResponse,
  type CantonInstructionAction,
  CantonInstructionsResponse,
  CantonPreparedResponse,
  CantonStatusResponse,
  CantonTopologyResponse,
  type CantonTransferRequest,
  CeremonyOptionsResponse,
  type ChainAddresses,
  type DefiIntentRequest,
  DefiPreparedResponse,
  DefiStatusResponse,
  FaucetResponse,
  LoginVerifyResponse,
  MeResponse,
  PublicConfig,
  type RegisterOptionsRequest,
  type WrappedEntropy,
} from '@stratos/schemas'
import { ApiRequestError } from './AppError'

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE'

/** The part of a zod schema this client uses: a response is checked before anyone trusts it. */
interface Schema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown }
}

/** For endpoints whose success body carries nothing the app needs (204, or an echo). */
const ignored: Schema<void> = { safeParse: () => ({ success: true, data: undefined }) }

/**
 * One JSON request to the same-origin API. Session cookies are httpOnly, so they travel by
 * `credentials: 'same-origin'`; the response is checked against the shared zod contract.
 */
async function request<T>(method: Method, path: string, schema: Schema<T>, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : // A file (a DAR) goes as its bytes; everything else as JSON.
            { 'content-type': body instanceof Blob ? 'application/octet-stream' : 'application/json' },
      body: body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body),
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
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  if (!res.ok) {
    const parsed = ApiError.safeParse(json)
    if (parsed.success) throw new ApiRequestError(res.status, parsed.data.code, parsed.data.message)
    throw new ApiRequestError(
      res.status,
      'HTTP_ERROR',
      `The server answered ${res.status} ${res.statusText}.`,
    )
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    throw new ApiRequestError(res.status, 'BAD_RESPONSE', `Unexpected answer from the server for ${path}.`, {
      cause: parsed.error,
    })
  }
  return parsed.data
}

/** Typed calls to the Stratos Vault HTTP API (`/api/*`). */
export const api = {
  config: () => request('GET', '/api/config', PublicConfig),

  /** The signed-in user, or null when there is no valid session. */
  async me(): Promise<MeResponse | null> {
    try {
      return await request('GET', '/api/me', MeResponse)
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null
      throw error
    }
  },

  registerOptions: (body: RegisterOptionsRequest) =>
    request('POST', '/api/auth/register/options', CeremonyOptionsResponse, body),

  registerVerify: (body: {
    challengeId: string
    response: RegistrationResponseJSON
    addresses: ChainAddresses
  }) => request('POST', '/api/auth/register/verify', MeResponse, body),

  loginOptions: () => request('POST', '/api/auth/login/options', CeremonyOptionsResponse, {}),

  loginVerify: (body: { challengeId: string; response: AuthenticationResponseJSON }) =>
    request('POST', '/api/auth/login/verify', LoginVerifyResponse, body),

  logout: () => request('POST', '/api/auth/logout', ignored),

  putAddresses: (addresses: ChainAddresses) => request('PUT', '/api/me/addresses', ignored, { addresses }),

  /** Creation options for a backup passkey of the signed-in user. */
  addCredentialOptions: () => request('POST', '/api/me/credentials/options', CeremonyOptionsResponse, {}),

  /** Stores the backup passkey with the entropy wrapped under its PRF output. */
  addCredentialVerify: (body: {
    challengeId: string
    response: RegistrationResponseJSON
    wrappedEntropy: WrappedEntropy
  }) => request('POST', '/api/me/credentials/verify', MeResponse, body),

  deleteCredential: (id: string) =>
    request('DELETE', `/api/me/credentials/${encodeURIComponent(id)}`, MeResponse),

  faucet: (address: string) => request('POST', '/api/dev/faucet', FaucetResponse, { address }),

  /** The user's Canton external party: onboarding, holdings, and prepare -> execute. */
  canton: {
    status: () => request('GET', '/api/canton/status', CantonStatusResponse),
    topology: (publicKey: string) =>
      request('POST', '/api/canton/onboarding/topology', CantonTopologyResponse, { publicKey }),
    allocate: (body: { topologyTransactions: string[]; multiHash: string; signature: string }) =>
      request('POST', '/api/canton/onboarding/allocate', CantonAllocateResponse, body),
    holdings: () => request('GET', '/api/canton/holdings', CantonHoldingsResponse),
    instructions: () => request('GET', '/api/canton/instructions', CantonInstructionsResponse),
    /** Newest first; `before` is the previous page's `nextBefore`. */
    history: (page: { before?: number | undefined; limit?: number } = {}) => {
      const query = new URLSearchParams()
      if (page.limit !== undefined) query.set('limit', String(page.limit))
      if (page.before !== undefined) query.set('before', String(page.before))
      const qs = query.toString() ? `?${query}` : ''
      return request('GET', `/api/canton/history${qs}`, CantonHistoryResponse)
    },
    prepareTransfer: (body: CantonTransferRequest) =>
      request('POST', '/api/canton/transfers/prepare', CantonPreparedResponse, body),
    prepareInstruction: (contractId: string, action: CantonInstructionAction) =>
      request(
        'POST',
        `/api/canton/instructions/${encodeURIComponent(contractId)}/${action}/prepare`,
        CantonPreparedResponse,
        {},
      ),
    execute: (body: CantonExecuteRequest) =>
      request('POST', '/api/canton/execute', CantonExecuteResponse, body),
    faucet: () => request('POST', '/api/dev/canton-faucet', CantonFaucetResponse, {}),
  },

  /** Canton DeFi: the user's vault and intents; an intent is prepared here and executed through `canton.execute`. */
  defi: {
    status: () => request('GET', '/api/defi', DefiStatusResponse),
    prepareIntent: (body: DefiIntentRequest) =>
      request('POST', '/api/defi/intents/prepare', DefiPreparedResponse, body),
    /** Dev mode: deploys a test vault for the user's party. */
    createDevVault: () => request('POST', '/api/dev/defi-vault', DefiStatusResponse, {}),
  },

  /** Instance administration (admins only): Canton connection, DARs, audit log. */
  admin: {
    canton: () => request('GET', '/api/admin/canton', AdminCantonResponse),
    updateCanton: (body: AdminCantonUpdateRequest) =>
      request('PUT', '/api/admin/canton', AdminCantonResponse, body),
    packages: () => request('GET', '/api/admin/canton/packages', AdminPackagesResponse),
    uploadDar: (file: Blob) => request('POST', '/api/admin/canton/dars', AdminDarUploadResponse, file),
    /** Newest first; `before` is the previous page's `nextBefore`. */
    audit: (page: { before?: string | undefined; limit?: number } = {}) => {
      const query = new URLSearchParams()
      if (page.limit !== undefined) query.set('limit', String(page.limit))
      if (page.before !== undefined) query.set('before', page.before)
      const qs = query.toString() ? `?${query}` : ''
      return request('GET', `/api/admin/audit${qs}`, AdminAuditResponse)
    },
    /** Canton DeFi vaults of parties: the API checks a vault on chain before it registers it. */
    defiVaults: {
      list: () => request('GET', '/api/admin/defi/vaults', AdminDefiVaultsResponse),
      /** Registers the party's vault, or replaces the one it had. */
      register: (body: AdminDefiVaultRequest) =>
        request('PUT', '/api/admin/defi/vaults', AdminDefiVault, body),
      remove: (partyId: string) =>
        request('DELETE', `/api/admin/defi/vaults/${encodeURIComponent(partyId)}`, ignored),
    },
  },
}
