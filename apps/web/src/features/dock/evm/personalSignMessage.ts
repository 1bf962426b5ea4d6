import { RPC_ERROR } from '@stratos/dock-sdk'
import { bytesToHex, hexToBytes, isAddress, isHex, stringToBytes } from 'viem'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'

/** A `personal_sign` message as the review shows it and as it is signed. */
export interface PersonalSignMessage {
  /** The bytes signed (EIP-191 version 0x45 prefixes them with their length). */
  bytes: Uint8Array
  /** The message as text when it is printable UTF-8, else null (the review shows `hex`). */
  text: string | null
  hex: `0x${string}`
  /** The address the app asked to sign with. */
  address: string
}

/** Printable: valid UTF-8 with no control characters but tab and line breaks. */
function printable(bytes: Uint8Array): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
  return /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(text.replace(/[\t\n\r]/g, ''))
    ? null
    : text
}

/**
 * Reads `personal_sign`'s params `[message, address]`: the message as hex bytes (what libraries
 * send) or, when it is not hex, as the UTF-8 of the string. -32602 when malformed.
 */
export function personalSignMessage(params: unknown): PersonalSignMessage {
  if (
    !Array.isArray(params) ||
    params.length < 2 ||
    typeof params[0] !== 'string' ||
    typeof params[1] !== 'string'
  )
    throw new DockRpcFailure(RPC_ERROR.invalidParams, 'personal_sign: params must be [message, address].')
  const [message, address] = params as [string, string]
  if (!isAddress(address, { strict: false }))
    throw new DockRpcFailure(
      RPC_ERROR.invalidParams,
      'personal_sign: the second parameter must be an address.',
    )
  const bytes = isHex(message) && message.length % 2 === 0 ? hexToBytes(message) : stringToBytes(message)
  return { bytes, text: printable(bytes), hex: bytesToHex(bytes), address }
}
