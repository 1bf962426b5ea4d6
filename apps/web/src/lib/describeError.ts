import { WebAuthnError } from '@simplewebauthn/browser'
import { AppError } from './AppError'

/** A message a person can act on, for any error the app may meet. Never includes key material. */
export function describeError(error: unknown): string {
  if (error instanceof AppError) return error.message
  if (error instanceof WebAuthnError) {
    if (error.code === 'ERROR_CEREMONY_ABORTED' || error.name === 'NotAllowedError') {
      return 'The passkey prompt was closed or timed out. Try again when you are ready.'
    }
    if (error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
      return 'This authenticator already holds a passkey for this account. Sign in instead.'
    }
    return error.message
  }
  if (error instanceof DOMException && error.name === 'NotAllowedError') {
    return 'The passkey prompt was closed or timed out. Try again when you are ready.'
  }
  if (
    error &&
    typeof error === 'object' &&
    'shortMessage' in error &&
    typeof error.shortMessage === 'string'
  ) {
    return error.shortMessage
  }
  if (error instanceof Error && error.message) return error.message
  return 'Something went wrong. Try again.'
}
