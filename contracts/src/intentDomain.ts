import { type Address, isAddress } from 'viem'
import { ContractsError } from './ContractsError.js'

export interface IntentDomain {
  name: 'CantonDeFiVault'
  version: '1'
  chainId: number
  verifyingContract: Address
}

/**
 * The EIP-712 domain of a vault's intents: name "CantonDeFiVault", version "1", the chain id and the
 * vault address, so a signature is valid for one vault on one chain only.
 */
export function intentDomain(chainId: number | bigint, vault: Address): IntentDomain {
  const id = Number(chainId)
  if (!Number.isSafeInteger(id) || id <= 0) {
    throw new ContractsError('INVALID_AMOUNT', `chain id must be a positive integer, got ${String(chainId)}`)
  }
  if (!isAddress(vault, { strict: false })) {
    throw new ContractsError('INVALID_ADDRESS', `vault must be a 0x-prefixed 20-byte address, got ${vault}`)
  }
  return { name: 'CantonDeFiVault', version: '1', chainId: id, verifyingContract: vault }
}
