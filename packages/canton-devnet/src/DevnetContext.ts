import type { TemplateRegistry } from './engine/TemplateRegistry.js'
import type { LedgerService } from './LedgerService.js'
import type { LedgerStore } from './store/LedgerStore.js'

/** What the routes of the devnet share. */
export interface DevnetContext {
  store: LedgerStore
  registry: TemplateRegistry
  ledger: LedgerService
  participantId: string
  synchronizerId: string
  jwtSecret: string
  /** The `aud` the devnet puts into the tokens it issues. */
  audience: string
  /** Canton's `http-list-max-elements-limit`: the most elements a list endpoint answers with. */
  listMaxElements: number
}
