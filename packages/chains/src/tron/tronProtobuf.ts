import { ChainsError } from '../ChainsError.js'

/**
 * The protobuf encoding of the TRON transaction messages the wallet builds and checks, by hand:
 * two contract types and the `Transaction.raw` around them. The decoder is strict on purpose: it
 * refuses unknown fields, repeated singular fields (protobuf's "last one wins" would let a node
 * show one value and sign another), wrong wire types and non-minimal lengths, so what it returns
 * is all the bytes say.
 *
 * Field numbers from java-tron's protocol definitions:
 * - `Transaction.raw`, `Transaction.Contract`: protocol/src/main/protos/core/Tron.proto
 *   https://github.com/tronprotocol/java-tron/blob/develop/protocol/src/main/protos/core/Tron.proto
 * - `TransferContract`: protocol/src/main/protos/core/contract/balance_contract.proto
 * - `TriggerSmartContract`: protocol/src/main/protos/core/contract/smart_contract.proto
 * - `google.protobuf.Any` (`type_url` = 1, `value` = 2): google/protobuf/any.proto
 */

/** `Transaction.Contract.ContractType` values used here (Tron.proto). */
export const CONTRACT_TYPE = { TransferContract: 1, TriggerSmartContract: 31 } as const

const TYPE_URL_PREFIX = 'type.googleapis.com/protocol.'

export type TronContract =
  | {
      type: 'TransferContract'
      /** 21 bytes, 0x41-prefixed. */
      ownerAddress: Uint8Array
      toAddress: Uint8Array
      /** Sun. */
      amount: bigint
    }
  | {
      type: 'TriggerSmartContract'
      ownerAddress: Uint8Array
      contractAddress: Uint8Array
      /** Sun sent with the call; 0 for a TRC-20 transfer. */
      callValue: bigint
      /** ABI call data (selector + arguments). */
      data: Uint8Array
    }

/** `Transaction.raw` restricted to what a single-signature transfer uses. */
export interface TronRawData {
  /** Bytes 6..8 of the reference block number (TAPOS). */
  refBlockBytes: Uint8Array
  /** Bytes 8..16 of the reference block id. */
  refBlockHash: Uint8Array
  /** Milliseconds. */
  expiration: bigint
  /** Milliseconds; when the transaction was built. */
  timestamp: bigint
  /** Sun; the most the transaction may burn for energy (smart contract calls only). */
  feeLimit: bigint
  contract: TronContract
}

// ---------------------------------------------------------------- writer

function varint(value: bigint): number[] {
  if (value < 0n || value >= 1n << 64n) throw new RangeError('varint out of range')
  const out: number[] = []
  let v = value
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v > 0n) byte |= 0x80
    out.push(byte)
  } while (v > 0n)
  return out
}

class Writer {
  readonly bytes: number[] = []
  uint(field: number, value: bigint): this {
    // proto3: a scalar equal to its default is not written.
    if (value === 0n) return this
    this.bytes.push(...varint(BigInt(field << 3)), ...varint(value))
    return this
  }
  bytesField(field: number, value: Uint8Array): this {
    if (value.length === 0) return this
    this.bytes.push(...varint(BigInt((field << 3) | 2)), ...varint(BigInt(value.length)), ...value)
    return this
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes)
  }
}

function encodeContractValue(contract: TronContract): Uint8Array {
  if (contract.type === 'TransferContract')
    return new Writer()
      .bytesField(1, contract.ownerAddress)
      .bytesField(2, contract.toAddress)
      .uint(3, contract.amount)
      .finish()
  return new Writer()
    .bytesField(1, contract.ownerAddress)
    .bytesField(2, contract.contractAddress)
    .uint(3, contract.callValue)
    .bytesField(4, contract.data)
    .finish()
}

/** Serializes `Transaction.raw` as java-tron does (fields in number order, defaults omitted). */
export function encodeRawData(raw: TronRawData): Uint8Array {
  const any = new Writer()
    .bytesField(1, new TextEncoder().encode(TYPE_URL_PREFIX + raw.contract.type))
    .bytesField(2, encodeContractValue(raw.contract))
    .finish()
  const contract = new Writer().uint(1, BigInt(CONTRACT_TYPE[raw.contract.type])).bytesField(2, any).finish()
  return new Writer()
    .bytesField(1, raw.refBlockBytes)
    .bytesField(4, raw.refBlockHash)
    .uint(8, raw.expiration)
    .bytesField(11, contract)
    .uint(14, raw.timestamp)
    .uint(18, raw.feeLimit)
    .finish()
}

/** Serializes a signed `Transaction` (`raw_data` = 1, `signature` = 2): what bandwidth is billed on. */
export function encodeSignedTransaction(rawData: Uint8Array, signatures: Uint8Array[]): Uint8Array {
  const w = new Writer().bytesField(1, rawData)
  for (const s of signatures) w.bytesField(2, s)
  return w.finish()
}

// ---------------------------------------------------------------- reader

type Field = { wire: 0; value: bigint } | { wire: 2; value: Uint8Array }

function malformed(details: string): ChainsError {
  return new ChainsError('TRANSACTION_REJECTED', 'The transaction the node built could not be read.', {
    details: `raw_data_hex: ${details}`,
  })
}

/**
 * Reads a message into its fields. `spec` names each allowed field and its wire type; a field
 * outside it, a second occurrence, or a truncated value is an error.
 */
function readMessage(bytes: Uint8Array, spec: Record<number, 0 | 2>, what: string): Map<number, Field> {
  const fields = new Map<number, Field>()
  let pos = 0
  const readVarint = (): bigint => {
    let result = 0n
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (pos >= bytes.length) throw malformed(`${what}: truncated varint`)
      const byte = bytes[pos++] as number
      result |= BigInt(byte & 0x7f) << shift
      if ((byte & 0x80) === 0) {
        // A varint with a trailing zero byte is not minimal: java-tron never writes one.
        if (byte === 0 && shift > 0n) throw malformed(`${what}: non-minimal varint`)
        return result
      }
    }
    throw malformed(`${what}: varint too long`)
  }
  while (pos < bytes.length) {
    const key = readVarint()
    const field = Number(key >> 3n)
    const wire = Number(key & 7n)
    const expected = spec[field]
    if (expected === undefined) throw malformed(`${what}: unexpected field ${field}`)
    if (wire !== expected) throw malformed(`${what}: field ${field} has wire type ${wire}`)
    if (fields.has(field)) throw malformed(`${what}: field ${field} appears twice`)
    if (wire === 0) {
      const value = readVarint()
      if (value >= 1n << 63n) throw malformed(`${what}: field ${field} is negative`)
      fields.set(field, { wire, value })
    } else {
      const length = Number(readVarint())
      if (pos + length > bytes.length) throw malformed(`${what}: field ${field} is truncated`)
      fields.set(field, { wire, value: bytes.subarray(pos, pos + length) })
      pos += length
    }
  }
  return fields
}

function uintField(fields: Map<number, Field>, field: number): bigint {
  const f = fields.get(field)
  return f?.wire === 0 ? f.value : 0n
}

function bytesField(fields: Map<number, Field>, field: number): Uint8Array {
  const f = fields.get(field)
  return f?.wire === 2 ? f.value : new Uint8Array()
}

function address(fields: Map<number, Field>, field: number, what: string): Uint8Array {
  const value = bytesField(fields, field)
  if (value.length !== 21 || value[0] !== 0x41) throw malformed(`${what} is not a 21-byte TRON address`)
  return value
}

/**
 * Decodes `raw_data_hex` into the one contract it carries. Only `TransferContract` and
 * `TriggerSmartContract` are accepted, with nothing else set (no `data` memo, no `auths`, no
 * `scripts`, no permission id, no TRC-10 token value): a wallet transfer never needs them.
 */
export function decodeRawData(bytes: Uint8Array): TronRawData {
  // Transaction.raw: ref_block_bytes 1, ref_block_num 3, ref_block_hash 4, expiration 8,
  // auths 9, data 10, contract 11, scripts 12, timestamp 14, fee_limit 18. Only these are allowed:
  const raw = readMessage(bytes, { 1: 2, 4: 2, 8: 0, 11: 2, 14: 0, 18: 0 }, 'raw')
  const refBlockBytes = bytesField(raw, 1)
  const refBlockHash = bytesField(raw, 4)
  if (refBlockBytes.length !== 2) throw malformed('ref_block_bytes must be 2 bytes')
  if (refBlockHash.length !== 8) throw malformed('ref_block_hash must be 8 bytes')
  // Transaction.Contract: type 1, parameter 2 (Any), provider 3, ContractName 4, Permission_id 5.
  const contract = readMessage(bytesField(raw, 11), { 1: 0, 2: 2 }, 'contract')
  const any = readMessage(bytesField(contract, 2), { 1: 2, 2: 2 }, 'parameter')
  const typeUrl = new TextDecoder().decode(bytesField(any, 1))
  const typeNumber = uintField(contract, 1)
  const value = bytesField(any, 2)
  let decoded: TronContract
  if (typeNumber === BigInt(CONTRACT_TYPE.TransferContract)) {
    if (typeUrl !== `${TYPE_URL_PREFIX}TransferContract`) throw malformed(`type_url ${typeUrl}`)
    // TransferContract: owner_address 1, to_address 2, amount 3.
    const f = readMessage(value, { 1: 2, 2: 2, 3: 0 }, 'TransferContract')
    decoded = {
      type: 'TransferContract',
      ownerAddress: address(f, 1, 'owner_address'),
      toAddress: address(f, 2, 'to_address'),
      amount: uintField(f, 3),
    }
  } else if (typeNumber === BigInt(CONTRACT_TYPE.TriggerSmartContract)) {
    if (typeUrl !== `${TYPE_URL_PREFIX}TriggerSmartContract`) throw malformed(`type_url ${typeUrl}`)
    // TriggerSmartContract: owner_address 1, contract_address 2, call_value 3, data 4,
    // call_token_value 5, token_id 6 (TRC-10 value: never part of a TRC-20 transfer).
    const f = readMessage(value, { 1: 2, 2: 2, 3: 0, 4: 2 }, 'TriggerSmartContract')
    decoded = {
      type: 'TriggerSmartContract',
      ownerAddress: address(f, 1, 'owner_address'),
      contractAddress: address(f, 2, 'contract_address'),
      callValue: uintField(f, 3),
      data: bytesField(f, 4),
    }
  } else {
    throw malformed(`contract type ${typeNumber} is neither TransferContract nor TriggerSmartContract`)
  }
  return {
    refBlockBytes,
    refBlockHash,
    expiration: uintField(raw, 8),
    timestamp: uintField(raw, 14),
    feeLimit: uintField(raw, 18),
    contract: decoded,
  }
}
