import { cantonDeFiVaultAbi } from '@stratos/contracts'
import type { Hex, PublicClient } from 'viem'
import type { VaultConfig } from '../config.js'
import type { CantonIntent, RelayerChain } from '../types.js'

export interface CreateIntentValidatorParameters {
  chains: Map<number, RelayerChain>
  /** vault id (lower-case) -> vault; read on every call, so vaults added later are served. */
  vaults: Map<Hex, VaultConfig>
}

/**
 * Checks an intent against the relayer's configuration before it is signed: a served chain and
 * vault, the vault's address and chain as configured, a deadline still ahead, and the vault's
 * on-chain `vaultId()` (read once per vault) equal to the intent's. Returns why not, named as the
 * vault's errors are (`UnknownVault(…)`, `IntentExpired(…)`, …), or undefined.
 */
export function createIntentValidator(
  parameters: CreateIntentValidatorParameters,
): (intent: CantonIntent) => Promise<string | undefined> {
  const { chains, vaults } = parameters
  const onChainVaultIds = new Map<string, Promise<Hex>>()

  function onChainVaultId(vault: VaultConfig, client: PublicClient): Promise<Hex> {
    const key = `${vault.chainId}:${vault.address}`
    let id = onChainVaultIds.get(key)
    if (!id) {
      id = client.readContract({ address: vault.address, abi: cantonDeFiVaultAbi, functionName: 'vaultId' })
      id.catch(() => onChainVaultIds.delete(key))
      onChainVaultIds.set(key, id)
    }
    return id
  }

  return async (intent) => {
    const chain = chains.get(intent.chainId)
    if (!chain) return `UnknownChain(${intent.chainId})`
    const vault = vaults.get(intent.vaultId)
    if (!vault) return `UnknownVault(${intent.vaultId})`
    if (vault.chainId !== intent.chainId) return `VaultChainMismatch(${vault.chainId}, ${intent.chainId})`
    if (vault.address.toLowerCase() !== intent.vault.toLowerCase())
      return `VaultAddressMismatch(${vault.address}, ${intent.vault})`
    if (intent.deadline <= BigInt(Math.floor(Date.now() / 1000))) return `IntentExpired(${intent.deadline})`
    const onChain = await onChainVaultId(vault, chain.client)
    if (onChain.toLowerCase() !== intent.vaultId) return `VaultIdMismatch(${onChain}, ${intent.vaultId})`
    return undefined
  }
}
