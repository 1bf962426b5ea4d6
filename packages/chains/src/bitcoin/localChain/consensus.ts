import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'
import { OutScript } from '@scure/btc-signer'

/** Bitcoin Core consensus and policy constants the stand-in applies (consensus/amount.h, policy/policy.h). */
export const MAX_MONEY = 21_000_000n * 100_000_000n
export const COINBASE_MATURITY = 100
/** Regtest's subsidy halving interval (chainparams.cpp, CRegTestParams). */
export const REGTEST_HALVING_INTERVAL = 150
export const MAX_STANDARD_TX_WEIGHT = 400_000
/** Non-witness size below which Core refuses a transaction (policy.h MIN_STANDARD_TX_NONWITNESS_SIZE). */
export const MIN_STANDARD_TX_NONWITNESS_SIZE = 65
/** -minrelaytxfee and -incrementalrelayfee defaults: 1 sat/vB. */
export const MIN_RELAY_SAT_PER_VB = 1n
export const INCREMENTAL_RELAY_SAT_PER_VB = 1n
/** -limitancestorcount / -limitdescendantcount defaults: a mempool chain is at most 25 long. */
export const MEMPOOL_CHAIN_LIMIT = 25
/** sendrawtransaction's default maxfeerate, 0.10 BTC/kvB: 10,000 sat/vB (rpc/mempool.cpp). */
export const MAX_FEE_RATE_SAT_PER_VB = 10_000n
/** BIP-125 rule 5: at most this many transactions replaced, descendants included. */
export const MAX_REPLACEMENT_CANDIDATES = 100
/** nBits of every regtest block: the easiest target (powLimit 7fffff00..00). */
export const REGTEST_BITS = 0x207fffff

export function sha256d(...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((n, p) => n + p.length, 0)
  const all = new Uint8Array(length)
  let offset = 0
  for (const p of parts) {
    all.set(p, offset)
    offset += p.length
  }
  return sha256(sha256(all))
}

/** Hash in the byte order explorers show (reversed). */
export function displayHash(internal: Uint8Array): string {
  return hex.encode(Uint8Array.from(internal).reverse())
}

export function internalHash(display: string): Uint8Array {
  return hex.decode(display).reverse()
}

/** Merkle root of txids (internal byte order), the last one doubled on odd levels. */
export function merkleRoot(txids: Uint8Array[]): Uint8Array {
  let level = txids
  if (level.length === 0) throw new Error('merkleRoot: no transactions')
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256d(level[i]!, level[i + 1] ?? level[i]!))
    level = next
  }
  return level[0]!
}

export interface BlockHeader {
  version: number
  previousBlockHash: Uint8Array
  merkleRoot: Uint8Array
  time: number
  bits: number
  nonce: number
}

/** The 80-byte header whose double SHA-256 is the block hash. */
export function encodeHeader(header: BlockHeader): Uint8Array {
  const bytes = new Uint8Array(80)
  const view = new DataView(bytes.buffer)
  view.setInt32(0, header.version, true)
  bytes.set(header.previousBlockHash, 4)
  bytes.set(header.merkleRoot, 36)
  view.setUint32(68, header.time, true)
  view.setUint32(72, header.bits, true)
  view.setUint32(76, header.nonce, true)
  return bytes
}

/** The target nBits encodes (compact form: 3 mantissa bytes, 1 exponent byte). */
export function targetOf(bits: number): bigint {
  const exponent = bits >>> 24
  const mantissa = BigInt(bits & 0x7fffff)
  return exponent <= 3 ? mantissa >> BigInt(8 * (3 - exponent)) : mantissa << BigInt(8 * (exponent - 3))
}

/** Whether the header's hash, read as a little-endian number, is at most its target. */
export function meetsTarget(header: BlockHeader): boolean {
  const hash = sha256d(encodeHeader(header))
  return BigInt(`0x${displayHash(hash)}`) <= targetOf(header.bits)
}

/** Regtest block subsidy at `height`: 50 BTC halved every 150 blocks. */
export function regtestSubsidy(height: number): bigint {
  const halvings = Math.floor(height / REGTEST_HALVING_INTERVAL)
  return halvings >= 64 ? 0n : (50n * 100_000_000n) >> BigInt(halvings)
}

/**
 * The regtest genesis block header (chainparams.cpp CreateGenesisBlock(1296688602, 2, 0x207fffff,
 * 1, 50 * COIN)); its hash is 0f9188f1...2206.
 */
export const REGTEST_GENESIS_HEADER: BlockHeader = {
  version: 1,
  previousBlockHash: new Uint8Array(32),
  merkleRoot: internalHash('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b'),
  time: 1296688602,
  bits: REGTEST_BITS,
  nonce: 2,
}

export type StandardOutputType = 'p2pkh' | 'p2sh' | 'p2wpkh' | 'p2wsh' | 'p2tr' | 'op_return'

/** Esplora's `scriptpubkey_type` names (electrs rest.rs `TxOutValue::new`). */
export const ESPLORA_SCRIPT_TYPES: Record<StandardOutputType, string> = {
  p2pkh: 'p2pkh',
  p2sh: 'p2sh',
  p2wpkh: 'v0_p2wpkh',
  p2wsh: 'v0_p2wsh',
  p2tr: 'v1_p2tr',
  op_return: 'op_return',
}

/** Dust thresholds at the default -dustrelayfee of 3 sat/vB (policy.cpp GetDustThreshold). */
const DUST: Record<Exclude<StandardOutputType, 'op_return'>, bigint> = {
  p2pkh: 546n,
  p2sh: 540n,
  p2wpkh: 294n,
  p2wsh: 330n,
  p2tr: 330n,
}

/** Standard output type of a scriptPubKey (policy.cpp IsStandard), or undefined when it is not one. */
export function standardOutputType(script: Uint8Array): StandardOutputType | undefined {
  // A null-data output: OP_RETURN followed by pushes, at most 83 bytes (-datacarriersize default).
  if (script[0] === 0x6a) return script.length <= 83 ? 'op_return' : undefined
  let decoded: { type: string }
  try {
    decoded = OutScript.decode(script)
  } catch {
    return undefined
  }
  switch (decoded.type) {
    case 'pkh':
      return 'p2pkh'
    case 'sh':
      return 'p2sh'
    case 'wpkh':
      return 'p2wpkh'
    case 'wsh':
      return 'p2wsh'
    case 'tr':
      return 'p2tr'
    default:
      return undefined
  }
}

export function dustThreshold(type: StandardOutputType): bigint {
  return type === 'op_return' ? 0n : DUST[type]
}

/**
 * BIP-66 strict DER (the `IsValidSignatureEncoding` of the BIP, step by step), over the signature
 * with its trailing sighash byte.
 * https://github.com/bitcoin/bips/blob/master/bip-0066.mediawiki
 */
export function isValidSignatureEncoding(sig: Uint8Array): boolean {
  if (sig.length < 9 || sig.length > 73) return false
  if (sig[0] !== 0x30) return false
  if (sig[1] !== sig.length - 3) return false
  const lenR = sig[3]!
  if (5 + lenR >= sig.length) return false
  const lenS = sig[5 + lenR]!
  if (lenR + lenS + 7 !== sig.length) return false
  if (sig[2] !== 0x02) return false
  if (lenR === 0) return false
  if (sig[4]! & 0x80) return false
  if (lenR > 1 && sig[4] === 0x00 && !(sig[5]! & 0x80)) return false
  if (sig[lenR + 4] !== 0x02) return false
  if (lenS === 0) return false
  if (sig[lenR + 6]! & 0x80) return false
  if (lenS > 1 && sig[lenR + 6] === 0x00 && !(sig[lenR + 7]! & 0x80)) return false
  return true
}
