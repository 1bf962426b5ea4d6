import { join } from 'node:path'
import { createLedgerApiToken } from '../auth/ledgerApiToken.js'
import { TemplateRegistry } from '../engine/TemplateRegistry.js'
import { LedgerStore } from '../store/LedgerStore.js'

/**
 * A Ledger API token for `userId` of the devnet another process runs on `dataDir` (its persisted
 * JWT secret and participant id), for tests that drive that devnet directly, e.g. an e2e minting
 * many holdings behind the app's back. The user must exist there.
 */
export async function ledgerApiTokenAt(dataDir: string, userId: string): Promise<string> {
  const store = new LedgerStore(new TemplateRegistry(), join(dataDir, 'canton-devnet.sqlite'))
  try {
    const secret = store.getMeta('jwtSecret')
    const participantId = store.getMeta('participantId')
    if (!secret || !participantId) throw new Error(`ledgerApiTokenAt: no devnet ledger in ${dataDir}`)
    if (!store.getUser(userId)) throw new Error(`ledgerApiTokenAt: the devnet has no user ${userId}`)
    return createLedgerApiToken(secret, userId, `https://daml.com/jwt/aud/participant/${participantId}`)
  } finally {
    store.close()
  }
}
