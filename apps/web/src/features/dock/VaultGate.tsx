import type { ReactNode } from 'react'
import { useSession } from '../../lib/session'
import { LockPanel } from '../lock'

/**
 * What a review shows about signing: while the wallet is locked, that it is and the wallet's own
 * unlock (the review stays open and can be approved once unlocked).
 */
export function VaultGate({ children }: { children?: ReactNode }) {
  const { vault } = useSession()
  if (vault) return <>{children}</>
  return (
    <div className="dock-locked">
      <p role="alert" className="alert alert--error">
        Your wallet is locked: unlock it with your passkey to sign. This request stays open.
      </p>
      <LockPanel stay />
    </div>
  )
}
