import { RPC_ERROR } from '@stratos/dock-sdk'
import type { Vault } from '@stratos/keys'
import { type RouteRequest, routes } from '@stratos/schemas'
import { ApiRequestError } from '../../../lib/AppError'
import { api, callApi } from '../../../lib/api'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'
import { bytesToBase64 } from '../encoding'
import { type CantonDappReviewData, reviewDappTransaction } from './reviewDappTransaction'

/** The CIP-0103 events the handler emits (the dock sends them to the app). */
export type CantonDappEvent = 'txChanged' | 'accountsChanged' | 'statusChanged'

/** What the wallet page gives the handler. */
export interface CantonDappDeps {
  /** The unlocked vault, or null when the wallet is locked. */
  vault(): Vault | null
  /** Shows the review (`CantonDappReview`); true when the person confirmed. */
  approve(review: CantonDappReviewData): Promise<boolean>
  emit(event: CantonDappEvent, data: unknown): void
}

/** What the user granted the app: their Canton party, or null. */
export interface CantonDappGrant {
  party: string | null
}

export interface CantonDappHandler {
  /**
   * Answers one CIP-0103 request of a dock app whose permissions the dock already checked. Throws
   * DockRpcFailure (EIP-1193 / EIP-1474 code, message) for every refusal.
   */
  handle(method: string, params: unknown, grant: CantonDappGrant): Promise<unknown>
}

/** CIP-0103 `Wallet`: the user's party as a dApp sees it. */
export interface CantonDappWallet {
  primary: true
  partyId: string
  status: 'allocated'
  hint: string
  /** The party's Ed25519 key, base64 (32 bytes), as the Splice wallet gateway gives it. */
  publicKey: string
  /** The party's namespace: the key's fingerprint (`1220…`). */
  namespace: string
  networkId: string
  signingProviderId: typeof SIGNING_PROVIDER_ID
}

/** The signing provider the wallet names for its parties: the passkey-unlocked key in the browser. */
export const SIGNING_PROVIDER_ID = 'stratos-passkey'

/** CIP-0103 `Provider` of `status`. */
const PROVIDER = { id: 'stratos-vault', version: '1', providerType: 'browser' } as const

const hexToBase64 = (hex: string) =>
  bytesToBase64(Uint8Array.from(hex.match(/../g) ?? [], (byte) => Number.parseInt(byte, 16)))

/**
 * The CAIP-2 id of the instance's Canton ledger: `canton:` and the synchronizer the user's party
 * is connected to, as `<alias>-<first 8 hex of its namespace>` (CAIP-2 references are at most 32 of
 * `[-_a-zA-Z0-9]`), e.g. `canton:global-domain-1f0e9a2b` for `global-domain::1220 1f0e9a2b…`.
 */
export function cantonNetworkId(synchronizerId: string): string {
  const [alias = '', namespace = ''] = synchronizerId.split('::')
  const fingerprint = namespace.replace(/^1220/, '').slice(0, 8)
  const name = alias.replace(/[^-_a-zA-Z0-9]/g, '-').slice(0, 32 - fingerprint.length - 1)
  return `canton:${name}-${fingerprint}`
}

const failure = (code: number, message: string) => new DockRpcFailure(code, message)

/** Any error as the dApp's answer: refusals keep their meaning, the rest is internal. */
function toRpcFailure(error: unknown, rejected: number): DockRpcFailure {
  if (error instanceof DockRpcFailure) return error
  if (error instanceof ApiRequestError) {
    if (error.status === 401 || error.status === 403 || error.code === 'CANTON_NOT_ONBOARDED')
      return failure(RPC_ERROR.unauthorized, error.message)
    if (error.code === 'CANTON_NOT_CONFIGURED') return failure(RPC_ERROR.disconnected, error.message)
    if (error.code === 'CANTON_REJECTED') return failure(rejected, error.message)
    if (error.status === 429) return failure(RPC_ERROR.limitExceeded, error.message)
    if (error.status >= 400 && error.status < 500) return failure(RPC_ERROR.invalidParams, error.message)
    return failure(RPC_ERROR.resourceUnavailable, error.message)
  }
  if (error instanceof Error && (error as { code?: unknown }).code === 'INVALID_ARGUMENT')
    return failure(RPC_ERROR.invalidParams, error.message)
  return failure(RPC_ERROR.internal, error instanceof Error ? error.message : String(error))
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The Canton side of the dock: CIP-0103 requests of a dock app, answered for the user's own party
 * only when `grant.party` is that party (else 4100, or `[]` for `listAccounts`). Transactions go
 * prepare (`POST /api/canton/dapp/prepare`) -> verify (the hash recomputed, acting as the user alone)
 * -> review (`deps.approve`) -> sign the recomputed hash with the vault -> `POST /api/canton/execute`,
 * with `txChanged` pending, signed, executed or failed; a cancelled review is 4001, a locked vault at
 * signing 4100. Ledger reads go through `POST /api/canton/dapp/ledger`: the dApp never gets a token.
 * It remembers the user's party, public key and network once read: make one per signed-in session.
 */
export function createCantonDappHandler(deps: CantonDappDeps): CantonDappHandler {
  let party: string | null = null
  let publicKeyHex: string | null = null
  let networkId: string | null = null

  async function userParty(): Promise<string> {
    if (party) return party
    const status = await api.canton.status()
    if (!status.configured)
      throw failure(RPC_ERROR.disconnected, 'This wallet has no Canton ledger configured')
    if (!status.partyId)
      throw failure(RPC_ERROR.unauthorized, 'You have no Canton party yet: unlock the wallet')
    party = status.partyId
    return party
  }

  /** The user's party, when the app was granted it; else 4100. */
  async function grantedParty(grant: CantonDappGrant): Promise<string> {
    const mine = await userParty()
    if (grant.party !== mine)
      throw failure(RPC_ERROR.unauthorized, 'This app has not been granted your Canton party: connect first')
    return mine
  }

  function unlockedVault(): Vault {
    const vault = deps.vault()
    if (!vault)
      throw failure(RPC_ERROR.unauthorized, 'The wallet is locked: unlock the wallet, then try again')
    return vault
  }

  async function activeNetworkId(partyId: string): Promise<string> {
    if (networkId) return networkId
    const answer = (await callApi(routes.cantonDappLedger, {
      body: {
        requestMethod: 'get',
        resource: '/v2/state/connected-synchronizers',
        query: { party: partyId },
      },
    })) as { connectedSynchronizers?: { synchronizerId?: string }[] }
    const synchronizerId = answer.connectedSynchronizers?.[0]?.synchronizerId
    if (!synchronizerId)
      throw failure(RPC_ERROR.chainDisconnected, 'Your Canton party is connected to no synchronizer')
    networkId = cantonNetworkId(synchronizerId)
    return networkId
  }

  async function wallet(partyId: string): Promise<CantonDappWallet> {
    // The public key is remembered from the last unlock: a locked wallet still lists its account.
    const vault = deps.vault()
    if (vault) publicKeyHex = vault.addresses().cantonPublicKey
    if (!publicKeyHex)
      throw failure(RPC_ERROR.unauthorized, 'The wallet is locked: unlock the wallet, then try again')
    const [hint = '', namespace = ''] = partyId.split('::')
    return {
      primary: true,
      partyId,
      status: 'allocated',
      hint,
      publicKey: hexToBase64(publicKeyHex),
      namespace,
      networkId: await activeNetworkId(partyId),
      signingProviderId: SIGNING_PROVIDER_ID,
    }
  }

  async function connection(grant: CantonDappGrant) {
    let partyId: string
    try {
      partyId = await userParty()
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      return { isConnected: false, reason, isNetworkConnected: false, networkReason: reason }
    }
    const granted = grant.party === partyId
    let network: { networkId: string } | undefined
    let networkReason = 'OK'
    try {
      await callApi(routes.cantonDappLedger, { body: { requestMethod: 'get', resource: '/v2/version' } })
      network = { networkId: await activeNetworkId(partyId) }
    } catch (error) {
      networkReason = error instanceof Error ? error.message : String(error)
    }
    return {
      connection: {
        isConnected: granted,
        reason: granted ? 'OK' : 'This app has not been granted your Canton party',
        isNetworkConnected: network !== undefined,
        networkReason,
      },
      network,
    }
  }

  async function statusEvent(grant: CantonDappGrant) {
    const state = await connection(grant)
    if (!('connection' in state)) return { provider: PROVIDER, connection: state }
    return {
      provider: PROVIDER,
      connection: state.connection,
      ...(state.network ? { network: state.network } : {}),
    }
  }

  async function prepareExecute(
    method: 'prepareExecute' | 'prepareExecuteAndWait',
    params: unknown,
    grant: CantonDappGrant,
  ) {
    const partyId = await grantedParty(grant)
    if (!isRecord(params))
      throw failure(
        RPC_ERROR.invalidParams,
        'params: expected a JsPrepareSubmissionRequest object with commands',
      )
    const prepared = await callApi(routes.cantonDappPrepare, {
      body: params as RouteRequest<typeof routes.cantonDappPrepare>['body'],
    })
    const { commandId } = prepared
    deps.emit('txChanged', { status: 'pending', commandId })
    const failed = (error: unknown, code: number = RPC_ERROR.internal) => {
      deps.emit('txChanged', { status: 'failed', commandId })
      return toRpcFailure(error, code)
    }
    let checked: Awaited<ReturnType<typeof reviewDappTransaction>>
    try {
      checked = await reviewDappTransaction(prepared, partyId, method)
    } catch (error) {
      throw failed(error)
    }
    let confirmed: boolean
    try {
      confirmed = await deps.approve(checked.review)
    } catch (error) {
      throw failed(error)
    }
    if (!confirmed)
      throw failed(failure(RPC_ERROR.userRejected, 'You rejected the transaction; nothing was signed'))
    let signature: Uint8Array
    try {
      signature = unlockedVault().signCantonHash(checked.verified.hash)
    } catch (error) {
      throw failed(error)
    }
    const [, fingerprint = ''] = partyId.split('::')
    deps.emit('txChanged', {
      status: 'signed',
      commandId,
      payload: { signature: bytesToBase64(signature), signedBy: fingerprint, party: partyId },
    })
    let executed: { updateId: string; completionOffset: number }
    try {
      executed = await api.canton.execute({
        preparedTransaction: prepared.preparedTransaction,
        hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
        signature: bytesToBase64(signature),
        submissionId: crypto.randomUUID(),
      })
    } catch (error) {
      throw failed(error, RPC_ERROR.transactionRejected)
    }
    const event = {
      status: 'executed',
      commandId,
      payload: { updateId: executed.updateId, completionOffset: executed.completionOffset },
    } as const
    deps.emit('txChanged', event)
    return method === 'prepareExecuteAndWait' ? { tx: event } : null
  }

  async function signMessage(params: unknown, grant: CantonDappGrant) {
    const partyId = await grantedParty(grant)
    if (!isRecord(params) || typeof params.message !== 'string' || params.message.length === 0)
      throw failure(RPC_ERROR.invalidParams, 'params.message: expected the text to sign')
    const { message } = params
    if (message.length > 10_000)
      throw failure(RPC_ERROR.invalidParams, 'params.message: at most 10000 characters')
    if (!(await deps.approve({ kind: 'message', partyId, message })))
      throw failure(RPC_ERROR.userRejected, 'You rejected signing the message; nothing was signed')
    return { signature: bytesToBase64(unlockedVault().signCantonMessage(message)) }
  }

  const methods: Record<string, (params: unknown, grant: CantonDappGrant) => Promise<unknown>> = {
    status: async (_, grant) => statusEvent(grant),
    connect: async (_, grant) => {
      const event = await statusEvent(grant)
      if (event.connection.isConnected) {
        deps.emit('statusChanged', event)
        deps.emit('accountsChanged', [await wallet(await userParty())])
      }
      return event.connection
    },
    disconnect: async () => {
      deps.emit('statusChanged', {
        provider: PROVIDER,
        connection: {
          isConnected: false,
          reason: 'disconnect',
          isNetworkConnected: false,
          networkReason: 'disconnect',
        },
      })
      deps.emit('accountsChanged', [])
      return null
    },
    isConnected: async (_, grant) => (await statusEvent(grant)).connection,
    getActiveNetwork: async (_, grant) => ({ networkId: await activeNetworkId(await grantedParty(grant)) }),
    listAccounts: async (_, grant) => {
      const mine = await userParty()
      return grant.party === mine ? [await wallet(mine)] : []
    },
    getPrimaryAccount: async (_, grant) => wallet(await grantedParty(grant)),
    signMessage,
    prepareExecute: (params, grant) => prepareExecute('prepareExecute', params, grant),
    prepareExecuteAndWait: (params, grant) => prepareExecute('prepareExecuteAndWait', params, grant),
    ledgerApi: async (params, grant) => {
      await grantedParty(grant)
      if (!isRecord(params))
        throw failure(RPC_ERROR.invalidParams, 'params: expected a LedgerApiRequest object')
      return callApi(routes.cantonDappLedger, {
        body: params as RouteRequest<typeof routes.cantonDappLedger>['body'],
      })
    },
  }

  return {
    async handle(method, params, grant) {
      const run = Object.hasOwn(methods, method) ? methods[method] : undefined
      if (!run)
        throw failure(RPC_ERROR.unsupportedMethod, `The wallet does not support the Canton method ${method}`)
      try {
        return await run(params, grant)
      } catch (error) {
        throw toRpcFailure(
          error,
          method === 'ledgerApi' ? RPC_ERROR.invalidInput : RPC_ERROR.transactionRejected,
        )
      }
    },
  }
}
