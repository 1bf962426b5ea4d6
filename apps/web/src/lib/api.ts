import {
  ApiError,
  encodeStepUpHeader,
  fillPath,
  type MeResponse,
  type OperatorMeResponse,
  type RouteDefinition,
  type RouteRequest,
  type RouteResponse,
  type Routes,
  routes,
  STEP_UP_HEADER,
  type StepUpAction,
  type StepUpProof,
  stepUpParam,
} from '@stratos/schemas'
import { ApiRequestError } from './AppError'

/** The filters of the audit log (all optional): action prefix, actor user id, since/until (ISO). */
export interface AuditFilter {
  action?: string | undefined
  actor?: string | undefined
  since?: string | undefined
  until?: string | undefined
}
type AuditQuery = AuditFilter & { before?: string | undefined; limit?: number }

/** The step-up a route's contract asks for, made for its path parameter; null when it asks none. */
async function stepUpFor(
  route: RouteDefinition,
  params: Record<string, string> | undefined,
): Promise<StepUpProof | null> {
  if (!route.stepUp) return null
  const name = stepUpParam(route)
  const target = name === null ? undefined : params?.[name]
  return stepUpProvider(target === undefined ? { action: route.stepUp } : { action: route.stepUp, target })
}

/** The body a route takes, from the contract. */
type BodyOf<Name extends keyof Routes> = RouteRequest<Routes[Name]>['body']

/** Obtains a step-up for one change, or null to send the change without one (an operator). */
export type StepUpProvider = (scope: { action: StepUpAction; target?: string }) => Promise<StepUpProof | null>

let stepUpProvider: StepUpProvider = async () => null

/**
 * Who confirms the changes whose route declares a step-up: the session sets the passkey step-up
 * for a wallet user and none for an operator (whose recent sign-in stands in for it).
 */
export function setStepUpProvider(provider: StepUpProvider): void {
  stepUpProvider = provider
}

/**
 * One request to the same-origin API, typed and checked by the route's contract: the path, query
 * and body it takes, and the response schema the answer must match before anyone trusts it.
 * Session cookies are httpOnly, so they travel by `credentials: 'same-origin'`. A route whose
 * contract declares a step-up gets one first (`setStepUpProvider`), sent as `Stratos-Step-Up`.
 */
export async function callApi<Route extends RouteDefinition>(
  route: Route,
  input: RouteRequest<Route>,
): Promise<RouteResponse<Route>> {
  const { params, query, body } = input as {
    params?: Record<string, string>
    query?: Record<string, string | number | undefined>
    body?: unknown
  }
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query ?? {}))
    if (value !== undefined) search.set(name, String(value))
  const path = `${fillPath(route.path, params)}${search.size > 0 ? `?${search}` : ''}`
  const json = route.body !== undefined && !('mediaType' in route.body)
  const stepUp = await stepUpFor(route, params)
  let res: Response
  try {
    res = await fetch(path, {
      method: route.method,
      credentials: 'same-origin',
      headers: {
        ...(route.body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'mediaType' in route.body ? route.body.mediaType : 'application/json' }),
        ...(stepUp ? { [STEP_UP_HEADER]: encodeStepUpHeader(stepUp) } : {}),
      },
      ...(route.body === undefined ? {} : { body: json ? JSON.stringify(body ?? {}) : (body as Blob) }),
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
    const parsed = ApiError.safeParse(answer)
    if (parsed.success) throw new ApiRequestError(res.status, parsed.data.code, parsed.data.message)
    throw new ApiRequestError(
      res.status,
      'HTTP_ERROR',
      `The server answered ${res.status} ${res.statusText}.`,
    )
  }
  const { schema } = route.response
  if (schema === null) return undefined as RouteResponse<Route>
  const parsed = schema.safeParse(answer)
  if (!parsed.success)
    throw new ApiRequestError(
      res.status,
      'BAD_RESPONSE',
      `Unexpected answer from the server for ${route.path}.`,
      {
        cause: parsed.error,
      },
    )
  return parsed.data as RouteResponse<Route>
}

/** Typed calls to the Stratos Vault HTTP API (`/api/*`), each through its contract route. */
export const api = {
  config: () => callApi(routes.config, {}),

  /** The signed-in user, or null when there is no valid wallet session (none, or an operator's). */
  async me(): Promise<MeResponse | null> {
    try {
      return await callApi(routes.me, {})
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 401) return null
      if (error instanceof ApiRequestError && error.code === 'OPERATOR_SESSION') return null
      throw error
    }
  },

  /** The operator signed in through the identity provider (OIDC), or null when there is none. */
  async operatorMe(): Promise<OperatorMeResponse | null> {
    try {
      return await callApi(routes.operatorMe, {})
    } catch (error) {
      if (error instanceof ApiRequestError && [401, 403, 404].includes(error.status)) return null
      throw error
    }
  },

  registerOptions: (body: BodyOf<'registerOptions'>) => callApi(routes.registerOptions, { body }),
  registerVerify: (body: BodyOf<'registerVerify'>) => callApi(routes.registerVerify, { body }),
  loginOptions: () => callApi(routes.loginOptions, { body: {} }),
  loginVerify: (body: BodyOf<'loginVerify'>) => callApi(routes.loginVerify, { body }),
  logout: () => callApi(routes.logout, {}),
  putAddresses: (addresses: BodyOf<'putAddresses'>['addresses']) =>
    callApi(routes.putAddresses, { body: { addresses } }),

  /** Creation options for a backup passkey of the signed-in user. */
  addCredentialOptions: () => callApi(routes.addCredentialOptions, { body: {} }),
  /** Stores the backup passkey with the entropy wrapped under its PRF output. */
  addCredentialVerify: (body: BodyOf<'addCredentialVerify'>) => callApi(routes.addCredentialVerify, { body }),
  /** Renames a passkey (null clears the name); `stepUp` is a passkey.rename step-up for it. */
  renameCredential: (id: string, body: BodyOf<'renameCredential'>) =>
    callApi(routes.renameCredential, { params: { id }, body }),
  /** Removes a passkey; `stepUp` is a passkey.remove step-up for it. */
  deleteCredential: (id: string, body: NonNullable<BodyOf<'deleteCredential'>>) =>
    callApi(routes.deleteCredential, { params: { id }, body }),
  /** Options of a step-up for one security-sensitive action (see `lib/stepUp.ts`). */
  stepUpOptions: (body: BodyOf<'stepUpOptions'>) => callApi(routes.stepUpOptions, { body }),
  /** The user's sign-ins and refused attempts with their passkeys, newest first. */
  signIns: (query: { before?: string | undefined; limit?: number } = {}) =>
    callApi(routes.signIns, { query }),

  /** Social recovery: the owner's guardians, guardians' approvals, and a new device's recovery. */
  recovery: {
    overview: () => callApi(routes.recovery, {}),
    putSetup: (body: BodyOf<'putRecovery'>) => callApi(routes.putRecovery, { body }),
    removeSetup: () => callApi(routes.deleteRecovery, {}),
    publishGuardianKey: (publicKey: string) => callApi(routes.putGuardianKey, { body: { publicKey } }),
    cancel: (id: string) => callApi(routes.cancelRecovery, { params: { id } }),
    lookupGuardians: (displayName: string) => callApi(routes.guardianLookup, { query: { displayName } }),
    guardianRequests: () => callApi(routes.guardianRequests, {}),
    approve: (id: string, body: BodyOf<'approveRecovery'>) =>
      callApi(routes.approveRecovery, { params: { id }, body }),
    start: (body: BodyOf<'startRecovery'>) => callApi(routes.startRecovery, { body }),
    status: (id: string, token: string) =>
      callApi(routes.recoveryStatus, { params: { id }, body: { token } }),
    passkeyOptions: (id: string, token: string) =>
      callApi(routes.recoveryPasskeyOptions, { params: { id }, body: { token } }),
    passkeyVerify: (id: string, body: BodyOf<'recoveryPasskeyVerify'>) =>
      callApi(routes.recoveryPasskeyVerify, { params: { id }, body }),
    /** Admins: pending recoveries, counts only. */
    pending: () => callApi(routes.adminRecoveries, {}),
  },

  /** The user's Canton external party: onboarding, holdings, and prepare -> execute. */
  canton: {
    status: () => callApi(routes.cantonStatus, {}),
    topology: (publicKey: string) => callApi(routes.cantonTopology, { body: { publicKey } }),
    allocate: (body: BodyOf<'cantonAllocate'>) => callApi(routes.cantonAllocate, { body }),
    holdings: () => callApi(routes.cantonHoldings, {}),
    instructions: () => callApi(routes.cantonInstructions, {}),
    /** Newest first; `before` is the previous page's `nextBefore`. */
    history: (query: { before?: number | undefined; limit?: number } = {}) =>
      callApi(routes.cantonHistory, { query }),
    prepareTransfer: (body: BodyOf<'cantonPrepareTransfer'>) =>
      callApi(routes.cantonPrepareTransfer, { body }),
    prepareInstruction: (contractId: string, action: 'accept' | 'reject' | 'withdraw') =>
      callApi(routes.cantonPrepareInstructionAction, { params: { contractId, action } }),
    execute: (body: BodyOf<'cantonExecute'>) => callApi(routes.cantonExecute, { body }),
    faucet: () => callApi(routes.devCantonFaucet, {}),
  },

  /** Canton DeFi: the user's vault and intents; an intent is prepared here and executed through `canton.execute`. */
  defi: {
    status: () => callApi(routes.defiStatus, {}),
    prepareIntent: (body: BodyOf<'defiPrepareIntent'>) => callApi(routes.defiPrepareIntent, { body }),
    /** Dev mode: deploys a test vault for the user's party. */
    createDevVault: () => callApi(routes.devDefiVault, {}),
  },

  /** Instance administration (admins only): users, Canton connection, DARs, audit log, DeFi vaults. */
  admin: {
    /** Accounts and roles: the API refuses demoting or disabling the last admin (LAST_ADMIN). */
    users: {
      /** Newest first; `before` is the previous page's `nextBefore`. */
      list: (query: RouteRequest<Routes['adminUsers']>['query'] = {}) =>
        callApi(routes.adminUsers, { query }),
      get: (id: string) => callApi(routes.adminUser, { params: { id } }),
      setRole: (id: string, role: 'user' | 'admin') =>
        callApi(routes.adminSetUserRole, { params: { id }, body: { role } }),
      /** Ends every session of the account at once and refuses its sign-in. */
      disable: (id: string) => callApi(routes.adminDisableUser, { params: { id } }),
      enable: (id: string) => callApi(routes.adminEnableUser, { params: { id } }),
      settings: () => callApi(routes.adminUserSettings, {}),
      updateSettings: (body: BodyOf<'adminUpdateUserSettings'>) =>
        callApi(routes.adminUpdateUserSettings, { body }),
    },
    /** One-time invite links (`/enroll#invite=…`); the link is returned only when created. */
    invites: {
      list: () => callApi(routes.adminInvites, {}),
      create: (body: BodyOf<'adminCreateInvite'>) => callApi(routes.adminCreateInvite, { body }),
      revoke: (id: string) => callApi(routes.adminRevokeInvite, { params: { id } }),
    },
    /** The instance's brand: name, colours, support contact and logo (each change needs a step-up). */
    branding: {
      get: () => callApi(routes.adminBranding, {}),
      update: (body: BodyOf<'adminUpdateBranding'>) => callApi(routes.adminUpdateBranding, { body }),
      /** The file as it is: the API recognises PNG, JPEG and WebP by their bytes. */
      uploadLogo: (file: Blob) => callApi(routes.adminUploadBrandLogo, { body: file }),
      removeLogo: () => callApi(routes.adminRemoveBrandLogo, {}),
    },
    canton: () => callApi(routes.adminCanton, {}),
    updateCanton: (body: BodyOf<'adminUpdateCanton'>) => callApi(routes.adminUpdateCanton, { body }),
    packages: () => callApi(routes.adminPackages, {}),
    uploadDar: (file: Blob) => callApi(routes.adminUploadDar, { body: file }),
    /** Newest first, filtered; `before` is the previous page's `nextBefore`. */
    audit: (query: AuditQuery = {}) => callApi(routes.adminAudit, { query }),
    /** The URL that downloads the (filtered) audit log as JSON lines or CSV (a link: the browser saves it). */
    auditExportUrl: (format: 'jsonl' | 'csv', filter: AuditFilter = {}) => {
      const search = new URLSearchParams({ format })
      for (const [name, value] of Object.entries(filter)) if (value) search.set(name, value)
      return `${routes.adminAuditExport.path}?${search}`
    },
    /** Canton DeFi vaults of parties: the API checks a vault on chain before it registers it. */
    defiVaults: {
      list: () => callApi(routes.adminDefiVaults, {}),
      /** Registers the party's vault, or replaces the one it had. */
      register: (body: BodyOf<'adminRegisterDefiVault'>) => callApi(routes.adminRegisterDefiVault, { body }),
      remove: (partyId: string) => callApi(routes.adminRemoveDefiVault, { params: { partyId } }),
    },
    /** The instance's networks and tokens; a save is checked against the chain first (422 naming both sides). */
    networks: {
      list: () => callApi(routes.adminNetworks, {}),
      add: (body: BodyOf<'adminAddNetwork'>) => callApi(routes.adminAddNetwork, { body }),
      update: (id: string, body: BodyOf<'adminUpdateNetwork'>) =>
        callApi(routes.adminUpdateNetwork, { params: { id }, body }),
      remove: (id: string) => callApi(routes.adminRemoveNetwork, { params: { id } }),
      reorder: (ids: string[]) => callApi(routes.adminReorderNetworks, { body: { ids } }),
    },
    tokens: {
      add: (body: BodyOf<'adminAddToken'>) => callApi(routes.adminAddToken, { body }),
      update: (id: string, body: BodyOf<'adminUpdateToken'>) =>
        callApi(routes.adminUpdateToken, { params: { id }, body }),
      remove: (id: string) => callApi(routes.adminRemoveToken, { params: { id } }),
      reorder: (networkId: string, ids: string[]) =>
        callApi(routes.adminReorderTokens, { params: { id: networkId }, body: { ids } }),
    },
  },
}
