import { useState } from 'react'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'
import { stepUp } from '../../lib/stepUp'
import { type Action, useAction } from '../../lib/useAction'

/** A change to one of the user's passkeys: rename it (an empty name clears it), or remove it. */
export type PasskeyChange = { kind: 'rename'; id: string; name: string } | { kind: 'remove'; id: string }

export type ManagePasskeyAction = Action<[change: PasskeyChange]> & {
  /** A confirmation after success, for a `role="status"` line; null otherwise. */
  status: string | null
}

/**
 * Renaming and removing the user's passkeys. Each change asks for a step-up first (the browser's
 * passkey prompt, for this change of this passkey only), then sends the change with it; the
 * user is updated. One change at a time.
 */
export function useManagePasskey(): ManagePasskeyAction {
  const session = useSession()
  const [status, setStatus] = useState<string | null>(null)
  const action = useAction(async (change: PasskeyChange) => {
    setStatus(null)
    if (change.kind === 'rename') {
      const name = change.name.trim()
      const proof = await stepUp({ action: 'passkey.rename', target: change.id })
      session.setMe(await api.renameCredential(change.id, { name: name === '' ? null : name, stepUp: proof }))
      setStatus(name === '' ? 'Passkey name cleared.' : `Passkey renamed to “${name}”.`)
    } else {
      const proof = await stepUp({ action: 'passkey.remove', target: change.id })
      session.setMe(await api.deleteCredential(change.id, { stepUp: proof }))
      setStatus('Passkey removed. It no longer opens your wallet.')
    }
  })
  return { ...action, status }
}
