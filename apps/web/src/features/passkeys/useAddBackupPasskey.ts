import { useState } from 'react'
import { AppError, NoPrfError } from '../../lib/AppError'
import { loadChunk } from '../../lib/loadChunk'
import { useSession } from '../../lib/session'
import { type Action, useAction } from '../../lib/useAction'

export type AddBackupPasskeyAction = Action<[]> & {
  /** A confirmation after success, for a `role="status"` line; null otherwise. */
  status: string | null
}

/** The add-backup-passkey flow bound to the session: needs the unlocked vault; updates the user. */
export function useAddBackupPasskey(): AddBackupPasskeyAction {
  const session = useSession()
  const [status, setStatus] = useState<string | null>(null)
  const action = useAction(async () => {
    setStatus(null)
    const { vault } = session
    if (!vault) {
      throw new AppError('VAULT_LOCKED', 'Unlock your wallet first: adding a backup passkey needs your keys.')
    }
    try {
      const { addBackupPasskey } = await loadChunk(() => import('./addBackupPasskey'))
      const me = await addBackupPasskey({ config: session.config, vault })
      session.setMe(me)
      setStatus('Backup passkey added. It opens this same wallet: keep it somewhere safe.')
    } catch (error) {
      if (error instanceof NoPrfError) return session.setNoPrf('add-backup')
      throw error
    }
  })
  return { ...action, status }
}
