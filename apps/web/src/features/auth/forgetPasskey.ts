import { sendSignal } from '@simplewebauthn/browser'

/**
 * Tells the browser's passkey manager that a just-created passkey will never be accepted (no
 * account was committed for it), so it can hide or delete it. Best effort: unsupported browsers
 * and managers simply ignore it.
 */
export function forgetPasskey(rpId: string, credentialId: string): void {
  sendSignal({ signalName: 'unknownCredential', rpID: rpId, credentialID: credentialId }).catch(() => {})
}
