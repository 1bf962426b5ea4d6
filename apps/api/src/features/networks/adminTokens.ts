import type {
  AdminNetworksResponse,
  AdminToken,
  AdminTokenOrderRequest,
  AdminTokenRequest,
  AdminTokenUpdateRequest,
} from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { randomId } from '../../encoding.js'
import { ApiError } from '../../errors.js'
import {
  nextTokenPosition,
  type StoredNetwork,
  type StoredToken,
  selectNetwork,
  selectToken,
  selectTokenAt,
  selectTokens,
  tokenRow,
} from '../../networks/networkQueries.js'
import { openNetworkSecrets } from '../../networks/networkSecrets.js'
import { adminTokenView, listAdminNetworks } from './adminNetworks.js'
import { checkToken } from './checkOnChain.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'chainAdapter'>

/** The network of a token; 404 naming the id when there is none. */
async function networkOf(deps: Deps, networkId: string): Promise<StoredNetwork> {
  const network = await selectNetwork(deps.db, networkId)
  if (!network) throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${networkId}`)
  return network
}

/** Reads the contract on the token's network and compares its decimals (see `checkToken`). */
async function checkOnNetwork(
  deps: Deps,
  network: StoredNetwork,
  token: { address: string; decimals: number },
) {
  const secrets = await openNetworkSecrets(deps.config.instanceKey, network.id, network.sealedSecrets)
  return checkToken(deps, network, secrets, token)
}

/** What the audit log records of a token (the icon by size only). */
function audited(token: StoredToken): Record<string, unknown> {
  return {
    networkId: token.networkId,
    address: token.address,
    symbol: token.symbol,
    decimals: token.decimals,
    iconBytes: token.icon === null ? null : token.icon.length,
    priceId: token.priceId,
    enabled: token.enabled,
  }
}

/**
 * POST /api/admin/tokens: checks on chain that the contract exists and reports the decimals given
 * (422 naming both when not), then saves the token with its audit entry. A Bitcoin network has no
 * tokens (400); a network lists a contract once (409).
 */
export async function addToken(deps: Deps, actor: Actor, input: AdminTokenRequest): Promise<AdminToken> {
  const network = await networkOf(deps, input.networkId)
  if (network.family === 'bitcoin')
    throw new ApiError(
      400,
      'INVALID_BODY',
      `networkId: ${network.name} is a Bitcoin network, which has no tokens`,
    )
  const duplicate = () =>
    new ApiError(409, 'TOKEN_EXISTS', `${network.name} already lists the token at ${input.address}`)
  if (await selectTokenAt(deps.db, network.id, input.address)) throw duplicate()
  await checkOnNetwork(deps, network, input)
  const now = deps.clock()
  let saved: StoredToken | undefined
  await deps.db.transaction().execute(async (trx) => {
    if (!(await selectNetwork(trx, network.id)))
      throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${network.id}`)
    if (await selectTokenAt(trx, network.id, input.address)) throw duplicate()
    const token: StoredToken = {
      id: randomId(12),
      ...input,
      position: await nextTokenPosition(trx, network.id),
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }
    await trx.insertInto('tokens').values(tokenRow(token)).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'token.add',
      target: token.id,
      at: now,
      details: audited(token),
    })
    saved = token
  })
  return adminTokenView(saved!)
}

/** PATCH /api/admin/tokens/:id: applies the fields given; new decimals are checked on chain first. */
export async function updateToken(
  deps: Deps,
  actor: Actor,
  id: string,
  update: AdminTokenUpdateRequest,
): Promise<AdminToken> {
  const before = await selectToken(deps.db, id)
  if (!before) throw new ApiError(404, 'TOKEN_NOT_FOUND', `No token has the id ${id}`)
  const defined = Object.fromEntries(Object.entries(update).filter(([, value]) => value !== undefined))
  const now = deps.clock()
  const next: StoredToken = { ...before, ...defined, updatedAt: now.toISOString() }
  if (next.decimals !== before.decimals || (update.enabled === true && !before.enabled))
    await checkOnNetwork(deps, await networkOf(deps, before.networkId), next)
  await deps.db.transaction().execute(async (trx) => {
    if (!(await selectToken(trx, id))) throw new ApiError(404, 'TOKEN_NOT_FOUND', `No token has the id ${id}`)
    const { id: _, network_id: __, address: ___, created_at: ____, position: _____, ...row } = tokenRow(next)
    await trx.updateTable('tokens').set(row).where('id', '=', id).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'token.update',
      target: id,
      at: now,
      details: { ...audited(next), changed: Object.keys(defined) },
    })
  })
  return adminTokenView(next)
}

/** DELETE /api/admin/tokens/:id, audited. */
export async function removeToken(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const token = await selectToken(trx, id)
    if (!token) throw new ApiError(404, 'TOKEN_NOT_FOUND', `No token has the id ${id}`)
    await trx.deleteFrom('tokens').where('id', '=', id).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'token.remove',
      target: id,
      at: deps.clock(),
      details: { networkId: token.networkId, address: token.address, symbol: token.symbol },
    })
  })
}

/** PUT /api/admin/networks/:id/token-order: every token id of the network once, in the new order. */
export async function reorderTokens(
  deps: Deps,
  actor: Actor,
  networkId: string,
  { ids }: AdminTokenOrderRequest,
): Promise<AdminNetworksResponse> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    if (!(await selectNetwork(trx, networkId)))
      throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${networkId}`)
    const known = new Set((await selectTokens(trx, networkId)).map((token) => token.id))
    if (ids.length !== known.size || ids.some((id) => !known.has(id)))
      throw new ApiError(
        409,
        'TOKENS_CHANGED',
        `ids: give every token id of ${networkId} once, as GET /api/admin/networks lists them now (the tokens changed)`,
      )
    for (const [position, id] of ids.entries())
      await trx
        .updateTable('tokens')
        .set({ position, updated_at: now.toISOString() })
        .where('id', '=', id)
        .execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'token.reorder',
      target: networkId,
      at: now,
      details: { ids },
    })
  })
  return listAdminNetworks(deps)
}
