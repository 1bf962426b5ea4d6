import { decodeErrorResult, type Hex } from 'viem'

/**
 * ERC-20 errors from ERC-6093 (what OpenZeppelin 5 tokens revert with) and the two errors
 * Solidity itself defines. https://eips.ethereum.org/EIPS/eip-6093
 */
const revertAbi = [
  { type: 'error', name: 'Error', inputs: [{ name: 'message', type: 'string' }] },
  { type: 'error', name: 'Panic', inputs: [{ name: 'code', type: 'uint256' }] },
  {
    type: 'error',
    name: 'ERC20InsufficientBalance',
    inputs: [
      { name: 'sender', type: 'address' },
      { name: 'balance', type: 'uint256' },
      { name: 'needed', type: 'uint256' },
    ],
  },
  { type: 'error', name: 'ERC20InvalidSender', inputs: [{ name: 'sender', type: 'address' }] },
  { type: 'error', name: 'ERC20InvalidReceiver', inputs: [{ name: 'receiver', type: 'address' }] },
  {
    type: 'error',
    name: 'ERC20InsufficientAllowance',
    inputs: [
      { name: 'spender', type: 'address' },
      { name: 'allowance', type: 'uint256' },
      { name: 'needed', type: 'uint256' },
    ],
  },
] as const

/**
 * The reason a contract gave for reverting, in words: an `Error(string)` message, a panic, an
 * ERC-6093 token error, or the raw selector when the contract uses an error this does not know.
 * `undefined` when there is no revert data at all.
 */
export function describeRevert(data: Hex | undefined): string | undefined {
  if (!data || data === '0x') return undefined
  try {
    const { errorName, args } = decodeErrorResult({ abi: revertAbi, data })
    switch (errorName) {
      case 'Error':
        return args[0]
      case 'Panic':
        return `panic 0x${args[0].toString(16)}`
      case 'ERC20InsufficientBalance':
        return `the token balance (${args[1]} base units) is less than the amount (${args[2]})`
      case 'ERC20InvalidReceiver':
        return `the token does not accept ${args[0]} as a recipient`
      case 'ERC20InvalidSender':
        return `the token does not accept ${args[0]} as a sender`
      case 'ERC20InsufficientAllowance':
        return `the allowance (${args[1]}) is less than the amount (${args[2]})`
    }
  } catch {
    // An error this list does not know: name its selector so it can be looked up.
  }
  return `error ${data.slice(0, 10)}`
}
