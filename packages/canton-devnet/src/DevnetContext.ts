import type { LedgerApiTokenVerifier } from './auth/ledgerApiToken.js'
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
  /** Checks a request's `Authorization` header as the configured auth services do; returns the user id. */
  verifyToken: LedgerApiTokenVerifier
  /** When set, the registry API wants `Authorization: Bearer <registryToken>`; else it is public. */
  registryToken?: string | undefined
  /** Canton's `http-list-max-elements-limit`: the most elements a list endpoint answers with. */
  listMaxElements: number
}
