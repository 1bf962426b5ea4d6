import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'
import { ChainsError } from '../ChainsError.js'
import type { TonAddressParts } from './tonCell.js'

/** A parsed address with the flags its user-friendly form carried. */
export interface TonAddress extends TonAddressParts {
  /** From the user-friendly flags; undefined for the raw `wc:hex` form. */
  bounceable: boolean | undefined
  testOnly: boolean
}

/** CRC-16/XMODEM, the checksum of user-friendly addresses. */
function crc16(bytes: Uint8Array): number {
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

/**
 * Parses a user-friendly (base64 or base64url, TEP-2) or raw (`wc:<64 hex>`) address; anything
 * else is `INVALID_ADDRESS`.
 */
export function parseTonAddress(address: string): TonAddress {
  const bad = (why: string) =>
    new ChainsError('INVALID_ADDRESS', `'${String(address)}' is not a TON address: ${why}.`)
  if (typeof address !== 'string') throw bad('expected text')
  const rawForm = /^(-?\d{1,3}):([0-9a-fA-F]{64})$/.exec(address)
  if (rawForm) {
    const workchain = Number(rawForm[1])
    if (workchain < -128 || workchain > 127) throw bad('workchain out of range')
    return { workchain, hash: hexToBytes(rawForm[2]!.toLowerCase()), bounceable: undefined, testOnly: false }
  }
  if (!/^[A-Za-z0-9_\-+/]{48}$/.test(address)) throw bad('expected 48 base64 characters or wc:hex')
  const raw = base64urlnopad.decode(address.replace(/\+/g, '-').replace(/\//g, '_'))
  const crc = crc16(raw.subarray(0, 34))
  if (raw[34] !== crc >> 8 || raw[35] !== (crc & 0xff)) throw bad('the checksum does not match (a typo?)')
  const tag = raw[0]! & 0x7f
  if (tag !== 0x11 && tag !== 0x51) throw bad('unknown flags')
  return {
    workchain: (raw[1]! << 24) >> 24,
    hash: raw.slice(2, 34),
    bounceable: tag === 0x11,
    testOnly: (raw[0]! & 0x80) !== 0,
  }
}

/** User-friendly base64url form: flags 0x11 bounceable / 0x51 not, +0x80 test-only. */
export function formatTonAddress(
  address: TonAddressParts,
  options: { bounceable: boolean; testOnly: boolean },
): string {
  const raw = new Uint8Array(36)
  raw[0] = (options.bounceable ? 0x11 : 0x51) | (options.testOnly ? 0x80 : 0)
  raw[1] = address.workchain & 0xff
  raw.set(address.hash, 2)
  const crc = crc16(raw.subarray(0, 34))
  raw[34] = crc >> 8
  raw[35] = crc & 0xff
  return base64urlnopad.encode(raw)
}

/** Raw form `wc:hex`, the one comparison-safe spelling. */
export function rawTonAddress(address: TonAddressParts): string {
  return `${address.workchain}:${bytesToHex(address.hash)}`
}

export function sameTonAddress(a: TonAddressParts, b: TonAddressParts): boolean {
  return rawTonAddress(a) === rawTonAddress(b)
}
