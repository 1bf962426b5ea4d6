import { NoPrfError } from '../../lib/AppError'
import { loadChunk } from '../../lib/loadChunk'
import { navigate } from '../../lib/router'
import { useSession } from '../../lib/session'
import { type Action, useAction } from '../../lib/useAction'
import { AddressMismatchError } from './AddressMismatchError'
import { UnwrapFailedError } from './UnwrapFailedError'

/**
 * Sign-in ceremony bound to the session; also what "Unlock" runs, since the keys come from the
 * same passkey assertion. On success the keys are in memory and the dashboard shows, or, with
 * `stay`, the page that asked stays (the dock, whose apps and pending approvals live in the page).
 * The ceremony and the key derivation (all chains' code) load on the first click, not with the
 * welcome page.
 */
export function useSignIn({ stay = false }: { stay?: boolean } = {}): Action<[]> {
  const session = useSession()
  return useAction(async () => {
    try {
      const { signInWithPasskey } = await loadChunk(() => import('./signInWithPasskey'))
      const { me, vault, derived } = await signInWithPasskey()
      session.setNotice(null)
      session.setMe(me)
      session.unlock(vault, derived)
      if (!stay) navigate('/dashboard')
    } catch (error) {
      if (error instanceof NoPrfError) return session.setNoPrf('sign-in')
      if (error instanceof AddressMismatchError || error instanceof UnwrapFailedError) {
        // Signed in, but this passkey cannot open this wallet: show it locked, with the reason.
        session.lock()
        session.setMe(error.me)
        session.setNotice(error.message)
        navigate('/dashboard')
        return
      }
      throw error
    }
  })
}
