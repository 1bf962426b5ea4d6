import {
  AddCredentialOptionsRequest,
  AddCredentialVerifyRequest,
  AdminAuditResponse,
  AdminCantonResponse,
  AdminCantonUpdateRequest,
  AdminDarUploadResponse,
  AdminDefiVault,
  AdminDefiVaultRequest,
  AdminDefiVaultsResponse,
  AdminPackagesResponse,
  AdminUsersResponse,
  ApiError as ApiErrorSchema,
  CantonAllocateRequest,
  CantonAllocateResponse,
  CantonExecuteRequest,
  CantonExecuteResponse,
  CantonFaucetResponse,
  CantonHistoryResponse,
  CantonHoldingsResponse,
  CantonInstructionsResponse,
  CantonPreparedResponse,
  CantonStatusResponse,
  CantonTopologyRequest,
  CantonTopologyResponse,
  CantonTransferRequest,
  CeremonyOptionsResponse,
  DefiIntentRequest,
  DefiPreparedResponse,
  DefiStatusResponse,
  FaucetRequest,
  FaucetResponse,
  HealthResponse,
  JsonRpcBody,
  LoginOptionsRequest,
  LoginVerifyRequest,
  LoginVerifyResponse,
  MeResponse,
  PublicConfig,
  PutAddressesRequest,
  RegisterOptionsRequest,
  RegisterVerifyRequest,
} from '@stratos/schemas'
import { z } from 'zod'

/** A contract schema from @stratos/schemas. */
type ContractSchema = z.ZodType

interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'delete'
  /** OpenAPI form: path parameters in braces (`/api/me/credentials/{id}`). */
  path: string
  summary: string
  tag: string
  /** none: public; session: needs the sv_session cookie; admin: and the admin role. */
  access: 'none' | 'session' | 'admin'
  body?: ContractSchema
  /** A body that is not JSON (e.g. a DAR's bytes): its media type, instead of `body`. */
  rawBody?: string
  /** Query parameters (all optional). */
  query?: string[]
  /** Success status and schema (no schema: empty body). */
  ok: [number, ContractSchema | null]
  /** Error statuses this route is documented to return, besides 500. */
  errors: number[]
}

/**
 * Every route of the API. The OpenAPI document is generated from this table and the contract
 * schemas in @stratos/schemas; a test checks that it lists every route the app serves.
 */
const ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/health',
    summary: 'Liveness',
    tag: 'instance',
    access: 'none',
    ok: [200, HealthResponse],
    errors: [],
  },
  {
    method: 'get',
    path: '/api/config',
    summary: 'Public instance configuration',
    tag: 'instance',
    access: 'none',
    ok: [200, PublicConfig],
    errors: [],
  },
  {
    method: 'post',
    path: '/api/auth/register/options',
    summary: 'Start registering a passkey (creates an account on verify)',
    tag: 'auth',
    access: 'none',
    body: RegisterOptionsRequest,
    ok: [200, CeremonyOptionsResponse],
    errors: [400, 403, 415],
  },
  {
    method: 'post',
    path: '/api/auth/register/verify',
    summary: 'Finish registration: account, passkey, public addresses and session in one step',
    tag: 'auth',
    access: 'none',
    body: RegisterVerifyRequest,
    ok: [200, MeResponse],
    errors: [400, 403, 409, 415],
  },
  {
    method: 'post',
    path: '/api/auth/login/options',
    summary: 'Start signing in with a discoverable passkey',
    tag: 'auth',
    access: 'none',
    body: LoginOptionsRequest,
    ok: [200, CeremonyOptionsResponse],
    errors: [400, 415],
  },
  {
    method: 'post',
    path: '/api/auth/login/verify',
    summary:
      'Finish signing in; sets the session cookie. `unlock.wrappedEntropy` opens the wallet with a backup passkey',
    tag: 'auth',
    access: 'none',
    body: LoginVerifyRequest,
    ok: [200, LoginVerifyResponse],
    errors: [400, 401, 415],
  },
  {
    method: 'post',
    path: '/api/auth/logout',
    summary: 'Revoke the session and clear its cookie',
    tag: 'auth',
    access: 'none',
    ok: [204, null],
    errors: [],
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in user',
    tag: 'me',
    access: 'session',
    ok: [200, MeResponse],
    errors: [401],
  },
  {
    method: 'put',
    path: '/api/me/addresses',
    summary: 'Store (or confirm) the public addresses of account 0',
    tag: 'me',
    access: 'session',
    body: PutAddressesRequest,
    ok: [200, MeResponse],
    errors: [400, 401, 409, 415],
  },
  {
    method: 'post',
    path: '/api/me/credentials/options',
    summary: 'Start adding a backup passkey (same user; existing passkeys excluded)',
    tag: 'me',
    access: 'session',
    body: AddCredentialOptionsRequest,
    ok: [200, CeremonyOptionsResponse],
    errors: [400, 401, 415],
  },
  {
    method: 'post',
    path: '/api/me/credentials/verify',
    summary: 'Finish adding a backup passkey: stores it with the entropy wrapped under its PRF output',
    tag: 'me',
    access: 'session',
    body: AddCredentialVerifyRequest,
    ok: [200, MeResponse],
    errors: [400, 401, 409, 415],
  },
  {
    method: 'delete',
    path: '/api/me/credentials/{id}',
    summary: 'Remove one of your passkeys (never the last one)',
    tag: 'me',
    access: 'session',
    ok: [200, MeResponse],
    errors: [401, 404, 409],
  },
  {
    method: 'post',
    path: '/api/rpc/evm',
    summary: 'JSON-RPC proxy to the EVM node (allowlisted methods; single or batch)',
    tag: 'rpc',
    access: 'session',
    body: JsonRpcBody,
    ok: [200, null],
    errors: [400, 401, 415, 502],
  },
  {
    method: 'get',
    path: '/api/canton/status',
    summary: "Whether Canton is configured, the user's party and the instrument",
    tag: 'canton',
    access: 'session',
    ok: [200, CantonStatusResponse],
    errors: [401],
  },
  {
    method: 'post',
    path: '/api/canton/onboarding/topology',
    summary:
      "External-party topology for the user's own Canton key (the browser verifies and signs its multiHash)",
    tag: 'canton',
    access: 'session',
    body: CantonTopologyRequest,
    ok: [200, CantonTopologyResponse],
    errors: [400, 401, 409, 415, 502, 503],
  },
  {
    method: 'post',
    path: '/api/canton/onboarding/allocate',
    summary: "Allocate the user's external party with the browser's signature of the multiHash",
    tag: 'canton',
    access: 'session',
    body: CantonAllocateRequest,
    ok: [200, CantonAllocateResponse],
    errors: [400, 401, 409, 415, 502, 503],
  },
  {
    method: 'get',
    path: '/api/canton/holdings',
    summary: "The user's token-standard holdings and per-instrument totals",
    tag: 'canton',
    access: 'session',
    ok: [200, CantonHoldingsResponse],
    errors: [401, 409, 502, 503],
  },
  {
    method: 'get',
    path: '/api/canton/instructions',
    summary: 'Pending transfer instructions the user receives or sent',
    tag: 'canton',
    access: 'session',
    ok: [200, CantonInstructionsResponse],
    errors: [401, 409, 502, 503],
  },
  {
    method: 'get',
    path: '/api/canton/history',
    summary:
      "The user's Canton transactions, newest first (query: limit 1-100, default 20; before: the previous page's nextBefore)",
    tag: 'canton',
    access: 'session',
    ok: [200, CantonHistoryResponse],
    errors: [400, 401, 409, 502, 503],
  },
  {
    method: 'post',
    path: '/api/canton/transfers/prepare',
    summary: 'Prepare a token-standard transfer from the user (to verify and sign in the browser)',
    tag: 'canton',
    access: 'session',
    body: CantonTransferRequest,
    ok: [200, CantonPreparedResponse],
    errors: [400, 401, 409, 415, 502, 503],
  },
  ...(['accept', 'reject', 'withdraw'] as const).map(
    (action): RouteDoc => ({
      method: 'post',
      path: `/api/canton/instructions/{contractId}/${action}/prepare`,
      summary: `Prepare ${action === 'withdraw' ? 'withdrawing a transfer the user sent' : `${action}ing a transfer to the user`}`,
      tag: 'canton',
      access: 'session',
      ok: [200, CantonPreparedResponse],
      errors: [400, 401, 404, 409, 502, 503],
    }),
  ),
  {
    method: 'post',
    path: '/api/canton/execute',
    summary: "Execute a prepared transaction with the user's signature of the hash the browser computed",
    tag: 'canton',
    access: 'session',
    body: CantonExecuteRequest,
    ok: [200, CantonExecuteResponse],
    errors: [400, 401, 409, 415, 502, 503],
  },
  {
    method: 'get',
    path: '/api/defi',
    summary:
      "Canton DeFi: whether it runs here, the user's vault with its balances, and the user's intents (newest first)",
    tag: 'defi',
    access: 'session',
    ok: [200, DefiStatusResponse],
    errors: [401, 502],
  },
  {
    method: 'post',
    path: '/api/defi/intents/prepare',
    summary:
      "Prepare a DeFiIntent create for the user's vault (to verify and sign in the browser, then POST /api/canton/execute)",
    tag: 'defi',
    access: 'session',
    body: DefiIntentRequest,
    ok: [200, DefiPreparedResponse],
    errors: [400, 401, 409, 415, 502, 503],
  },
  {
    method: 'post',
    path: '/api/dev/faucet',
    summary: 'Send 10 test ETH (dev mode only; 404 otherwise)',
    tag: 'dev',
    access: 'session',
    body: FaucetRequest,
    ok: [200, FaucetResponse],
    errors: [400, 401, 404, 415, 502],
  },
  {
    method: 'post',
    path: '/api/dev/canton-faucet',
    summary: "Mint 100 test tokens of the instrument to the user's party (dev mode only; 404 otherwise)",
    tag: 'dev',
    access: 'session',
    ok: [200, CantonFaucetResponse],
    errors: [401, 404, 409, 502, 503],
  },
  {
    method: 'post',
    path: '/api/dev/defi-vault',
    summary:
      "Deploy a test DeFi vault (with adapters, test protocols and tokens) for the user's party (dev mode only; 404 otherwise)",
    tag: 'dev',
    access: 'session',
    ok: [200, DefiStatusResponse],
    errors: [401, 404, 409, 502, 503],
  },
  {
    method: 'get',
    path: '/api/admin/users',
    summary: 'List users',
    tag: 'admin',
    access: 'admin',
    ok: [200, AdminUsersResponse],
    errors: [401, 403],
  },
  {
    method: 'get',
    path: '/api/admin/canton',
    summary: 'The Canton connection in use (never its secrets) and whether the participant answers',
    tag: 'admin',
    access: 'admin',
    ok: [200, AdminCantonResponse],
    errors: [401, 403],
  },
  {
    method: 'put',
    path: '/api/admin/canton',
    summary:
      'Set the Canton connection (wins over CANTON_*); saved only if the participant answers with its credentials',
    tag: 'admin',
    access: 'admin',
    body: AdminCantonUpdateRequest,
    ok: [200, AdminCantonResponse],
    errors: [400, 401, 403, 415],
  },
  {
    method: 'get',
    path: '/api/admin/canton/packages',
    summary: "The participant's package ids",
    tag: 'admin',
    access: 'admin',
    ok: [200, AdminPackagesResponse],
    errors: [401, 403, 502, 503],
  },
  {
    method: 'post',
    path: '/api/admin/canton/dars',
    summary: 'Upload a DAR (the file bytes, at most 50 MiB) to the participant',
    tag: 'admin',
    access: 'admin',
    rawBody: 'application/octet-stream',
    ok: [200, AdminDarUploadResponse],
    errors: [400, 401, 403, 413, 415, 502, 503],
  },
  {
    method: 'get',
    path: '/api/admin/defi/vaults',
    summary: "The DeFi vaults registered on the instance's chain",
    tag: 'admin',
    access: 'admin',
    ok: [200, AdminDefiVaultsResponse],
    errors: [401, 403],
  },
  {
    method: 'put',
    path: '/api/admin/defi/vaults',
    summary:
      "Register (or replace) a party's DeFi vault, after checking on chain its vaultId, authorizedPartyKey, adapters and tokens",
    tag: 'admin',
    access: 'admin',
    body: AdminDefiVaultRequest,
    ok: [200, AdminDefiVault],
    errors: [400, 401, 403, 415, 502],
  },
  {
    method: 'delete',
    path: '/api/admin/defi/vaults/{partyId}',
    summary: "Forget a party's DeFi vault",
    tag: 'admin',
    access: 'admin',
    ok: [204, null],
    errors: [401, 403, 404],
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    summary: "The audit log of admin actions, newest first (`before`: the previous page's `nextBefore`)",
    tag: 'admin',
    access: 'admin',
    query: ['limit', 'before'],
    ok: [200, AdminAuditResponse],
    errors: [400, 401, 403],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    tag: 'instance',
    access: 'none',
    ok: [200, null],
    errors: [],
  },
]

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  204: 'No content',
  400: 'Bad input: the message names the field or the failed check',
  401: 'Not signed in, or the passkey response did not verify',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with stored data',
  413: 'The body is too large',
  415: 'The body must be application/json (application/octet-stream for a DAR)',
  500: 'Internal error',
  502: 'The upstream node (EVM node, Canton participant or token registry) failed',
  503: 'Not configured on this instance (e.g. CANTON_NOT_CONFIGURED), or the upstream is unreachable',
}

function jsonSchema(schema: ContractSchema): Record<string, unknown> {
  // `io: 'input'` documents what a client may send (defaults and transforms not applied yet).
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input' }) as Record<
    string,
    unknown
  >
  return rest
}

/** The OpenAPI 3.0 document of the API, for `instanceName`. */
export function openApiDocument(instanceName: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of ROUTES) {
    const responses: Record<string, unknown> = {
      [route.ok[0]]: route.ok[1]
        ? {
            description: STATUS_TEXT[route.ok[0]],
            content: { 'application/json': { schema: jsonSchema(route.ok[1]) } },
          }
        : { description: STATUS_TEXT[route.ok[0]] },
    }
    for (const status of [...route.errors, 500]) {
      responses[status] = {
        description: STATUS_TEXT[status],
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
      }
    }
    paths[route.path] ??= {}
    paths[route.path]![route.method] = {
      summary: route.summary,
      tags: [route.tag],
      operationId: `${route.method}${route.path
        .replace(/^\/api/, '')
        .replace(/[{}]/g, '')
        .replace(/[/.](\w)/g, (_, ch: string) => ch.toUpperCase())}`,
      ...(route.access === 'none' ? { security: [] } : {}),
      ...(route.access === 'admin' ? { description: 'Requires the admin role.' } : {}),
      ...(pathParameters(route.path).length > 0 || route.query
        ? {
            parameters: [
              ...pathParameters(route.path).map((name) => ({
                name,
                in: 'path',
                required: true,
                schema: { type: 'string' },
              })),
              ...(route.query ?? []).map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
            ],
          }
        : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body) } },
            },
          }
        : {}),
      ...(route.rawBody
        ? {
            requestBody: {
              required: true,
              content: { [route.rawBody]: { schema: { type: 'string', format: 'binary' } } },
            },
          }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.0.3',
    info: { title: `${instanceName} API`, version: '0.1.0' },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ApiError: jsonSchema(ApiErrorSchema) },
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sv_session' } },
    },
  }
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
}

/** `METHOD /path` of every documented route, with Hono's `:param` for OpenAPI's `{param}`. */
export const DOCUMENTED_ROUTES: readonly string[] = ROUTES.map(
  (r) => `${r.method.toUpperCase()} ${r.path.replace(/\{(\w+)\}/g, ':$1')}`,
)
