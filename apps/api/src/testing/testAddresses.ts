import type { ChainAddresses } from '@stratos/schemas'

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'

/**
 * Well-formed public addresses for account 0, distinct per `seed`. They pass the contract's
 * format checks; they are not derived from any key (the server never derives: it stores what
 * the browser derived).
 */
export function testAddresses(seed: number): ChainAddresses {
  const pick = (alphabet: string, length: number, salt: number) =>
    Array.from(
      { length },
      (_, i) => alphabet[(seed * 31 + salt * 7 + i * 13 + ((seed * i) % 11)) % alphabet.length],
    ).join('')
  const hex = (length: number, salt: number) => pick('0123456789abcdef', length, salt)
  return {
    evm: `0x${hex(40, 1)}`,
    solana: pick(BASE58, 44, 2),
    bitcoin: `bcrt1q${pick(BECH32, 38, 3)}`,
    tron: `T${pick(BASE58, 33, 4)}`,
    ton: `UQ${pick(`${BASE58}-_`, 46, 5)}`,
    canton: `1220${hex(64, 6)}`,
  }
}
