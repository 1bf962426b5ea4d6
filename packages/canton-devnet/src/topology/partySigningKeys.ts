import { type PartyToParticipant, SigningPublicKey } from '@canton-network/core-ledger-proto'
import { BinaryReader, BinaryWriter, UnknownFieldHandler, WireType } from '@protobuf-ts/runtime'

/**
 * `PartyToParticipant.party_signing_keys` (field 6, a `SigningKeysWithThreshold`) was added in
 * Canton 3.4; the protobuf types of core-ledger-proto predate it. The field is carried as an
 * unknown field, which protobuf-ts writes and reads back, so the bytes match Canton 3.5's.
 */
const PARTY_SIGNING_KEYS = 6

export function setPartySigningKeys(p2p: PartyToParticipant, keys: SigningPublicKey[], threshold: number) {
  const inner = new BinaryWriter()
  for (const key of keys) inner.tag(1, WireType.LengthDelimited).bytes(SigningPublicKey.toBinary(key))
  inner.tag(2, WireType.Varint).uint32(threshold)
  const data = new BinaryWriter().bytes(inner.finish()).finish()
  UnknownFieldHandler.onRead(
    'com.digitalasset.canton.protocol.v30.PartyToParticipant',
    p2p,
    PARTY_SIGNING_KEYS,
    WireType.LengthDelimited,
    data,
  )
}

export function getPartySigningKeys(
  p2p: PartyToParticipant,
): { keys: SigningPublicKey[]; threshold: number } | undefined {
  const field = UnknownFieldHandler.last(p2p, PARTY_SIGNING_KEYS)
  if (!field || field.wireType !== WireType.LengthDelimited) return undefined
  const reader = new BinaryReader(new BinaryReader(field.data).bytes())
  const keys: SigningPublicKey[] = []
  let threshold = 0
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag()
    if (no === 1 && wireType === WireType.LengthDelimited)
      keys.push(SigningPublicKey.fromBinary(reader.bytes()))
    else if (no === 2 && wireType === WireType.Varint) threshold = reader.uint32()
    else reader.skip(wireType)
  }
  return { keys, threshold }
}
