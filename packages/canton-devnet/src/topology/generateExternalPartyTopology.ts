import {
  Enums_ParticipantPermission,
  Enums_TopologyChangeOp,
  type PartyToParticipant,
  TopologyTransaction,
} from '@canton-network/core-ledger-proto'
import { CantonError } from '../CantonError.js'
import { topologyMultiHash } from './cantonHash.js'
import { fingerprintOf } from './fingerprintOf.js'
import { parseSigningPublicKey } from './parseSigningPublicKey.js'
import { setPartySigningKeys } from './partySigningKeys.js'
import { wrapVersioned } from './versionedMessage.js'

export interface GenerateExternalPartyTopologyParameters {
  participantUid: string
  synchronizerId: string
  /** The request body (spec: GenerateExternalPartyTopologyRequest). */
  request: Record<string, unknown>
}

export interface GenerateExternalPartyTopologyReturnType {
  partyId: string
  publicKeyFingerprint: string
  topologyTransactions: string[]
  multiHash: string
}

/**
 * Builds the onboarding topology of an external party the way Canton 3.5's
 * ApiPartyManagementService.generateExternalPartyTopology does: one `TopologyTransaction`
 * (op ADD_REPLACE, serial 1) with a `PartyToParticipant` mapping for `hint::fingerprint`,
 * hosted on this participant with confirmation (or observation) rights and carrying the party's
 * signing key (threshold 1) as Canton stores it (DER SubjectPublicKeyInfo even when given RAW,
 * see `topologySigningKey`), wrapped as an `UntypedVersionedMessage` (version 30). The
 * fingerprint, and so the party's namespace, is over the raw key. The multiHash is
 * MultiTransactionSignature.computeCombinedHash over the transaction hashes.
 */
export function generateExternalPartyTopology({
  participantUid,
  synchronizerId,
  request,
}: GenerateExternalPartyTopologyParameters): GenerateExternalPartyTopologyReturnType {
  const { synchronizer, partyHint } = request
  if (typeof synchronizer !== 'string' || synchronizer !== synchronizerId) {
    throw new CantonError('INVALID_ARGUMENT', `Unknown or not connected synchronizer ${String(synchronizer)}`)
  }
  if (typeof partyHint !== 'string' || partyHint.length === 0) {
    throw new CantonError('INVALID_ARGUMENT', 'Party hint is empty')
  }
  // UniqueIdentifier.verifyValidString: no '::' and a limited alphabet.
  if (!/^[a-zA-Z0-9_-]{1,185}$/.test(partyHint)) {
    throw new CantonError(
      'INVALID_ARGUMENT',
      `party_hint: ${partyHint} contains characters other than [a-zA-Z0-9_-] or is too long`,
    )
  }
  const key = parseSigningPublicKey(request.publicKey)
  const fingerprint = fingerprintOf(key.raw)
  const partyId = `${partyHint}::${fingerprint}`
  const observationOnly = request.localParticipantObservationOnly === true
  const others = Array.isArray(request.otherConfirmingParticipantUids)
    ? (request.otherConfirmingParticipantUids as string[])
    : []
  const observers = Array.isArray(request.observingParticipantUids)
    ? (request.observingParticipantUids as string[])
    : []
  const available = (observationOnly ? 0 : 1) + others.length
  const requested = typeof request.confirmationThreshold === 'number' ? request.confirmationThreshold : 0
  if (requested < 0) throw new CantonError('INVALID_ARGUMENT', 'Negative confirmation threshold observed')
  if (requested > available)
    throw new CantonError(
      'INVALID_ARGUMENT',
      'Confirmation threshold exceeds number of confirming participants',
    )

  const p2p: PartyToParticipant = {
    party: partyId,
    threshold: requested === 0 ? Math.max(available, 1) : requested,
    participants: [
      {
        participantUid,
        permission: observationOnly
          ? Enums_ParticipantPermission.OBSERVATION
          : Enums_ParticipantPermission.CONFIRMATION,
      },
      ...others.map((participantUid) => ({
        participantUid,
        permission: Enums_ParticipantPermission.CONFIRMATION,
      })),
      ...observers.map((participantUid) => ({
        participantUid,
        permission: Enums_ParticipantPermission.OBSERVATION,
      })),
    ],
  }
  setPartySigningKeys(p2p, [key.topologyKey], 1)
  const transaction = TopologyTransaction.toBinary({
    operation: Enums_TopologyChangeOp.ADD_REPLACE,
    serial: 1,
    mapping: { mapping: { oneofKind: 'partyToParticipant', partyToParticipant: p2p } },
  })
  const versioned = wrapVersioned(transaction)
  return {
    partyId,
    publicKeyFingerprint: fingerprint,
    topologyTransactions: [Buffer.from(versioned).toString('base64')],
    multiHash: Buffer.from(topologyMultiHash([versioned])).toString('base64'),
  }
}
