import type { MeResponse } from '@stratos/schemas'
import { AppError } from '../../lib/AppError'

/**
 * The passkey signed in, but derives other addresses than the account has on record: it is not
 * the passkey the wallet was created with (nor a linked backup). The keys were locked.
 */
export class AddressMismatchError extends AppError {
  override name = 'AddressMismatchError'
  readonly me: MeResponse

  constructor(me: MeResponse) {
    super(
      'ADDRESS_MISMATCH',
      'This passkey derives different addresses from the ones saved for your account, so it cannot ' +
        'unlock this wallet. Your wallet stays locked. Use the passkey you created the account with.',
    )
    this.me = me
  }
}
