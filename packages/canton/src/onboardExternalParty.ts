import { cantonFingerprint, cantonPartyId } from '@stratos/keys'
import { CantonError } from './CantonError.js'
import type { LedgerClient } from './createLedgerClient.js'
import { cantonSignature } from './partySignature.js'
import { ed25519KeyFromHex, publicKeyForTopology } from './publicKeyForTopology.js'
import { type VerifiedTopology, verifyTopologyMultiHash } from './verifyTopologyMultiHash.js'

export interface OnboardExternalPartyParameters {
  client: LedgerClient
  synchronizerId: string
  /** A valid party hint (see `sanitizePartyHint`). */
  partyHint: string
  /** Raw Ed25519 public key, 64 hex (`DerivedAddresses.cantonPublicKey`). */
  publicKeyHex: string
  /** Signs the 34-byte multiHash with the party key (`Vault#signCantonHash`), 64-byte Ed25519. */
  sign: (multiHash: Uint8Array) => Promise<Uint8Array> | Uint8Array
  /** Hosting participants to accept; default: exactly the participant `client` talks to. */
  participantUids?: string[]
}

export interface OnboardExternalPartyReturnType {
  partyId: string
  fingerprint: string
  hostingParticipants: VerifiedTopology['hostingParticipants']
}

/**
 * Onboards an external party in one go, for tests and the CLI (the product splits these steps
 * between API and browser): `generate-topology` -> `verifyTopologyMultiHash` (our multiHash, our
 * key only, hosted only by the expected participants) -> `sign` -> `allocate` with the signature
 * in `multiHashSignatures`. The signature is over the multiHash we recomputed, never the server's.
 */
export async function onboardExternalParty({
  client,
  synchronizerId,
  partyHint,
  publicKeyHex,
  sign,
  participantUids,
}: OnboardExternalPartyParameters): Promise<OnboardExternalPartyReturnType> {
  const fingerprint = cantonFingerprint(ed25519KeyFromHex(publicKeyHex))
  const partyId = cantonPartyId(partyHint, fingerprint)
  const topology = await client.generateExternalPartyTopology({
    synchronizer: synchronizerId,
    partyHint,
    publicKey: publicKeyForTopology(publicKeyHex),
  })
  if (topology.publicKeyFingerprint !== fingerprint || topology.partyId !== partyId)
    throw new CantonError(
      'TOPOLOGY_MISMATCH',
      'The participant computed another party for your key; nothing was signed',
      {
        details: `expected ${partyId}, got ${topology.partyId} (fingerprint ${topology.publicKeyFingerprint})`,
      },
    )
  const verified = await verifyTopologyMultiHash({
    topologyTransactions: topology.topologyTransactions,
    multiHash: topology.multiHash,
    publicKeyHex,
    partyId,
    participantUids: participantUids ?? [await client.participantId()],
  })
  const signature = await sign(verified.multiHash)
  const allocated = await client.allocateExternalParty({
    synchronizer: synchronizerId,
    onboardingTransactions: topology.topologyTransactions.map((transaction) => ({ transaction })),
    multiHashSignatures: [cantonSignature({ fingerprint, signature })],
  })
  if (allocated.partyId !== partyId)
    throw new CantonError(
      'TOPOLOGY_MISMATCH',
      'The participant allocated another party than the one signed for',
      {
        details: `expected ${partyId}, got ${allocated.partyId}`,
      },
    )
  return { partyId, fingerprint, hostingParticipants: verified.hostingParticipants }
}
