import { ChainsError } from '@stratos/chains'
import { describeError } from '../../lib/describeError'

/** Where a failed review shows its error: beside the field it is about, or above the buttons. */
export interface TransferErrors {
  to?: string
  amount?: string
  form?: string
}

/**
 * Puts a chain's refusal where the person will look: a bad recipient under the recipient, funds,
 * fee, dust and rent under the amount, the rest (an unactivated TRON account, an undeployed TON
 * wallet, a node that refused) above the buttons. The message is the adapter's, which names the cause.
 */
export function transferErrors(error: unknown): TransferErrors {
  if (!(error instanceof ChainsError)) return { form: describeError(error) }
  switch (error.code) {
    case 'INVALID_ADDRESS':
      return { to: error.shortMessage }
    case 'INVALID_AMOUNT':
    case 'AMOUNT_PRECISION':
    case 'INSUFFICIENT_FUNDS':
    case 'INSUFFICIENT_FUNDS_FOR_FEE':
    case 'DUST_OUTPUT':
    case 'RENT_EXEMPTION':
      return { amount: error.shortMessage }
    default:
      return { form: error.shortMessage }
  }
}
