import type { MeResponse } from '@stratos/schemas'
import { AppError } from '../../lib/AppError'

/**
 * The backup passkey signed in, but the wallet key stored for it does not open with it (wrong
 * passkey or damaged data). The session stays; the wallet stays locked.
 */
export class UnwrapFailedError extends AppError {
  override name = 'UnwrapFailedError'
  readonly me: MeResponse

  constructor(me: MeResponse, options: { cause?: unknown } = {}) {
    super(
      'UNWRAP_FAILED',
      'You are signed in, but the wallet key saved for this backup passkey could not be opened with it, ' +
        'so your wallet stays locked. Unlock with another of your passkeys, and add this backup again.',
      options,
    )
    this.me = me
  }
}
