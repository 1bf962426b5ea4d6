import { NoPrfError } from '../../lib/AppError'
import { loadChunk } from '../../lib/loadChunk'
import { navigate } from '../../lib/router'
import { useSession } from '../../lib/session'
import { type Action, useAction } from '../../lib/useAction'

/** The one-time token of the link the account is created with, if any. */
export interface AccountLinkTokens {
  /** From the admin enrollment link (`/enroll#token=…`). */
  enrollToken?: string | undefined
  /** From an admin's invite link (`/enroll#invite=…`). */
  inviteToken?: string | undefined
}

/**
 * Create-account ceremony bound to the session: on success the wallet opens unlocked. The ceremony
 * and the key derivation (all chains' code) load on the first submit, not with the welcome page.
 */
export function useCreateAccount(): Action<[displayName: string, tokens?: AccountLinkTokens]> {
  const session = useSession()
  return useAction(async (displayName: string, tokens: AccountLinkTokens = {}) => {
    try {
      const { createAccount } = await loadChunk(() => import('./createAccount'))
      const { me, vault, derived } = await createAccount({ config: session.config, displayName, ...tokens })
      session.setNotice(null)
      session.setMe(me)
      session.unlock(vault, derived)
      navigate('/dashboard', { replace: true })
    } catch (error) {
      if (error instanceof NoPrfError) return session.setNoPrf('create')
      throw error
    }
  })
}
