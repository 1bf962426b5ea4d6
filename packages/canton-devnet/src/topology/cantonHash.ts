import { sha256 } from '@noble/hashes/sha2.js'

/** Canton hash purposes used here (com.digitalasset.canton.crypto.HashPurpose). */
export const HashPurpose = { TopologyTransactionSignature: 11, MultiTopologyTransaction: 55 } as const

/** Canton's `Hash.digest(purpose, bytes)`: multihash prefix 0x12 0x20 + sha256(u32be(purpose) || bytes). */
export function cantonHash(purpose: number, bytes: Uint8Array): Uint8Array {
  const input = new Uint8Array(4 + bytes.length)
  new DataView(input.buffer).setUint32(0, purpose)
  input.set(bytes, 4)
  const out = new Uint8Array(34)
  out.set([0x12, 0x20])
  out.set(sha256(input), 2)
  return out
}

/**
 * The hash an external party signs at onboarding (MultiTransactionSignature.computeCombinedHash):
 * the topology transaction hashes sorted by hex, each length-prefixed after a u32 count, hashed
 * with purpose MultiTopologyTransaction. Same algorithm as core-tx-visualizer's
 * computeMultiHashForTopology + computeSha256CantonHash(55, …).
 */
export function topologyMultiHash(transactions: Uint8Array[]): Uint8Array {
  const hashes = transactions
    .map((tx) => cantonHash(HashPurpose.TopologyTransactionSignature, tx))
    .sort((a, b) => (Buffer.from(a).toString('hex') < Buffer.from(b).toString('hex') ? -1 : 1))
  const combined = new Uint8Array(4 + hashes.reduce((n, h) => n + 4 + h.length, 0))
  const view = new DataView(combined.buffer)
  view.setUint32(0, hashes.length)
  let at = 4
  for (const h of hashes) {
    view.setUint32(at, h.length)
    combined.set(h, at + 4)
    at += 4 + h.length
  }
  return cantonHash(HashPurpose.MultiTopologyTransaction, combined)
}
