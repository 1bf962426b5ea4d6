import type { Database } from '@stratos/db'
import { CHAINS, type ChainAddresses, type MeResponse } from '@stratos/schemas'
import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '../../errors.js'
import { insertMissingAddresses, selectAddresses, selectCredentials, selectUser } from './queries.js'

type Executor = Kysely<Database> | Transaction<Database>

/** The signed-in user's public profile: user, addresses, passkeys, session expiry. */
export async function getMe(
  db: Executor,
  userId: string,
  session: { expiresAt: string },
): Promise<MeResponse> {
  const [user, credentials, addressRows] = await Promise.all([
    selectUser(db, userId),
    selectCredentials(db, userId),
    selectAddresses(db, userId),
  ])
  if (!user) throw new ApiError(401, 'UNAUTHENTICATED', 'The account of this session no longer exists')
  return {
    user: { id: user.id, displayName: user.display_name, role: user.role, createdAt: user.created_at },
    addresses: toChainAddresses(addressRows),
    credentials: credentials.map((c) => ({
      id: c.id,
      kind: c.wrapped_entropy === null ? ('primary' as const) : ('backup' as const),
      createdAt: c.created_at,
      lastUsedAt: c.last_used_at,
      backedUp: Number(c.backed_up) === 1,
      transports: JSON.parse(c.transports) as string[],
    })),
    session: { expiresAt: session.expiresAt },
  }
}

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

function toChainAddresses(rows: { chain: string; address: string }[]): ChainAddresses | null {
  const byChain = new Map(rows.map((r) => [r.chain, r.address]))
  if (!CHAINS.every((chain) => byChain.has(chain))) return null
  return Object.fromEntries(CHAINS.map((chain) => [chain, byChain.get(chain)!])) as ChainAddresses
}
