import {
  CryptoKeyFormat,
  Enums_ParticipantPermission,
  Enums_TopologyChangeOp,
  type PartyToParticipant,
  SigningKeySpec,
  SigningPublicKey,
  TopologyTransaction,
} from '@canton-network/core-ledger-proto'
import { computeMultiHashForTopology, computeSha256CantonHash } from '@canton-network/core-tx-visualizer'
import { BinaryReader, UnknownFieldHandler, WireType } from '@protobuf-ts/runtime'
import { cantonFingerprint } from '@stratos/keys'
import { CantonError } from './CantonError.js'
import { astring, base64ToBytes, bytesToBase64, equalBytes, requireWebCrypto } from './encoding.js'
import { ed25519KeyFromHex } from './publicKeyForTopology.js'

export interface VerifyTopologyMultiHashParameters {
  /** `topologyTransactions` of the generate-topology response (base64 each). */
  topologyTransactions: string[]
  /** `multiHash` of the generate-topology response (base64). Only compared, never signed. */
  multiHash: string
  /** Our raw Ed25519 public key, 64 hex (`DerivedAddresses.cantonPublicKey`). */
  publicKeyHex: string
  /** The party id we expect (`hint::fingerprint`); without it any hint in our namespace is accepted. */
  partyId?: string
  /** When given, every hosting participant must be one of these (participant uids). */
  participantUids?: string[]
}

export interface VerifiedTopology {
  /** The 34-byte multiHash WE computed: the bytes to sign. */
  multiHash: Uint8Array
  /** `multiHash` in base64. */
  multiHashBase64: string
  /** The party the transactions onboard. */
  partyId: string
  /** Fingerprint of our key: the party's namespace and the `signedBy` of the signature. */
  fingerprint: string
  /** Participants that will host the party, with their permission. */
  hostingParticipants: { participantUid: string; permission: 'CONFIRMATION' | 'OBSERVATION' }[]
}

/** Canton hash purposes (com.digitalasset.canton.crypto.HashPurpose). */
const TOPOLOGY_TRANSACTION_SIGNATURE = 11
const MULTI_TOPOLOGY_TRANSACTION = 55
/** `PartyToParticipant.party_signing_keys` (Canton 3.4+), missing from core-ledger-proto's types. */
const PARTY_SIGNING_KEYS_FIELD = 6
/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410). */
const ED25519_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
])

const mismatch = (details: string): never => {
  throw new CantonError(
    'TOPOLOGY_MISMATCH',
    'The party setup the server prepared does not match your key; nothing was signed',
    { details },
  )
}

/**
 * Checks the onboarding topology of an external party before the browser signs its multiHash,
 * so it never signs a topology that hands its party to another key or to a participant:
 * 1. recomputes the multiHash from the transactions (Canton's
 *    MultiTransactionSignature.computeCombinedHash: `computeSha256CantonHash(11, tx)` each,
 *    `computeMultiHashForTopology`, then `computeSha256CantonHash(55, …)`) and compares;
 * 2. decodes each transaction (an `UntypedVersionedMessage` around a `TopologyTransaction`, as the
 *    spec says generate-topology serializes them) and requires op ADD_REPLACE and only these
 *    mappings: one PartyToParticipant for the party, hosting it with confirmation or observation
 *    rights only (a submission right would let the participant act without our signature), whose
 *    `party_signing_keys` hold only our key; PartyToKeyMapping for the party with only our key;
 *    NamespaceDelegation of our namespace to our key (older layouts);
 * 3. requires the party's namespace to be our key's fingerprint, and our key to be registered as
 *    its signing key by one of those mappings.
 * Any deviation throws TOPOLOGY_MISMATCH. Returns the recomputed multiHash: sign that.
 */
export async function verifyTopologyMultiHash({
  topologyTransactions,
  multiHash,
  publicKeyHex,
  partyId: expectedPartyId,
  participantUids,
}: VerifyTopologyMultiHashParameters): Promise<VerifiedTopology> {
  requireWebCrypto()
  const key = ed25519KeyFromHex(publicKeyHex)
  const fingerprint = cantonFingerprint(key)
  if (!Array.isArray(topologyTransactions) || topologyTransactions.length === 0)
    throw new CantonError(
      'INVALID_ARGUMENT',
      'topologyTransactions: expected a non-empty array of base64 strings',
    )
  const serialized = topologyTransactions.map((tx, i) => base64ToBytes(tx, `topologyTransactions[${i}]`))
  const serverHash = base64ToBytes(multiHash, 'multiHash')
  if (expectedPartyId !== undefined) astring(expectedPartyId, 'partyId')

  const hashes = await Promise.all(
    serialized.map((tx) => computeSha256CantonHash(TOPOLOGY_TRANSACTION_SIGNATURE, tx)),
  )
  const combined = await computeSha256CantonHash(
    MULTI_TOPOLOGY_TRANSACTION,
    await computeMultiHashForTopology(hashes),
  )
  if (!equalBytes(combined, serverHash))
    throw new CantonError(
      'TOPOLOGY_MISMATCH',
      'The party setup the server prepared does not match its hash; nothing was signed',
      { details: `server multiHash ${multiHash}, recomputed ${bytesToBase64(combined)}` },
    )

  const isOurKey = (k: SigningPublicKey) =>
    k.keySpec === SigningKeySpec.EC_CURVE25519 && equalBytes(rawKey(k), key)
  let partyId: string | undefined
  let keyRegistered = false
  const keyMappingParties: string[] = []
  const hostingParticipants: VerifiedTopology['hostingParticipants'] = []
  for (const [i, bytes] of serialized.entries()) {
    const tx = decodeTopologyTransaction(bytes, i)
    if (tx.operation !== Enums_TopologyChangeOp.ADD_REPLACE)
      mismatch(`topologyTransactions[${i}] is not an ADD_REPLACE (operation ${tx.operation})`)
    const mapping = tx.mapping?.mapping
    switch (mapping?.oneofKind) {
      case 'partyToParticipant': {
        const p2p = mapping.partyToParticipant
        if (partyId !== undefined) mismatch('more than one PartyToParticipant mapping')
        partyId = p2p.party
        if (p2p.participants.length === 0) mismatch('the PartyToParticipant mapping names no participant')
        for (const p of p2p.participants) {
          if (
            p.permission !== Enums_ParticipantPermission.CONFIRMATION &&
            p.permission !== Enums_ParticipantPermission.OBSERVATION
          )
            mismatch(
              `participant ${p.participantUid} would get permission ${p.permission}, not confirmation/observation`,
            )
          if (participantUids && !participantUids.includes(p.participantUid))
            mismatch(`participant ${p.participantUid} is not one of the expected hosting participants`)
          hostingParticipants.push({
            participantUid: p.participantUid,
            permission:
              p.permission === Enums_ParticipantPermission.CONFIRMATION ? 'CONFIRMATION' : 'OBSERVATION',
          })
        }
        const signingKeys = partySigningKeys(p2p, i)
        if (signingKeys) {
          if (signingKeys.length === 0 || !signingKeys.every(isOurKey))
            mismatch('the PartyToParticipant mapping registers a signing key that is not yours')
          keyRegistered = true
        }
        break
      }
      case 'partyToKeyMapping': {
        const { party, signingKeys } = mapping.partyToKeyMapping
        if (signingKeys.length === 0 || !signingKeys.every(isOurKey))
          mismatch(`the PartyToKeyMapping of ${party} registers a signing key that is not yours`)
        keyMappingParties.push(party)
        keyRegistered = true
        break
      }
      case 'namespaceDelegation': {
        const { namespace, targetKey } = mapping.namespaceDelegation
        if (namespace !== fingerprint) mismatch(`a NamespaceDelegation for another namespace, ${namespace}`)
        if (!targetKey || !isOurKey(targetKey))
          mismatch('a NamespaceDelegation of your namespace to a key that is not yours')
        break
      }
      default:
        mismatch(`topologyTransactions[${i}] has an unexpected mapping ${mapping?.oneofKind ?? '(none)'}`)
    }
  }
  if (partyId === undefined) return mismatch('no PartyToParticipant mapping for the party')
  const [hint, namespace, ...rest] = partyId.split('::')
  if (!hint || namespace !== fingerprint || rest.length > 0)
    mismatch(`the party ${partyId} is not in your namespace ${fingerprint}`)
  if (expectedPartyId !== undefined && partyId !== expectedPartyId)
    mismatch(`the topology onboards ${partyId}, not ${expectedPartyId}`)
  for (const party of keyMappingParties)
    if (party !== partyId) mismatch(`the PartyToKeyMapping is for another party, ${party}`)
  if (!keyRegistered) mismatch('the topology does not register your key as the party signing key')

  return {
    multiHash: combined,
    multiHashBase64: bytesToBase64(combined),
    partyId,
    fingerprint,
    hostingParticipants,
  }
}

/**
 * A `TopologyTransaction` from generate-topology bytes: an `UntypedVersionedMessage`
 * (`bytes data = 1; int32 version = 2`) wrapping it, or (tolerated) the bare message. The two are
 * told apart by the first tag: the wrapper starts with field 1 length-delimited, a bare
 * TopologyTransaction with field 1 (operation) as a varint.
 */
function decodeTopologyTransaction(bytes: Uint8Array, i: number): TopologyTransaction {
  try {
    const reader = new BinaryReader(bytes)
    let data = bytes
    if (reader.len > 0) {
      const [fieldNo, wireType] = reader.tag()
      if (fieldNo === 1 && wireType === WireType.LengthDelimited) {
        data = reader.bytes()
        while (reader.pos < reader.len) reader.skip(reader.tag()[1])
      }
    }
    return TopologyTransaction.fromBinary(data)
  } catch (cause) {
    throw new CantonError(
      'TOPOLOGY_MISMATCH',
      'The party setup the server prepared could not be read; nothing was signed',
      { cause, details: `topologyTransactions[${i}] is not a topology transaction` },
    )
  }
}

/**
 * `party_signing_keys` (field 6, `SigningKeysWithThreshold { repeated SigningPublicKey keys = 1;
 * uint32 threshold = 2; }`) of a PartyToParticipant, read from the unknown fields protobuf-ts keeps;
 * undefined when absent.
 */
function partySigningKeys(p2p: PartyToParticipant, i: number): SigningPublicKey[] | undefined {
  const fields = UnknownFieldHandler.list(p2p, PARTY_SIGNING_KEYS_FIELD)
  if (fields.length === 0) return undefined
  const keys: SigningPublicKey[] = []
  try {
    for (const f of fields) {
      if (f.wireType !== WireType.LengthDelimited) throw new Error('party_signing_keys is not a message')
      // protobuf-ts keeps a length-delimited unknown field with its length prefix.
      const reader = new BinaryReader(new BinaryReader(f.data).bytes())
      while (reader.pos < reader.len) {
        const [no, wireType] = reader.tag()
        if (no === 1 && wireType === WireType.LengthDelimited)
          keys.push(SigningPublicKey.fromBinary(reader.bytes()))
        else reader.skip(wireType)
      }
    }
  } catch (cause) {
    throw new CantonError(
      'TOPOLOGY_MISMATCH',
      'The party setup the server prepared could not be read; nothing was signed',
      {
        cause,
        details: `topologyTransactions[${i}]: malformed party_signing_keys`,
      },
    )
  }
  return keys
}

/**
 * The 32 raw bytes of an Ed25519 key as DER SubjectPublicKeyInfo (how a participant stores it:
 * Canton migrates RAW keys to it) or RAW (which Canton still reads); empty otherwise.
 */
function rawKey(k: SigningPublicKey): Uint8Array {
  if (k.format === CryptoKeyFormat.RAW) return k.publicKey
  if (
    k.format === CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO &&
    k.publicKey.length === 44 &&
    ED25519_SPKI_PREFIX.every((b, j) => k.publicKey[j] === b)
  )
    return k.publicKey.subarray(12)
  return new Uint8Array(0)
}
