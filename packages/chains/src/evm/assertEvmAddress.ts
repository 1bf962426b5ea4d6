import { type Address, getAddress, isAddress } from 'viem'
import { ChainsError } from '../ChainsError.js'

/**
 * Checks `value` is an EVM address and returns it checksummed. Mixed case must carry a valid
 * EIP-55 checksum (a typo in a checksummed address is caught); all-lower or all-upper is taken
 * as is. `what` names the field in the message ("The recipient").
 */
export function assertEvmAddress(value: string, what: string): Address {
  if (typeof value === 'string' && isAddress(value, { strict: false })) {
    if (isAddress(value)) return getAddress(value)
    throw new ChainsError(
      'INVALID_ADDRESS',
      `${what} has a wrong EIP-55 checksum (its upper/lower case letters do not match): check it for a typo.`,
      { details: value },
    )
  }
  throw new ChainsError('INVALID_ADDRESS', `${what} is not an EVM address (0x followed by 40 hex digits).`, {
    details: String(value),
  })
}
