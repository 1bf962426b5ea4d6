import type { Migration } from 'kysely'
import * as m0001 from './0001_initial.js'
import * as m0002 from './0002_canton_parties.js'
import * as m0003 from './0003_audit_log.js'
import * as m0004 from './0004_defi_vaults.js'
import * as m0005 from './0005_sessions.js'
import * as m0006 from './0006_audit_chain.js'
import * as m0007 from './0007_rate_limits.js'
import * as m0008 from './0008_users_admin.js'
import * as m0009 from './0009_credentials_meta.js'
import * as m0010 from './0010_operator_sessions.js'
import * as m0011 from './0011_recovery.js'
import * as m0012 from './0012_credential_attestation.js'
import * as m0013 from './0013_networks.js'
import * as m0014 from './0014_dock.js'

/**
 * Migrations are listed in code, not read from a folder: `stratos migrate` applies them,
 * `npm run d1:migrations` renders them to D1's SQL files, and the Worker bundles the list, against
 * which its readiness checks what D1 applied. Names sort in the order they apply.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_canton_parties': m0002,
  '0003_audit_log': m0003,
  '0004_defi_vaults': m0004,
  '0005_sessions': m0005,
  '0006_audit_chain': m0006,
  '0007_rate_limits': m0007,
  '0008_users_admin': m0008,
  '0009_credentials_meta': m0009,
  '0010_operator_sessions': m0010,
  '0011_recovery': m0011,
  '0012_credential_attestation': m0012,
  '0013_networks': m0013,
  '0014_dock': m0014,
}
