import {
  CryptoKeyFormat,
  Enums_ParticipantPermission,
  Enums_TopologyChangeOp,
  type PartyToParticipant,
  SigningKeyScheme,
  SigningKeySpec,
  SigningKeyUsage,
  SigningPublicKey,
  type TopologyMapping,
  TopologyTransaction,
} from '@canton-network/core-ledger-proto'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { BinaryWriter, UnknownFieldHandler, WireType } from '@protobuf-ts/runtime'
import { toBase64 } from './buildPreparedTransfer.js'

/**
 * Builds external-party onboarding topology as Canton 3.5's generate-topology serializes it
 * (TopologyTransaction in an UntypedVersionedMessage, version 30), and its multiHash computed here
 * independently of core-tx-visualizer, from Canton's definition
 * (MultiTransactionSignature.computeCombinedHash). Test-only.
 */

export const PARTICIPANT = `devnet-participant::1220${'9a'.repeat(32)}`

/** Canton's `Hash.digest(purpose, bytes)`: 0x12 0x20 || sha256(u32be(purpose) || bytes). */
export function cantonHash(purpose: number, bytes: Uint8Array): Uint8Array {
  const input = new Uint8Array(4 + bytes.length)
  new DataView(input.buffer).setUint32(0, purpose)
  input.set(bytes, 4)
  return Uint8Array.from([0x12, 0x20, ...sha256(input)])
}

export function multiHashOf(transactions: Uint8Array[]): Uint8Array {
  const hashes = transactions
    .map((tx) => cantonHash(11, tx))
    .sort((a, b) => (bytesToHex(a) < bytesToHex(b) ? -1 : 1))
  const parts = [u32(hashes.length), ...hashes.flatMap((h) => [u32(h.length), h])]
  const combined = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    combined.set(p, at)
    at += p.length
  }
  return cantonHash(55, combined)
}

const u32 = (n: number) => {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n)
  return b
}

export function fingerprint(publicKey: Uint8Array): string {
  return `1220${bytesToHex(sha256(Uint8Array.from([0, 0, 0, 12, ...publicKey])))}`
}

/** DER SubjectPublicKeyInfo of an Ed25519 key (RFC 8410). */
export const ed25519Spki = (publicKey: Uint8Array) =>
  Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, ...publicKey])

/**
 * The key as a participant puts it into topology: Canton migrates a RAW Ed25519 key to DER
 * SubjectPublicKeyInfo (SigningPublicKey.create); `format: 'raw'` builds the RAW form older
 * clients put into transactions they serialize themselves.
 */
export function signingKey(publicKey: Uint8Array, format: 'der' | 'raw' = 'der'): SigningPublicKey {
  return {
    format: format === 'der' ? CryptoKeyFormat.DER_X509_SUBJECT_PUBLIC_KEY_INFO : CryptoKeyFormat.RAW,
    publicKey: format === 'der' ? ed25519Spki(publicKey) : publicKey,
    scheme: SigningKeyScheme.UNSPECIFIED,
    usage: [SigningKeyUsage.NAMESPACE, SigningKeyUsage.PROOF_OF_OWNERSHIP, SigningKeyUsage.PROTOCOL],
    keySpec: SigningKeySpec.EC_CURVE25519,
  }
}

/** Sets `party_signing_keys` (field 6, SigningKeysWithThreshold) which core-ledger-proto lacks. */
export function withPartySigningKeys(p2p: PartyToParticipant, keys: SigningPublicKey[]): PartyToParticipant {
  const inner = new BinaryWriter()
  for (const key of keys) inner.tag(1, WireType.LengthDelimited).bytes(SigningPublicKey.toBinary(key))
  inner.tag(2, WireType.Varint).uint32(1)
  const data = new BinaryWriter().bytes(inner.finish()).finish()
  UnknownFieldHandler.onRead(
    'com.digitalasset.canton.protocol.v30.PartyToParticipant',
    p2p,
    6,
    WireType.LengthDelimited,
    data,
  )
  return p2p
}

export function serialize(
  mapping: TopologyMapping['mapping'],
  options: { wrap?: boolean; op?: number } = {},
): Uint8Array {
  const tx = TopologyTransaction.toBinary({
    operation: options.op ?? Enums_TopologyChangeOp.ADD_REPLACE,
    serial: 1,
    mapping: { mapping },
  })
  if (options.wrap === false) return tx
  return new BinaryWriter()
    .tag(1, WireType.LengthDelimited)
    .bytes(tx)
    .tag(2, WireType.Varint)
    .int32(30)
    .finish()
}

export interface OnboardingOptions {
  hint?: string
  /** Keys registered in party_signing_keys (default: the party key). */
  signingKeys?: Uint8Array[]
  permission?: Enums_ParticipantPermission
  participantUid?: string
  wrap?: boolean
}

/** Canton 3.5 layout: one PartyToParticipant with party_signing_keys. */
export function onboardingTopology(publicKey: Uint8Array, options: OnboardingOptions = {}) {
  const partyId = `${options.hint ?? 'alice'}::${fingerprint(publicKey)}`
  const p2p = withPartySigningKeys(
    {
      party: partyId,
      threshold: 1,
      participants: [
        {
          participantUid: options.participantUid ?? PARTICIPANT,
          permission: options.permission ?? Enums_ParticipantPermission.CONFIRMATION,
        },
      ],
    },
    (options.signingKeys ?? [publicKey]).map((key) => signingKey(key)),
  )
  return response([serialize({ oneofKind: 'partyToParticipant', partyToParticipant: p2p }, options)], partyId)
}

export function response(transactions: Uint8Array[], partyId: string) {
  return {
    partyId,
    topologyTransactions: transactions.map(toBase64),
    multiHash: toBase64(multiHashOf(transactions)),
  }
}
