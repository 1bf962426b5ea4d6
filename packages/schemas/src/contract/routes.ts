import { z } from 'zod'
import {
  AdminAuditQuery,
  AdminAuditResponse,
  AdminCantonResponse,
  AdminCantonUpdateRequest,
  AdminDarUploadResponse,
  AdminPackagesResponse,
  AdminUsersResponse,
} from '../admin.js'
import { AdminDefiVault, AdminDefiVaultRequest, AdminDefiVaultsResponse } from '../adminDefi.js'
import {
  CeremonyOptionsResponse,
  LoginOptionsRequest,
  LoginVerifyRequest,
  LoginVerifyResponse,
  RegisterOptionsRequest,
  RegisterVerifyRequest,
} from '../auth.js'
import {
  CantonAllocateRequest,
  CantonAllocateResponse,
  CantonExecuteRequest,
  CantonExecuteResponse,
  CantonFaucetResponse,
  CantonHistoryQuery,
  CantonHistoryResponse,
  CantonHoldingsResponse,
  CantonInstructionActionParams,
  CantonInstructionsResponse,
  CantonPreparedResponse,
  CantonStatusResponse,
  CantonTopologyRequest,
  CantonTopologyResponse,
  CantonTransferRequest,
} from '../canton.js'
import { FaucetRequest, FaucetResponse, PublicConfig, RelatedOrigins } from '../config.js'
import { AddCredentialOptionsRequest, AddCredentialVerifyRequest } from '../credentials.js'
import { DefiIntentRequest, DefiPreparedResponse, DefiStatusResponse } from '../defi.js'
import { HealthResponse, LivenessResponse, ReadinessResponse } from '../health.js'
import { MeResponse, PutAddressesRequest } from '../me.js'
import { OidcCallbackQuery, OperatorMeResponse } from '../operator.js'
import { JsonRpcBody, JsonRpcResponseBody } from '../rpc.js'
import { defineRoute } from './defineRoute.js'

/** The largest DAR the API accepts (real DARs with their dependencies run to a few MiB). */
export const DAR_MAX_BYTES = 50 * 1024 * 1024

const ok = <Schema extends z.ZodType>(schema: Schema) => ({ status: 200, schema }) as const
const noContent = { status: 204, schema: null } as const
const redirect = { status: 302, schema: null } as const

/**
 * Every route of the HTTP API, defined once: the server validates requests and (in tests) its own
 * responses against these, `/api/openapi.json` is generated from them, and the web client is typed
 * by them.
 */
export const routes = {
  health: defineRoute({
    method: 'GET',
    path: '/api/health',
    summary: 'Liveness',
    tag: 'instance',
    access: 'public',
    response: ok(HealthResponse),
    errors: [],
  }),
  liveness: defineRoute({
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness probe: the process answers (no database or upstream check)',
    tag: 'instance',
    access: 'public',
    response: ok(LivenessResponse),
    errors: [],
  }),
  readiness: defineRoute({
    method: 'GET',
    path: '/readyz',
    summary:
      'Readiness probe: the database answers, its schema has every migration of this code, Canton (when configured) answers, and the server is not shutting down; else 503 NOT_READY naming what failed',
    tag: 'instance',
    access: 'public',
    response: ok(ReadinessResponse),
    errors: [503],
  }),
  config: defineRoute({
    method: 'GET',
    path: '/api/config',
    summary: 'Public instance configuration',
    tag: 'instance',
    access: 'public',
    response: ok(PublicConfig),
    errors: [],
  }),
  relatedOrigins: defineRoute({
    method: 'GET',
    path: '/.well-known/webauthn',
    summary:
      'WebAuthn Related Origin Requests: every origin serving this instance (PUBLIC_ORIGIN and RELATED_ORIGINS), so their pages may use passkeys of its RP ID',
    tag: 'instance',
    access: 'public',
    response: ok(RelatedOrigins),
    errors: [],
  }),
  openApi: defineRoute({
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'instance',
    access: 'public',
    response: ok(z.record(z.string(), z.unknown())),
    errors: [],
  }),

  registerOptions: defineRoute({
    method: 'POST',
    path: '/api/auth/register/options',
    summary: 'Start registering a passkey (creates an account on verify)',
    tag: 'auth',
    access: 'public',
    body: { schema: RegisterOptionsRequest },
    response: ok(CeremonyOptionsResponse),
    errors: [400, 403, 415],
  }),
  registerVerify: defineRoute({
    method: 'POST',
    path: '/api/auth/register/verify',
    summary: 'Finish registration: account, passkey, public addresses and session in one step',
    tag: 'auth',
    access: 'public',
    body: { schema: RegisterVerifyRequest },
    response: ok(MeResponse),
    errors: [400, 403, 409, 415],
  }),
  loginOptions: defineRoute({
    method: 'POST',
    path: '/api/auth/login/options',
    summary: 'Start signing in with a discoverable passkey',
    tag: 'auth',
    access: 'public',
    body: { schema: LoginOptionsRequest, allowEmpty: true },
    response: ok(CeremonyOptionsResponse),
    errors: [400, 415],
  }),
  loginVerify: defineRoute({
    method: 'POST',
    path: '/api/auth/login/verify',
    summary:
      'Finish signing in; sets the session cookie. `unlock.wrappedEntropy` opens the wallet with a backup passkey',
    tag: 'auth',
    access: 'public',
    body: { schema: LoginVerifyRequest },
    response: ok(LoginVerifyResponse),
    errors: [400, 401, 415],
  }),
  logout: defineRoute({
    method: 'POST',
    path: '/api/auth/logout',
    summary: 'Revoke the session and clear its cookie',
    tag: 'auth',
    access: 'public',
    response: noContent,
    errors: [],
  }),

  oidcStart: defineRoute({
    method: 'GET',
    path: '/api/auth/oidc/start',
    summary:
      'Operator sign-in: redirects the browser to the identity provider (authorization code with PKCE S256, state and nonce); 404 OIDC_NOT_CONFIGURED when it is off',
    tag: 'auth',
    access: 'public',
    response: redirect,
    errors: [404, 502],
  }),
  oidcCallback: defineRoute({
    method: 'GET',
    path: '/api/auth/oidc/callback',
    summary:
      'Operator sign-in, back from the identity provider: exchanges the code, verifies the ID token, and for a member of OIDC_ADMIN_GROUP sets an operator session (admin console only, never a wallet) and redirects to /admin',
    tag: 'auth',
    access: 'public',
    query: OidcCallbackQuery,
    response: redirect,
    errors: [400, 403, 404, 502],
  }),
  operatorMe: defineRoute({
    method: 'GET',
    path: '/api/operator/me',
    summary: 'The operator signed in through the identity provider (404 NOT_AN_OPERATOR for a wallet admin)',
    tag: 'auth',
    access: 'admin',
    response: ok(OperatorMeResponse),
    errors: [401, 403, 404],
  }),

  me: defineRoute({
    method: 'GET',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'me',
    access: 'session',
    response: ok(MeResponse),
    errors: [401],
  }),
  putAddresses: defineRoute({
    method: 'PUT',
    path: '/api/me/addresses',
    summary: 'Store (or confirm) the public addresses of account 0',
    tag: 'me',
    access: 'session',
    body: { schema: PutAddressesRequest },
    response: ok(MeResponse),
    errors: [400, 401, 409, 415],
  }),
  addCredentialOptions: defineRoute({
    method: 'POST',
    path: '/api/me/credentials/options',
    summary: 'Start adding a backup passkey (same user; existing passkeys excluded)',
    tag: 'me',
    access: 'session',
    body: { schema: AddCredentialOptionsRequest, allowEmpty: true },
    response: ok(CeremonyOptionsResponse),
    errors: [400, 401, 415],
  }),
  addCredentialVerify: defineRoute({
    method: 'POST',
    path: '/api/me/credentials/verify',
    summary: 'Finish adding a backup passkey: stores it with the entropy wrapped under its PRF output',
    tag: 'me',
    access: 'session',
    body: { schema: AddCredentialVerifyRequest },
    response: ok(MeResponse),
    errors: [400, 401, 409, 415],
  }),
  deleteCredential: defineRoute({
    method: 'DELETE',
    path: '/api/me/credentials/:id',
    summary: 'Remove one of your passkeys (never the last one)',
    tag: 'me',
    access: 'session',
    response: ok(MeResponse),
    errors: [401, 404, 409],
  }),

  evmRpc: defineRoute({
    method: 'POST',
    path: '/api/rpc/evm',
    summary: 'JSON-RPC proxy to the EVM node (allowlisted methods; single or batch)',
    tag: 'rpc',
    access: 'session',
    body: { schema: JsonRpcBody },
    response: ok(JsonRpcResponseBody),
    errors: [400, 401, 415, 502],
  }),

  cantonStatus: defineRoute({
    method: 'GET',
    path: '/api/canton/status',
    summary: "Whether Canton is configured, the user's party and the instrument",
    tag: 'canton',
    access: 'session',
    response: ok(CantonStatusResponse),
    errors: [401],
  }),
  cantonTopology: defineRoute({
    method: 'POST',
    path: '/api/canton/onboarding/topology',
    summary:
      "External-party topology for the user's own Canton key (the browser verifies and signs its multiHash)",
    tag: 'canton',
    access: 'session',
    body: { schema: CantonTopologyRequest },
    response: ok(CantonTopologyResponse),
    errors: [400, 401, 409, 415, 502, 503],
  }),
  cantonAllocate: defineRoute({
    method: 'POST',
    path: '/api/canton/onboarding/allocate',
    summary: "Allocate the user's external party with the browser's signature of the multiHash",
    tag: 'canton',
    access: 'session',
    body: { schema: CantonAllocateRequest },
    response: ok(CantonAllocateResponse),
    errors: [400, 401, 409, 415, 502, 503],
  }),
  cantonHoldings: defineRoute({
    method: 'GET',
    path: '/api/canton/holdings',
    summary: "The user's token-standard holdings and per-instrument totals",
    tag: 'canton',
    access: 'session',
    response: ok(CantonHoldingsResponse),
    errors: [401, 409, 502, 503],
  }),
  cantonInstructions: defineRoute({
    method: 'GET',
    path: '/api/canton/instructions',
    summary: 'Pending transfer instructions the user receives or sent',
    tag: 'canton',
    access: 'session',
    response: ok(CantonInstructionsResponse),
    errors: [401, 409, 502, 503],
  }),
  cantonHistory: defineRoute({
    method: 'GET',
    path: '/api/canton/history',
    summary: "The user's Canton transactions, newest first (`before`: the previous page's `nextBefore`)",
    tag: 'canton',
    access: 'session',
    query: CantonHistoryQuery,
    response: ok(CantonHistoryResponse),
    errors: [400, 401, 409, 502, 503],
  }),
  cantonPrepareTransfer: defineRoute({
    method: 'POST',
    path: '/api/canton/transfers/prepare',
    summary: 'Prepare a token-standard transfer from the user (to verify and sign in the browser)',
    tag: 'canton',
    access: 'session',
    body: { schema: CantonTransferRequest },
    response: ok(CantonPreparedResponse),
    errors: [400, 401, 409, 415, 502, 503],
  }),
  cantonPrepareInstructionAction: defineRoute({
    method: 'POST',
    path: '/api/canton/instructions/:contractId/:action/prepare',
    summary:
      'Prepare accepting or rejecting a transfer to the user, or withdrawing one the user sent (to verify and sign in the browser)',
    tag: 'canton',
    access: 'session',
    params: CantonInstructionActionParams,
    response: ok(CantonPreparedResponse),
    errors: [400, 401, 404, 409, 502, 503],
  }),
  cantonExecute: defineRoute({
    method: 'POST',
    path: '/api/canton/execute',
    summary: "Execute a prepared transaction with the user's signature of the hash the browser computed",
    tag: 'canton',
    access: 'session',
    body: { schema: CantonExecuteRequest },
    response: ok(CantonExecuteResponse),
    errors: [400, 401, 409, 415, 502, 503],
  }),

  defiStatus: defineRoute({
    method: 'GET',
    path: '/api/defi',
    summary:
      "Canton DeFi: whether it runs here, the user's vault with its balances, and the user's intents (newest first)",
    tag: 'defi',
    access: 'session',
    response: ok(DefiStatusResponse),
    errors: [401, 502],
  }),
  defiPrepareIntent: defineRoute({
    method: 'POST',
    path: '/api/defi/intents/prepare',
    summary:
      "Prepare a DeFiIntent create for the user's vault (to verify and sign in the browser, then POST /api/canton/execute)",
    tag: 'defi',
    access: 'session',
    body: { schema: DefiIntentRequest },
    response: ok(DefiPreparedResponse),
    errors: [400, 401, 409, 415, 502, 503],
  }),

  devFaucet: defineRoute({
    method: 'POST',
    path: '/api/dev/faucet',
    summary: 'Send 10 test ETH (dev mode only)',
    tag: 'dev',
    access: 'session',
    devOnly: true,
    body: { schema: FaucetRequest },
    response: ok(FaucetResponse),
    errors: [400, 401, 415, 502],
  }),
  devCantonFaucet: defineRoute({
    method: 'POST',
    path: '/api/dev/canton-faucet',
    summary: "Mint 100 test tokens of the instrument to the user's party (dev mode only)",
    tag: 'dev',
    access: 'session',
    devOnly: true,
    response: ok(CantonFaucetResponse),
    errors: [401, 409, 502, 503],
  }),
  devDefiVault: defineRoute({
    method: 'POST',
    path: '/api/dev/defi-vault',
    summary:
      "Deploy a test DeFi vault (with adapters, test protocols and tokens) for the user's party (dev mode only)",
    tag: 'dev',
    access: 'session',
    devOnly: true,
    response: ok(DefiStatusResponse),
    errors: [401, 409, 502, 503],
  }),

  adminUsers: defineRoute({
    method: 'GET',
    path: '/api/admin/users',
    summary: 'List users',
    tag: 'admin',
    access: 'admin',
    response: ok(AdminUsersResponse),
    errors: [401, 403],
  }),
  adminCanton: defineRoute({
    method: 'GET',
    path: '/api/admin/canton',
    summary: 'The Canton connection in use (never its secrets) and whether the participant answers',
    tag: 'admin',
    access: 'admin',
    response: ok(AdminCantonResponse),
    errors: [401, 403],
  }),
  adminUpdateCanton: defineRoute({
    method: 'PUT',
    path: '/api/admin/canton',
    summary:
      'Set the Canton connection (wins over CANTON_*); saved only if the participant answers with its credentials',
    tag: 'admin',
    access: 'admin',
    body: { schema: AdminCantonUpdateRequest },
    response: ok(AdminCantonResponse),
    errors: [400, 401, 403, 415],
  }),
  adminPackages: defineRoute({
    method: 'GET',
    path: '/api/admin/canton/packages',
    summary: "The participant's package ids",
    tag: 'admin',
    access: 'admin',
    response: ok(AdminPackagesResponse),
    errors: [401, 403, 502, 503],
  }),
  adminUploadDar: defineRoute({
    method: 'POST',
    path: '/api/admin/canton/dars',
    summary: 'Upload a DAR (the file bytes, at most 50 MiB) to the participant',
    tag: 'admin',
    access: 'admin',
    body: { mediaType: 'application/octet-stream', maxBytes: DAR_MAX_BYTES },
    response: ok(AdminDarUploadResponse),
    errors: [400, 401, 403, 413, 415, 502, 503],
  }),
  adminDefiVaults: defineRoute({
    method: 'GET',
    path: '/api/admin/defi/vaults',
    summary: "The DeFi vaults registered on the instance's chain",
    tag: 'admin',
    access: 'admin',
    response: ok(AdminDefiVaultsResponse),
    errors: [401, 403],
  }),
  adminRegisterDefiVault: defineRoute({
    method: 'PUT',
    path: '/api/admin/defi/vaults',
    summary:
      "Register (or replace) a party's DeFi vault, after checking on chain its vaultId, authorizedPartyKey, adapters and tokens",
    tag: 'admin',
    access: 'admin',
    body: { schema: AdminDefiVaultRequest },
    response: ok(AdminDefiVault),
    errors: [400, 401, 403, 415, 502],
  }),
  adminRemoveDefiVault: defineRoute({
    method: 'DELETE',
    path: '/api/admin/defi/vaults/:partyId',
    summary: "Forget a party's DeFi vault",
    tag: 'admin',
    access: 'admin',
    response: noContent,
    errors: [401, 403, 404],
  }),
  adminAudit: defineRoute({
    method: 'GET',
    path: '/api/admin/audit',
    summary: "The audit log of admin actions, newest first (`before`: the previous page's `nextBefore`)",
    tag: 'admin',
    access: 'admin',
    query: AdminAuditQuery,
    response: ok(AdminAuditResponse),
    errors: [400, 401, 403],
  }),
} as const

/** The routes, by name. */
export type Routes = typeof routes
export type RouteName = keyof Routes
