import { ChainsError, parseNativeAmount } from '@stratos/chains'
import { type Address, formatEther, isAddress } from 'viem'

export interface SendFormInput {
  to: string
  amount: string
  /** Current balance in wei, when known. */
  balance: bigint | undefined
  symbol: string
}

export type SendFormResult =
  | { ok: true; to: Address; value: bigint }
  | { ok: false; errors: { to?: string; amount?: string } }

/** Checks the send form before anything goes to the network; messages are shown beside each field. */
export function validateSendForm({ to, amount, balance, symbol }: SendFormInput): SendFormResult {
  const errors: { to?: string; amount?: string } = {}
  const recipient = to.trim()
  if (!recipient) errors.to = 'Enter the recipient address.'
  else if (!/^0x[0-9a-fA-F]{40}$/.test(recipient)) {
    errors.to = 'Not an EVM address: it should be 0x followed by 40 hexadecimal characters.'
  } else if (!isAddress(recipient)) {
    // Mixed case carries an EIP-55 checksum; a wrong one means a typo somewhere.
    errors.to = 'The address checksum does not match: check it for a typo.'
  }

  let value: bigint | undefined
  if (!amount.trim()) errors.amount = 'Enter an amount.'
  else {
    try {
      value = parseNativeAmount({ amount })
      if (balance !== undefined && value > balance) {
        errors.amount = `More than your balance (${formatEther(balance)} ${symbol}).`
      }
    } catch (error) {
      errors.amount = error instanceof ChainsError ? error.shortMessage : 'Enter an amount, like 0.5.'
    }
  }

  if (errors.to || errors.amount || value === undefined) return { ok: false, errors }
  return { ok: true, to: recipient as Address, value }
}
