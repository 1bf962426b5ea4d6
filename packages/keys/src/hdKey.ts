import { HDKey as Bip32Key } from '@scure/bip32'
import { HDKey as Slip10Key } from 'micro-key-producer/slip10.js'
import { abytes } from './assert.js'
import { KeysError } from './KeysError.js'

/** A derived key pair handed to a callback; `privateKey` is zeroed as soon as the callback returns. */
export interface KeyPair {
  privateKey: Uint8Array
  /** secp256k1: 33-byte compressed; ed25519: 32-byte raw. */
  publicKey: Uint8Array
}

const HARDENED = 0x80000000

function parsePath(path: string): number[] {
  if (!/^m(\/\d+'?)*$/.test(path))
    throw new KeysError('INVALID_ARGUMENT', `path: malformed derivation path '${path}'`)
  return path
    .split('/')
    .slice(1)
    .map((level) => {
      const n = Number.parseInt(level, 10)
      if (n >= HARDENED) throw new KeysError('INVALID_ARGUMENT', `path: level ${level} out of range`)
      return level.endsWith("'") ? n + HARDENED : n
    })
}

/**
 * Derives the BIP-32 secp256k1 key at `path` from `seed` and passes it to `use`. Each intermediate
 * node is wiped as soon as its child exists, and the leaf after `use` returns (or throws): private
 * bytes live only for the duration of one signature.
 */
export function withSecp256k1Key<T>(seed: Uint8Array, path: string, use: (key: KeyPair) => T): T {
  abytes(seed, 'seed', [16, 32, 64])
  let node = Bip32Key.fromMasterSeed(seed)
  for (const index of parsePath(path)) {
    const child = node.deriveChild(index)
    node.wipePrivateData()
    node = child
  }
  const privateKey = node.privateKey!
  try {
    return use({ privateKey, publicKey: node.publicKey! })
  } finally {
    privateKey.fill(0)
    node.wipePrivateData()
  }
}

function wipeSlip10(node: Slip10Key): void {
  node.privateKey.fill(0)
  node.chainCode.fill(0)
}

/**
 * Derives the SLIP-10 ed25519 key at `path` (every level hardened, as SLIP-10 requires for
 * ed25519) and passes it to `use`; wipes intermediates and the leaf like `withSecp256k1Key`.
 */
export function withEd25519Key<T>(seed: Uint8Array, path: string, use: (key: KeyPair) => T): T {
  abytes(seed, 'seed', [16, 32, 64])
  const levels = parsePath(path)
  if (levels.some((l) => l < HARDENED))
    throw new KeysError('INVALID_ARGUMENT', `path: SLIP-10 ed25519 supports hardened levels only ('${path}')`)
  let node = Slip10Key.fromMasterSeed(seed)
  for (const index of levels) {
    const child = node.deriveChild(index)
    wipeSlip10(node)
    node = child
  }
  try {
    return use({ privateKey: node.privateKey, publicKey: node.publicKeyRaw })
  } finally {
    wipeSlip10(node)
  }
}
