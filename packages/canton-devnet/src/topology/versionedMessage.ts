import { BinaryReader, BinaryWriter, WireType } from '@protobuf-ts/runtime'
import { CantonError } from '../CantonError.js'

/** Protocol version 30's serialization version for topology transactions. */
export const TOPOLOGY_PROTO_VERSION = 30

/**
 * Canton serializes a topology transaction as an `UntypedVersionedMessage`
 * (`oneof wrapper { bytes data = 1; } int32 version = 2;`) around the `TopologyTransaction`.
 */
export function wrapVersioned(data: Uint8Array, version = TOPOLOGY_PROTO_VERSION): Uint8Array {
  return new BinaryWriter()
    .tag(1, WireType.LengthDelimited)
    .bytes(data)
    .tag(2, WireType.Varint)
    .int32(version)
    .finish()
}

/** Reads an `UntypedVersionedMessage`; throws INVALID_ARGUMENT on malformed bytes. */
export function unwrapVersioned(bytes: Uint8Array): { data: Uint8Array; version: number } {
  try {
    const reader = new BinaryReader(bytes)
    let data: Uint8Array | undefined
    let version = 0
    while (reader.pos < reader.len) {
      const [no, wireType] = reader.tag()
      if (no === 1 && wireType === WireType.LengthDelimited) data = reader.bytes()
      else if (no === 2 && wireType === WireType.Varint) version = reader.int32()
      else reader.skip(wireType)
    }
    if (!data) throw new Error('no data')
    return { data, version }
  } catch (cause) {
    throw new CantonError('INVALID_ARGUMENT', 'The topology transaction is not a valid versioned message', {
      cause,
    })
  }
}
