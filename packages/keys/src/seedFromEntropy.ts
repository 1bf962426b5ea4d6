import { pbkdf2 } from '@noble/hashes/pbkdf2.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { abytes } from './assert.js'
import { ENTROPY_LENGTHS } from './wrapEntropy.js'

const SPACE = 0x20

/**
 * BIP-39 seed of `entropy` with an empty passphrase, computed without ever making the mnemonic a
 * JavaScript string: strings are immutable and cannot be zeroed, byte arrays can. Equal to
 * `mnemonicToSeedSync(entropyToMnemonic(entropy))` (tested). Internal: the seed is secret.
 *
 * BIP-39 "Generating the mnemonic": checksum = first ENT/32 bits of SHA-256(entropy), 11-bit groups
 * index the English wordlist (ASCII, so NFKD is the identity). "From mnemonic to seed":
 * PBKDF2-HMAC-SHA512(mnemonic, "mnemonic" + passphrase, 2048 rounds, 64 bytes).
 */
export function seedFromEntropy(entropy: Uint8Array): Uint8Array {
  abytes(entropy, 'entropy', ENTROPY_LENGTHS, 'INVALID_ENTROPY')
  const checksum = sha256(entropy)
  const bits = entropy.length * 8 + entropy.length / 4
  const words: number[] = []
  for (let i = 0; i < bits; i += 11) {
    let index = 0
    for (let b = i; b < i + 11; b++) {
      const byte = b < entropy.length * 8 ? entropy[b >> 3]! : checksum[(b - entropy.length * 8) >> 3]!
      index = (index << 1) | ((byte >> (7 - (b & 7))) & 1)
    }
    words.push(index)
  }
  const length = words.reduce((n, w) => n + wordlist[w]!.length, words.length - 1)
  const phrase = new Uint8Array(length)
  let offset = 0
  for (const [i, w] of words.entries()) {
    if (i > 0) phrase[offset++] = SPACE
    const word = wordlist[w]!
    for (let c = 0; c < word.length; c++) phrase[offset++] = word.charCodeAt(c)
  }
  words.fill(0)
  checksum.fill(0)
  try {
    return pbkdf2(sha512, phrase, utf8ToBytes('mnemonic'), { c: 2048, dkLen: 64 })
  } finally {
    phrase.fill(0)
  }
}
