import { secp256k1 } from '@noble/curves/secp256k1.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import {
  hashMessage,
  hashTypedData,
  hexToBytes,
  isAddress,
  keccak256,
  serializeTransaction,
  type TypedData,
  type TypedDataDefinition,
} from 'viem'
import { abytes, isBytes } from '../assert.js'
import { KeysError } from '../KeysError.js'

/** An EIP-1559 (type 2) transaction to sign. Amounts in wei. */
export type EvmTransaction = {
  chainId: number
  nonce: number
  to: `0x${string}`
  value: bigint
  gas: bigint
  maxFeePerGas: bigint
  maxPriorityFeePerGas: bigint
  data?: `0x${string}`
}

/**
 * EIP-55 checksummed address of a secp256k1 public key (33-byte compressed or 65-byte
 * uncompressed): the last 20 bytes of keccak256 of the 64-byte uncompressed point (Yellow Paper §7).
 */
export function evmAddressFromPublicKey(publicKey: Uint8Array): `0x${string}` {
  abytes(publicKey, 'publicKey', [33, 65])
  const point = secp256k1.Point.fromBytes(publicKey).toBytes(false)
  const lower = bytesToHex(keccak_256(point.subarray(1)).subarray(-20))
  // EIP-55: uppercase a hex letter when the matching nibble of keccak256(lowercase hex) is >= 8.
  const hash = bytesToHex(keccak_256(utf8ToBytes(lower)))
  let out = '0x'
  for (let i = 0; i < lower.length; i++)
    out += Number.parseInt(hash[i]!, 16) >= 8 ? lower[i]!.toUpperCase() : lower[i]
  return out as `0x${string}`
}

/** secp256k1 signature over a 32-byte digest as `{ r, s, yParity }` (RFC 6979 nonces, low-s). */
function signDigest(
  digest: Uint8Array,
  privateKey: Uint8Array,
): { r: `0x${string}`; s: `0x${string}`; yParity: 0 | 1 } {
  // noble 'recovered' format: recovery byte first, then r || s.
  const sig = secp256k1.sign(digest, privateKey, { prehash: false, format: 'recovered' })
  return {
    yParity: sig[0] as 0 | 1,
    r: `0x${bytesToHex(sig.subarray(1, 33))}`,
    s: `0x${bytesToHex(sig.subarray(33, 65))}`,
  }
}

/** 65-byte `r || s || v` hex with v = 27 + yParity, the form `personal_sign` and EIP-712 wallets return. */
function signatureHex(digest: Uint8Array, privateKey: Uint8Array): `0x${string}` {
  const { r, s, yParity } = signDigest(digest, privateKey)
  return `${r}${s.slice(2)}${(27 + yParity).toString(16)}` as `0x${string}`
}

function assertTransaction(tx: EvmTransaction): void {
  if (typeof tx !== 'object' || tx === null)
    throw new KeysError('INVALID_TRANSACTION', 'tx: expected an object')
  const fail = (field: string, expected: string) =>
    new KeysError(
      'INVALID_TRANSACTION',
      `tx.${field}: expected ${expected}, got ${String(tx[field as keyof EvmTransaction])}`,
    )
  if (!Number.isSafeInteger(tx.chainId) || tx.chainId <= 0) throw fail('chainId', 'a positive integer')
  if (!Number.isSafeInteger(tx.nonce) || tx.nonce < 0) throw fail('nonce', 'a non-negative integer')
  if (typeof tx.to !== 'string' || !isAddress(tx.to, { strict: false }))
    throw fail('to', 'a 0x-prefixed 20-byte address')
  for (const field of ['value', 'gas', 'maxFeePerGas', 'maxPriorityFeePerGas'] as const)
    if (typeof tx[field] !== 'bigint' || tx[field] < 0n) throw fail(field, 'a non-negative bigint')
  if (tx.maxPriorityFeePerGas > tx.maxFeePerGas) throw fail('maxPriorityFeePerGas', 'at most maxFeePerGas')
  if (tx.data !== undefined && (typeof tx.data !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(tx.data)))
    throw fail('data', 'even-length 0x hex')
}

/**
 * Signs an EIP-1559 transaction (EIP-2718 type 2) and returns the signed serialization for
 * `eth_sendRawTransaction`. The digest is keccak256(0x02 || rlp(fields)) (EIP-1559 "Specification").
 */
export function signEvmTransactionWithKey(tx: EvmTransaction, privateKey: Uint8Array): `0x${string}` {
  assertTransaction(tx)
  const unsigned = {
    type: 'eip1559' as const,
    chainId: tx.chainId,
    nonce: tx.nonce,
    to: tx.to,
    value: tx.value,
    gas: tx.gas,
    maxFeePerGas: tx.maxFeePerGas,
    maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    ...(tx.data !== undefined ? { data: tx.data } : {}),
  }
  const digest = hexToBytes(keccak256(serializeTransaction(unsigned)))
  return serializeTransaction(unsigned, signDigest(digest, privateKey))
}

/** EIP-191 version 0x45 (`personal_sign`): strings are UTF-8, bytes are signed as given. */
export function signEvmMessageWithKey(message: string | Uint8Array, privateKey: Uint8Array): `0x${string}` {
  if (typeof message !== 'string' && !isBytes(message))
    throw new KeysError('INVALID_ARGUMENT', 'message: expected a string or a Uint8Array')
  const digest = hexToBytes(hashMessage(typeof message === 'string' ? message : { raw: message }))
  return signatureHex(digest, privateKey)
}

/** EIP-712 typed structured data (`eth_signTypedData_v4`). */
export function signEvmTypedDataWithKey<
  const typedData extends TypedData | Record<string, unknown>,
  primaryType extends keyof typedData | 'EIP712Domain',
>(typedData: TypedDataDefinition<typedData, primaryType>, privateKey: Uint8Array): `0x${string}` {
  if (typeof typedData !== 'object' || typedData === null)
    throw new KeysError('INVALID_ARGUMENT', 'typedData: expected an EIP-712 definition object')
  let digest: Uint8Array
  try {
    digest = hexToBytes(hashTypedData(typedData))
  } catch (cause) {
    throw new KeysError('INVALID_ARGUMENT', 'typedData: not valid EIP-712 data', {
      cause,
      details: cause instanceof Error ? cause.message : undefined,
    })
  }
  return signatureHex(digest, privateKey)
}
