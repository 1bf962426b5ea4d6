import { type SigningPublicKey, TopologyTransaction } from '@canton-network/core-ledger-proto'
import { CantonError } from '../CantonError.js'
import {
  isJsonSignature,
  type JsonSignature,
  verifyCantonSignature,
} from '../crypto/verifyCantonSignature.js'
import { cantonHash, HashPurpose, topologyMultiHash } from './cantonHash.js'
import { fingerprintOf } from './fingerprintOf.js'
import { rawEd25519Key } from './parseSigningPublicKey.js'
import { getPartySigningKeys } from './partySigningKeys.js'
import { unwrapVersioned } from './versionedMessage.js'

export interface VerifyExternalPartyOnboardingParameters {
  participantUid: string
  synchronizerId: string
  /** The request body (spec: AllocateExternalPartyRequest). */
  request: Record<string, unknown>
}

export interface VerifiedExternalParty {
  partyId: string
  /** Raw Ed25519 key the party signs transactions with. */
  publicKey: Uint8Array
  fingerprint: string
}

const invalid = (message: string): never => {
  throw new CantonError('INVALID_ARGUMENT', message)
}

/**
 * Checks an external party's onboarding transactions as the allocate endpoint must: they decode
 * as topology transactions; one is the party's PartyToParticipant hosting it on this participant;
 * the party's namespace is the fingerprint of a key given in them (Canton 3.5 layout: the key in
 * `party_signing_keys`; the older layout with NamespaceDelegation and PartyToKeyMapping also
 * works); and the namespace key authorized all of them, either by one signature over the
 * multiHash or one per transaction. Any signature that does not verify refuses the request.
 */
export function verifyExternalPartyOnboarding({
  participantUid,
  synchronizerId,
  request,
}: VerifyExternalPartyOnboardingParameters): VerifiedExternalParty {
  if (request.synchronizer !== synchronizerId)
    invalid(`Unknown or not connected synchronizer ${String(request.synchronizer)}`)
  const onboarding = request.onboardingTransactions
  if (!Array.isArray(onboarding) || onboarding.length === 0)
    invalid('onboardingTransactions must not be empty')
  const txs = (onboarding as unknown[]).map((entry, i) => {
    const e = entry as { transaction?: unknown; signatures?: unknown }
    if (typeof e?.transaction !== 'string') invalid(`onboardingTransactions[${i}].transaction must be base64`)
    const bytes = new Uint8Array(Buffer.from(e.transaction as string, 'base64'))
    const { data } = unwrapVersioned(bytes)
    let tx: TopologyTransaction
    try {
      tx = TopologyTransaction.fromBinary(data)
    } catch (cause) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `onboardingTransactions[${i}] is not a topology transaction`,
        { cause },
      )
    }
    const signatures = e.signatures === undefined ? [] : e.signatures
    if (!Array.isArray(signatures) || !signatures.every(isJsonSignature))
      invalid(`onboardingTransactions[${i}].signatures are malformed`)
    return { bytes, tx, signatures: signatures as JsonSignature[] }
  })

  const candidateKeys: SigningPublicKey[] = []
  let p2pParty: string | undefined
  let protocolKey: SigningPublicKey | undefined
  for (const { tx } of txs) {
    const m = tx.mapping?.mapping
    if (m?.oneofKind === 'partyToParticipant') {
      if (p2pParty) invalid('More than one PartyToParticipant transaction')
      p2pParty = m.partyToParticipant.party
      if (!m.partyToParticipant.participants.some((p) => p.participantUid === participantUid)) {
        invalid(`The party must be hosted on this participant (${participantUid})`)
      }
      const keys = getPartySigningKeys(m.partyToParticipant)?.keys ?? []
      candidateKeys.push(...keys)
      protocolKey ??= keys[0]
    } else if (m?.oneofKind === 'partyToKeyMapping') {
      candidateKeys.push(...m.partyToKeyMapping.signingKeys)
      protocolKey ??= m.partyToKeyMapping.signingKeys[0]
    } else if (m?.oneofKind === 'namespaceDelegation') {
      if (m.namespaceDelegation.targetKey) candidateKeys.push(m.namespaceDelegation.targetKey)
    } else {
      invalid(`Unsupported topology mapping in onboarding transactions: ${m?.oneofKind ?? 'none'}`)
    }
  }
  if (!p2pParty) invalid('The onboarding transactions contain no PartyToParticipant mapping')
  const partyId = p2pParty as string
  const [, namespace] = partyId.split('::')
  if (!namespace) invalid(`Invalid party id ${partyId}`)

  const keyOf = (k: SigningPublicKey) => rawEd25519Key(k.format, k.publicKey)
  const namespaceKey = candidateKeys.map(keyOf).find((raw) => fingerprintOf(raw) === namespace)
  if (!namespaceKey)
    invalid(`No key in the onboarding transactions has the party's namespace fingerprint ${namespace}`)
  const nsKey = namespaceKey as Uint8Array
  const signingKey = protocolKey ? keyOf(protocolKey) : nsKey

  const check = (signature: JsonSignature, message: Uint8Array, what: string) => {
    const result = verifyCantonSignature(signature, message, namespace as string, nsKey)
    if (result === 'valid') return true
    if (result === 'other-signer')
      invalid(`${what} is signed by ${signature.signedBy}, not by the namespace key ${namespace}`)
    if (result === 'unsupported')
      invalid(`${what}: unsupported signature ${signature.format}/${signature.signingAlgorithmSpec}`)
    invalid(`${what}: the signature does not verify with the key ${namespace}`)
  }

  const multiSignatures = request.multiHashSignatures === undefined ? [] : request.multiHashSignatures
  if (!Array.isArray(multiSignatures) || !multiSignatures.every(isJsonSignature))
    invalid('multiHashSignatures are malformed')
  const multiHash = topologyMultiHash(txs.map((t) => t.bytes))
  let allAuthorized = false
  for (const s of multiSignatures as JsonSignature[])
    allAuthorized = check(s, multiHash, 'multiHashSignatures') || allAuthorized
  for (const [i, t] of txs.entries()) {
    let authorized = allAuthorized
    const hash = cantonHash(HashPurpose.TopologyTransactionSignature, t.bytes)
    for (const s of t.signatures) authorized = check(s, hash, `onboardingTransactions[${i}]`) || authorized
    if (!authorized)
      invalid(`onboardingTransactions[${i}] is not authorized by the party's namespace key ${namespace}`)
  }
  return { partyId, publicKey: signingKey, fingerprint: fingerprintOf(signingKey) }
}
