import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'

/** Sessions that still sign someone in at `now`: not revoked, not expired (as `Sessions.resolve` judges). */
export async function countActiveSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const { n } = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string | number | bigint>().as('n'))
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now.toISOString())
    .executeTakeFirstOrThrow()
  return Number(n)
}
