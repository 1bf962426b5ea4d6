import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { ChainsError } from '../ChainsError.js'
import { tronAddressBytes, tronAddressFromBytes } from './tronAddress.js'
import { decodeRawData, encodeRawData, type TronRawData } from './tronProtobuf.js'

/**
 * A transaction in java-tron's JSON form (`createtransaction`, `triggersmartcontract`,
 * `broadcasttransaction`): `raw_data` is the JSON of the `Transaction.raw` protobuf,
 * `raw_data_hex` its bytes, `txID` = sha256(bytes).
 */
export interface TronTransactionJson {
  visible?: boolean
  txID: string
  raw_data: TronRawDataJson
  raw_data_hex: string
  signature?: string[]
}

export interface TronRawDataJson {
  contract: {
    parameter: { value: Record<string, unknown>; type_url: string }
    type: string
  }[]
  ref_block_bytes: string
  ref_block_hash: string
  expiration: number
  timestamp?: number
  fee_limit?: number
}

function jsonNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new ChainsError('INVALID_AMOUNT', `The ${what} is too large for a TRON transaction.`)
  return Number(value)
}

/**
 * `raw_data` as java-tron prints it: addresses base58 with `visible: true` and 41-hex without,
 * other bytes hex, int64 as JSON numbers, default values left out.
 */
export function rawDataToJson(raw: TronRawData, visible = true): TronRawDataJson {
  const c = raw.contract
  const addr = (bytes: Uint8Array) => (visible ? tronAddressFromBytes(bytes) : bytesToHex(bytes))
  const value: Record<string, unknown> =
    c.type === 'TransferContract'
      ? {
          amount: jsonNumber(c.amount, 'amount'),
          owner_address: addr(c.ownerAddress),
          to_address: addr(c.toAddress),
        }
      : {
          data: bytesToHex(c.data),
          owner_address: addr(c.ownerAddress),
          contract_address: addr(c.contractAddress),
          ...(c.callValue > 0n ? { call_value: jsonNumber(c.callValue, 'call value') } : {}),
        }
  return {
    contract: [{ parameter: { value, type_url: `type.googleapis.com/protocol.${c.type}` }, type: c.type }],
    ref_block_bytes: bytesToHex(raw.refBlockBytes),
    ref_block_hash: bytesToHex(raw.refBlockHash),
    expiration: jsonNumber(raw.expiration, 'expiration'),
    ...(raw.feeLimit > 0n ? { fee_limit: jsonNumber(raw.feeLimit, 'fee limit') } : {}),
    ...(raw.timestamp > 0n ? { timestamp: jsonNumber(raw.timestamp, 'timestamp') } : {}),
  }
}

function int64(value: unknown, what: string): bigint {
  if (value === undefined) return 0n
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value)
  throw new ChainsError('TRANSACTION_REJECTED', `raw_data: ${what} is not a non-negative integer`)
}

function hexBytes(value: unknown, what: string): Uint8Array {
  if (typeof value !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(value))
    throw new ChainsError('TRANSACTION_REJECTED', `raw_data: ${what} is not hex`)
  return hexToBytes(value)
}

/**
 * Reads `raw_data` JSON back into the message, as java-tron's `Util.packTransaction` does when a
 * signed transaction is broadcast (addresses in either text form). Keys outside the two contract
 * types' fields are refused.
 */
export function rawDataFromJson(json: unknown): TronRawData {
  const raw = json as Partial<TronRawDataJson> | null
  const contracts = raw?.contract
  if (!raw || !Array.isArray(contracts) || contracts.length !== 1)
    throw new ChainsError('TRANSACTION_REJECTED', 'raw_data: expected exactly one contract')
  const contract = contracts[0]
  const value = contract?.parameter?.value ?? {}
  const allowed =
    contract?.type === 'TransferContract'
      ? ['amount', 'owner_address', 'to_address']
      : contract?.type === 'TriggerSmartContract'
        ? ['data', 'owner_address', 'contract_address', 'call_value']
        : undefined
  if (!allowed) throw new ChainsError('TRANSACTION_REJECTED', `raw_data: contract type ${contract?.type}`)
  const extra = Object.keys(value).filter((k) => !allowed.includes(k))
  if (extra.length > 0)
    throw new ChainsError('TRANSACTION_REJECTED', `raw_data: unexpected ${extra.join(', ')}`)
  const rawKeys = ['contract', 'ref_block_bytes', 'ref_block_hash', 'expiration', 'timestamp', 'fee_limit']
  const extraRaw = Object.keys(raw).filter((k) => !rawKeys.includes(k))
  if (extraRaw.length > 0)
    throw new ChainsError('TRANSACTION_REJECTED', `raw_data: unexpected ${extraRaw.join(', ')}`)
  const owner = tronAddressBytes(String(value.owner_address), 'owner_address')
  return {
    refBlockBytes: hexBytes(raw.ref_block_bytes, 'ref_block_bytes'),
    refBlockHash: hexBytes(raw.ref_block_hash, 'ref_block_hash'),
    expiration: int64(raw.expiration, 'expiration'),
    timestamp: int64(raw.timestamp, 'timestamp'),
    feeLimit: int64(raw.fee_limit, 'fee_limit'),
    contract:
      contract?.type === 'TransferContract'
        ? {
            type: 'TransferContract',
            ownerAddress: owner,
            toAddress: tronAddressBytes(String(value.to_address), 'to_address'),
            amount: int64(value.amount, 'amount'),
          }
        : {
            type: 'TriggerSmartContract',
            ownerAddress: owner,
            contractAddress: tronAddressBytes(String(value.contract_address), 'contract_address'),
            callValue: int64(value.call_value, 'call_value'),
            data: hexBytes(value.data ?? '', 'data'),
          },
  }
}

/** The transaction id: hex sha256 of the `raw_data` bytes. */
export function tronTxId(rawData: Uint8Array): string {
  return bytesToHex(sha256(rawData))
}

/**
 * Reads a node-built transaction: decodes `raw_data_hex` strictly, checks `txID` is its hash and
 * returns the canonical JSON form of exactly those bytes (the node's own `raw_data` JSON is not
 * trusted: java-tron rebuilds the bytes from the JSON at broadcast, so the JSON sent must say
 * what the signed bytes say).
 */
export function readNodeTransaction(tx: unknown): {
  raw: TronRawData
  transaction: { txID: string; raw_data: TronRawDataJson; raw_data_hex: string }
} {
  const t = tx as Partial<TronTransactionJson> | null
  if (!t || typeof t.raw_data_hex !== 'string' || !/^([0-9a-fA-F]{2})+$/.test(t.raw_data_hex))
    throw new ChainsError('TRANSACTION_REJECTED', 'The node did not return a transaction to sign.', {
      details: JSON.stringify(tx)?.slice(0, 300),
    })
  const bytes = hexToBytes(t.raw_data_hex)
  const raw = decodeRawData(bytes)
  const txID = tronTxId(bytes)
  if (t.txID !== undefined && t.txID.toLowerCase() !== txID)
    throw new ChainsError(
      'TRANSACTION_REJECTED',
      'The node returned a transaction whose id does not match its bytes.',
      {
        details: `txID ${t.txID}, sha256(raw_data_hex) ${txID}`,
      },
    )
  // Re-encoding must give the same bytes: the decoder saw every byte, in canonical form.
  if (bytesToHex(encodeRawData(raw)) !== t.raw_data_hex.toLowerCase())
    throw new ChainsError('TRANSACTION_REJECTED', 'The transaction the node built is not in canonical form.')
  return {
    raw,
    transaction: { txID, raw_data: rawDataToJson(raw), raw_data_hex: t.raw_data_hex.toLowerCase() },
  }
}
