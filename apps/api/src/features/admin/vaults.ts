import type { AdminDefiVault, AdminDefiVaultRequest, AdminDefiVaultsResponse } from '@stratos/schemas'
import { getAddress, type Hex } from 'viem'
import { type Actor, writeAuditEntry } from '../../audit/auditLog.js'
import type { AppDeps } from '../../context.js'
import { checkVaultOnChain, publicClientFor } from '../../defi/vaultChain.js'
import {
  deleteDefiVault,
  type StoredVault,
  selectDefiVault,
  selectDefiVaults,
  upsertDefiVault,
} from '../../defi/vaults.js'
import { ApiError } from '../../errors.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/** Uniswap v3 fee tier of a registered vault when the admin gives none (0.3%). */
export const DEFAULT_SWAP_FEE = 3000

function adminView(vault: StoredVault): AdminDefiVault {
  return { ...vault }
}

/** GET /api/admin/defi/vaults: the vaults registered on the instance's chain. */
export async function listVaults(deps: Deps): Promise<AdminDefiVaultsResponse> {
  const vaults = await selectDefiVaults(deps.db, deps.config.evm.chainId)
  return { vaults: vaults.map(adminView) }
}

/**
 * PUT /api/admin/defi/vaults: checks the vault on chain (see checkVaultOnChain), then stores it
 * for the party (replacing the one it had) with its audit entry in one transaction.
 */
export async function registerVault(
  deps: Deps,
  actor: Actor,
  input: AdminDefiVaultRequest,
): Promise<AdminDefiVault> {
  const { config } = deps
  const address = getAddress(input.address.toLowerCase())
  const adapters = {
    aaveV3: getAddress(input.adapters.aaveV3.toLowerCase()),
    uniswapV3: getAddress(input.adapters.uniswapV3.toLowerCase()),
    compoundV2: getAddress(input.adapters.compoundV2.toLowerCase()),
  }
  const assets = input.assets.map((a) => ({
    symbol: a.symbol,
    address: getAddress(a.address.toLowerCase()),
    decimals: a.decimals,
  }))
  const cToken = input.cToken ? getAddress(input.cToken.toLowerCase()) : null
  const { vaultId } = await checkVaultOnChain(publicClientFor(config.evm), config.evm.chainId, {
    partyId: input.partyId,
    address,
    adapters,
    assets,
    cToken,
  })
  const now = deps.clock()
  const vault: StoredVault = {
    partyId: input.partyId,
    chainId: config.evm.chainId,
    address,
    vaultId: vaultId.toLowerCase() as Hex,
    adapters,
    cToken,
    swapFee: input.swapFee ?? DEFAULT_SWAP_FEE,
    assets,
    createdAt: now.toISOString(),
  }
  await deps.db.transaction().execute(async (trx) => {
    const previous = await selectDefiVault(trx, vault.partyId, vault.chainId)
    await upsertDefiVault(trx, vault)
    await writeAuditEntry(trx, {
      actor,
      action: 'defi.vault.register',
      target: vault.partyId,
      at: now,
      details: {
        chainId: vault.chainId,
        address: vault.address,
        vaultId: vault.vaultId,
        adapters: vault.adapters,
        cToken: vault.cToken,
        swapFee: vault.swapFee,
        assets: vault.assets.map((a) => a.symbol),
        replaced: previous ? previous.address : null,
      },
    })
  })
  return adminView(vault)
}

/** DELETE /api/admin/defi/vaults/:partyId: forgets the party's vault (404 when it has none), audited. */
export async function removeVault(deps: Deps, actor: Actor, partyId: string): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    const previous = await selectDefiVault(trx, partyId, deps.config.evm.chainId)
    if (!previous || !(await deleteDefiVault(trx, partyId)))
      throw new ApiError(
        404,
        'NOT_FOUND',
        `No DeFi vault is registered for the party ${partyId.slice(0, 300)}`,
      )
    await writeAuditEntry(trx, {
      actor,
      action: 'defi.vault.delete',
      target: partyId,
      at: now,
      details: { chainId: previous.chainId, address: previous.address, vaultId: previous.vaultId },
    })
  })
}
