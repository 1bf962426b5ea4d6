import type { Migration } from 'kysely'
import * as m0001 from './0001_relayer_journal.js'

/** The journal's migrations, listed in code like `@stratos/db`'s; names sort in the order they apply. */
export const journalMigrations: Record<string, Migration> = {
  '0001_relayer_journal': m0001,
}
