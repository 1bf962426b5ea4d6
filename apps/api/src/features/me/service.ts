import type { Database } from '@stratos/db/portable'
import type { ChainAddresses } from '@stratos/schemas'
import type { Kysely } from 'kysely'
import { insertMissingAddresses, selectAddresses } from '../../accounts/queries.js'
import { ApiError } from '../../errors.js'

/**
 * Stores the account-0 addresses, or confirms they are the ones stored. The same passkey always
 * derives the same addresses, so a difference means another passkey or another derivation: it
 * is refused with 409 ADDRESSES_MISMATCH rather than overwriting what the user was shown before.
 */
export async function saveAddresses(
  db: Kysely<Database>,
  userId: string,
  addresses: ChainAddresses,
  now: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertMissingAddresses(trx, userId, addresses, now)
    const stored = await selectAddresses(trx, userId)
    const differing = stored.filter((row) => addresses[row.chain as keyof ChainAddresses] !== row.address)
    if (differing.length > 0) {
      throw new ApiError(
        409,
        'ADDRESSES_MISMATCH',
        `The addresses differ from the ones stored for this account (${differing.map((r) => r.chain).join(', ')}): ` +
          'they were derived from another passkey or another derivation, and are not overwritten',
      )
    }
  })
}
