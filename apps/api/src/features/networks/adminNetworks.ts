import type {
  AdminNetwork,
  AdminNetworkOrderRequest,
  AdminNetworkRequest,
  AdminNetworksResponse,
  AdminNetworkUpdateRequest,
  AdminToken,
} from '@stratos/schemas'
import { checkNetworkUpdate } from '@stratos/schemas'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import {
  networkRow,
  nextNetworkPosition,
  type StoredNetwork,
  type StoredToken,
  selectNetwork,
  selectNetworks,
  selectTokens,
} from '../../networks/networkQueries.js'
import {
  type NetworkSecrets,
  openNetworkSecrets,
  redactUrl,
  sealNetworkSecrets,
} from '../../networks/networkSecrets.js'
import { checkNetwork } from './checkOnChain.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'chainAdapter'>

/** A network as admins see it: secrets opened only to redact them. */
async function adminView(deps: Pick<AppDeps, 'config'>, network: StoredNetwork): Promise<AdminNetwork> {
  const secrets = await openNetworkSecrets(deps.config.instanceKey, network.id, network.sealedSecrets)
  const { sealedSecrets: _, hasIndexer: __, ...shown } = network
  return {
    ...shown,
    endpoint: redactUrl(secrets.endpoint),
    indexerUrl: secrets.indexerUrl === null ? null : redactUrl(secrets.indexerUrl),
  }
}

export function adminTokenView(token: StoredToken): AdminToken {
  return { ...token }
}

/** GET /api/admin/networks (and the answer of a reorder): every network and token, in order. */
export async function listAdminNetworks(
  deps: Pick<AppDeps, 'db' | 'config'>,
): Promise<AdminNetworksResponse> {
  const [networks, tokens] = await Promise.all([selectNetworks(deps.db), selectTokens(deps.db)])
  const positions = new Map(networks.map((network, index) => [network.id, index]))
  tokens.sort((a, b) => (positions.get(a.networkId) ?? 0) - (positions.get(b.networkId) ?? 0))
  return {
    networks: await Promise.all(networks.map((network) => adminView(deps, network))),
    tokens: tokens.map(adminTokenView),
  }
}

/** What the audit log records of a network: everything but secrets, the endpoint redacted. */
function audited(network: StoredNetwork, secrets: NetworkSecrets): Record<string, unknown> {
  return {
    family: network.family,
    name: network.name,
    testnet: network.testnet,
    chainId: network.chainId,
    bitcoinNetwork: network.bitcoinNetwork,
    tonNetwork: network.tonNetwork,
    genesisHash: network.genesisHash,
    endpoint: redactUrl(secrets.endpoint),
    apiKeyHeader: secrets.apiKey?.header ?? null,
    indexer: secrets.indexerUrl !== null,
    enabled: network.enabled,
  }
}

/**
 * POST /api/admin/networks: checks that the endpoint serves the configured chain (422 naming both
 * when not), then saves the network, sealed secrets and all, with its audit entry. A Solana or TRON
 * network given no genesis hash keeps the one its endpoint reports.
 */
export async function addNetwork(
  deps: Deps,
  actor: Actor,
  input: AdminNetworkRequest,
): Promise<AdminNetwork> {
  const secrets: NetworkSecrets = {
    endpoint: input.endpoint,
    apiKey: input.apiKey,
    indexerUrl: input.indexerUrl,
  }
  if (await selectNetwork(deps.db, input.id))
    throw new ApiError(409, 'NETWORK_EXISTS', `A network with the id ${input.id} exists: choose another id`)
  const identity = await checkNetwork(deps, input, secrets)
  const genesisHash =
    input.family === 'solana' || input.family === 'tron' ? (input.genesisHash ?? identity.id) : null
  const now = deps.clock().toISOString()
  const sealedSecrets = await sealNetworkSecrets(deps.config.instanceKey, input.id, secrets)
  const { endpoint: _, apiKey: __, indexerUrl: ___, ...fields } = input
  let saved: StoredNetwork | undefined
  await deps.db.transaction().execute(async (trx) => {
    if (await selectNetwork(trx, input.id))
      throw new ApiError(409, 'NETWORK_EXISTS', `A network with the id ${input.id} exists: choose another id`)
    const network: StoredNetwork = {
      ...fields,
      genesisHash,
      apiKeyHeader: input.apiKey?.header ?? null,
      hasIndexer: input.indexerUrl !== null,
      sealedSecrets,
      position: await nextNetworkPosition(trx),
      createdAt: now,
      updatedAt: now,
    }
    await trx.insertInto('networks').values(networkRow(network)).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'network.add',
      target: network.id,
      at: new Date(now),
      details: {
        ...audited(network, secrets),
        reported: { id: identity.id, height: String(identity.height) },
      },
    })
    saved = network
  })
  return adminView(deps, saved!)
}

/** Whether an update changes what the endpoint must be checked for, or turns the network on. */
function needsCheck(update: AdminNetworkUpdateRequest, before: StoredNetwork): boolean {
  return (
    update.endpoint !== undefined ||
    update.apiKey !== undefined ||
    update.chainId !== undefined ||
    update.bitcoinNetwork !== undefined ||
    update.tonNetwork !== undefined ||
    update.genesisHash !== undefined ||
    (update.enabled === true && !before.enabled)
  )
}

/**
 * PATCH /api/admin/networks/:id: applies the fields given. A new endpoint, key or identity, and
 * turning the network on, are checked against the endpoint first (422 when it serves another
 * chain); disabling, renaming and the rest are saved as they are. Audited with what changed.
 */
export async function updateNetwork(
  deps: Deps,
  actor: Actor,
  id: string,
  update: AdminNetworkUpdateRequest,
): Promise<AdminNetwork> {
  const before = await selectNetwork(deps.db, id)
  if (!before) throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${id}`)
  const problem = checkNetworkUpdate(update, before.family)
  if (problem) throw new ApiError(400, 'INVALID_BODY', `${problem.path}: ${problem.message}`)
  const previous = await openNetworkSecrets(deps.config.instanceKey, id, before.sealedSecrets)
  const secrets: NetworkSecrets = {
    endpoint: update.endpoint ?? previous.endpoint,
    apiKey: update.apiKey === undefined ? previous.apiKey : update.apiKey,
    indexerUrl: update.indexerUrl === undefined ? previous.indexerUrl : update.indexerUrl,
  }
  const { endpoint: _, apiKey: __, indexerUrl: ___, ...fields } = update
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined))
  const next: StoredNetwork = {
    ...before,
    ...defined,
    apiKeyHeader: secrets.apiKey?.header ?? null,
    hasIndexer: secrets.indexerUrl !== null,
  }
  if (needsCheck(update, before)) {
    const identity = await checkNetwork(deps, next, secrets)
    if ((next.family === 'solana' || next.family === 'tron') && next.genesisHash === null)
      next.genesisHash = identity.id
  }
  const secretsChanged =
    secrets.endpoint !== previous.endpoint ||
    JSON.stringify(secrets.apiKey) !== JSON.stringify(previous.apiKey) ||
    secrets.indexerUrl !== previous.indexerUrl
  const now = deps.clock()
  next.updatedAt = now.toISOString()
  if (secretsChanged) next.sealedSecrets = await sealNetworkSecrets(deps.config.instanceKey, id, secrets)
  const changed = Object.keys(update).filter(
    (key) => key !== 'apiKey' && key !== 'endpoint' && key !== 'indexerUrl',
  )
  await deps.db.transaction().execute(async (trx) => {
    if (!(await selectNetwork(trx, id)))
      throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${id}`)
    const { id: ____, created_at: _____, position: ______, ...row } = networkRow(next)
    await trx.updateTable('networks').set(row).where('id', '=', id).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'network.update',
      target: id,
      at: now,
      details: {
        ...audited(next, secrets),
        changed,
        endpointChanged: secrets.endpoint !== previous.endpoint,
        // Whether the key was set, replaced or removed; never its value.
        apiKeyChanged: JSON.stringify(secrets.apiKey) !== JSON.stringify(previous.apiKey),
        indexerChanged: secrets.indexerUrl !== previous.indexerUrl,
      },
    })
  })
  return adminView(deps, next)
}

/** DELETE /api/admin/networks/:id: the network and its tokens go, audited. */
export async function removeNetwork(deps: Deps, actor: Actor, id: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    const network = await selectNetwork(trx, id)
    if (!network) throw new ApiError(404, 'NETWORK_NOT_FOUND', `No network has the id ${id}`)
    const tokens = await selectTokens(trx, id)
    await trx.deleteFrom('tokens').where('network_id', '=', id).execute()
    await trx.deleteFrom('networks').where('id', '=', id).execute()
    await writeAuditEntry(trx, {
      actor,
      action: 'network.remove',
      target: id,
      at: deps.clock(),
      details: { family: network.family, name: network.name, tokens: tokens.map((token) => token.symbol) },
    })
  })
}

/** PUT /api/admin/networks/order: every network id once, in the new order (409 when the list is stale). */
export async function reorderNetworks(
  deps: Deps,
  actor: Actor,
  { ids }: AdminNetworkOrderRequest,
): Promise<AdminNetworksResponse> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    const networks = await selectNetworks(trx)
    const known = new Set(networks.map((network) => network.id))
    if (ids.length !== known.size || ids.some((id) => !known.has(id)))
      throw new ApiError(
        409,
        'NETWORKS_CHANGED',
        'ids: give every network id once, as GET /api/admin/networks lists them now (the networks changed)',
      )
    for (const [position, id] of ids.entries())
      await trx
        .updateTable('networks')
        .set({ position, updated_at: now.toISOString() })
        .where('id', '=', id)
        .execute()
    await writeAuditEntry(trx, { actor, action: 'network.reorder', target: null, at: now, details: { ids } })
  })
  return listAdminNetworks(deps)
}
