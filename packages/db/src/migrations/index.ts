import type { Migration } from 'kysely'
import * as m0001 from './0001_initial.js'
import * as m0002 from './0002_canton_parties.js'
import * as m0003 from './0003_audit_log.js'
import * as m0004 from './0004_defi_vaults.js'
import * as m0009 from './0009_credentials_meta.js'

/**
 * Migrations are listed in code, not read from a folder, so they bundle into a Worker the same
 * way they run on Node. Names sort in the order they apply.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_canton_parties': m0002,
  '0003_audit_log': m0003,
  '0004_defi_vaults': m0004,
  '0009_credentials_meta': m0009,
}
