import type { Address, Hex, LocalAccount } from 'viem'
import { intentDomain } from './intentDomain.js'
import { INTENT_TYPES, type Intent } from './intentTypes.js'

/** Where an intent runs: the chain and the vault (the EIP-712 domain binds both). */
export interface IntentTarget {
  chainId: number | bigint
  vault: Address
}

/**
 * Signs `intent` (EIP-712, domain of `target`) with `account`, the key the registry holds for the
 * vault's party: the signature `CantonDeFiVault.execute` checks.
 */
export function signIntent(
  account: Pick<LocalAccount, 'signTypedData'>,
  target: IntentTarget,
  intent: Intent,
): Promise<Hex> {
  return account.signTypedData({
    domain: intentDomain(target.chainId, target.vault),
    types: INTENT_TYPES,
    primaryType: 'Intent',
    message: intent,
  })
}
