import { verifyTopologyMultiHash } from '@stratos/canton'
import type { DerivedAddresses, Vault } from '@stratos/keys'
import { api } from '../../lib/api'
import { bytesToBase64 } from './encoding'

export type OnboardingStep = 'topology' | 'verifying' | 'signing' | 'allocating'

/**
 * Creates the user's Canton external party: the server asks the participant for the topology of
 * the user's derived key; the browser recomputes its multiHash and checks that it onboards only
 * this key (verifyTopologyMultiHash), signs the multiHash it computed itself, and the server
 * allocates the party with that signature. Returns the party id.
 */
export async function onboardCanton(
  vault: Vault,
  derived: DerivedAddresses,
  onStep: (step: OnboardingStep) => void = () => {},
): Promise<string> {
  onStep('topology')
  const topology = await api.canton.topology(derived.cantonPublicKey)
  onStep('verifying')
  const verified = await verifyTopologyMultiHash({
    topologyTransactions: topology.topologyTransactions,
    multiHash: topology.multiHash,
    publicKeyHex: derived.cantonPublicKey,
    partyId: topology.partyId,
  })
  onStep('signing')
  const signature = vault.signCantonHash(verified.multiHash)
  onStep('allocating')
  const { partyId } = await api.canton.allocate({
    topologyTransactions: topology.topologyTransactions,
    multiHash: verified.multiHashBase64,
    signature: bytesToBase64(signature),
  })
  return partyId
}
