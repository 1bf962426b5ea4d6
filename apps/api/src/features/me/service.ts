import { type Database, guardAtCommit, isD1 } from '@stratos/db/portable'
import type { ChainAddresses } from '@stratos/schemas'
import { type Kysely, sql } from 'kysely'
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
    refuseDiffering(await selectAddresses(trx, userId), addresses)
    await insertMissingAddresses(trx, userId, addresses, now)
    if (isD1(trx)) {
      // What a concurrent request stored meanwhile is checked by the commit's batch.
      const differs = Object.entries(addresses).map(
        ([chain, address]) => sql<boolean>`(chain = ${chain} and address <> ${address})`,
      )
      await guardAtCommit(
        trx,
        sql`not exists (select 1 from addresses where user_id = ${userId} and (${sql.join(differs, sql` or `)}))`,
      )
    } else {
      refuseDiffering(await selectAddresses(trx, userId), addresses)
    }
  })
}

function refuseDiffering(stored: { chain: string; address: string }[], addresses: ChainAddresses): void {
  const differing = stored.filter((row) => addresses[row.chain as keyof ChainAddresses] !== row.address)
  if (differing.length > 0) {
    throw new ApiError(
      409,
      'ADDRESSES_MISMATCH',
      `The addresses differ from the ones stored for this account (${differing.map((r) => r.chain).join(', ')}): ` +
        'they were derived from another passkey or another derivation, and are not overwritten',
    )
  }
}
