import type { Database } from '@stratos/db/portable'
import { CHAINS, type ChainAddresses, type MeResponse } from '@stratos/schemas'
import type { Kysely, Transaction } from 'kysely'
import { ApiError } from '../errors.js'
import { authenticatorName } from '../passkeys/authenticatorName.js'
import { selectAddresses, selectCredentials, selectUser } from './queries.js'

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
      name: c.name,
      authenticatorName: authenticatorName(c.aaguid),
      createdAt: c.created_at,
      lastUsedAt: c.last_used_at,
      backupEligible: c.device_type === 'multiDevice',
      backedUp: Number(c.backed_up) === 1,
      transports: JSON.parse(c.transports) as string[],
    })),
    session: { expiresAt: session.expiresAt },
  }
}

function toChainAddresses(rows: { chain: string; address: string }[]): ChainAddresses | null {
  const byChain = new Map(rows.map((r) => [r.chain, r.address]))
  if (!CHAINS.every((chain) => byChain.has(chain))) return null
  return Object.fromEntries(CHAINS.map((chain) => [chain, byChain.get(chain)!])) as ChainAddresses
}
