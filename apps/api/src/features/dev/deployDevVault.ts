import { evmChain } from '@stratos/chains'
import { deployDeFiStack } from '@stratos/contracts'
import type { DefiStatusResponse } from '@stratos/schemas'
import { type Address, createWalletClient, type Hex, http } from 'viem'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { requireParty } from '../../canton/parties.js'
import type { AppDeps } from '../../context.js'
import { defiStatus, requireDefi } from '../../defi/defiStatus.js'
import { chainUnavailable, publicClientFor } from '../../defi/vaultChain.js'
import { insertDefiVault, type StoredVault, selectDefiVault } from '../../defi/vaults.js'
import { ApiError } from '../../errors.js'
import { serializePerAccount } from './serializePerAccount.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'onDevVaultDeployed'>

/**
 * Dev mode, POST /api/dev/defi-vault: deploys a test DeFi stack (vault, adapters, test protocols
 * and tokens; see @stratos/contracts deployDeFiStack) for the user's party from the EVM node's
 * first unlocked account (anvil's, as the ETH faucet: no key on our side), with the dev relayer
 * as the party's intent signer, and stores the vault. Its transactions and the faucet's are sent
 * one after another from that account (serializePerAccount).
 */
export async function deployDevVault(
  deps: Deps & Pick<AppDeps, 'onDevVaultDeployed'>,
  ledger: CantonLedger | null,
  userId: string,
): Promise<DefiStatusResponse> {
  const { config } = deps
  requireDefi(config, ledger)
  const signer = config.defi.devRelayerAddress
  if (!signer)
    throw new ApiError(
      503,
      'DEFI_NOT_ENABLED',
      'No dev relayer is running (DEFI_DEV_RELAYER_ADDRESS); `stratos dev` sets it when etcd is installed',
    )
  const party = await requireParty(deps.db, userId)
  if (await selectDefiVault(deps.db, party.party_id, config.evm.chainId)) throw vaultExists()

  const publicClient = publicClientFor(config.evm)
  const chain = evmChain({ id: config.evm.chainId, rpcUrl: config.evm.rpcUrl })
  const transport = http(config.evm.rpcUrl)
  let from: Address | undefined
  try {
    ;[from] = await createWalletClient({ chain, transport }).getAddresses()
  } catch (cause) {
    throw chainUnavailable(cause)
  }
  if (!from)
    throw new ApiError(
      503,
      'FAUCET_UNAVAILABLE',
      'The EVM node has no unlocked account to deploy a test vault from',
    )
  const walletClient = createWalletClient({ account: from, chain, transport })
  let stack: Awaited<ReturnType<typeof deployDeFiStack>>
  try {
    // Every deployment transaction, queued behind faucet sends from the same account (nonces).
    stack = await serializePerAccount(config.evm.rpcUrl, from, () =>
      deployDeFiStack(walletClient, publicClient, { partyId: party.party_id, signer }),
    )
  } catch (cause) {
    throw new ApiError(502, 'DEFI_DEPLOY_FAILED', 'Deploying the test vault failed on the EVM node', {
      cause,
    })
  }
  const vault: StoredVault = {
    partyId: party.party_id,
    chainId: stack.chainId,
    address: stack.vault,
    vaultId: stack.vaultId.toLowerCase() as Hex,
    adapters: stack.adapters,
    cToken: stack.protocols.cUsdc,
    swapFee: stack.swapFee,
    assets: [
      { symbol: 'tUSDC', address: stack.tokens.usdc, decimals: 6 },
      { symbol: 'tWETH', address: stack.tokens.weth, decimals: 18 },
    ],
    createdAt: deps.clock().toISOString(),
  }
  // Two deploys at once: the first stored wins; the other stack stays unused on the dev chain.
  if (!(await insertDefiVault(deps.db, vault))) throw vaultExists()
  await deps.onDevVaultDeployed?.({
    partyId: vault.partyId,
    chainId: vault.chainId,
    address: vault.address,
    vaultId: vault.vaultId,
  })
  return defiStatus(deps, ledger, userId)
}

function vaultExists() {
  return new ApiError(409, 'DEFI_VAULT_EXISTS', 'Your party already has a DeFi vault')
}
