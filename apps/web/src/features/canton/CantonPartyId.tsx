import { CopyButton } from '../../lib/ui/CopyButton'
import { useCantonStatus } from './queries'

/** The user's Canton party id for the Canton address card, once allocated. */
export function CantonPartyId() {
  const status = useCantonStatus()
  if (!status.data?.configured) return null
  const partyId = status.data.partyId
  return (
    <div className="party">
      <p className="small muted">Party id</p>
      {partyId ? (
        <>
          <code className="mono break" data-testid="canton-party">
            {partyId}
          </code>
          <CopyButton text={partyId} label="Copy party id" />
        </>
      ) : (
        <p className="small muted">Not allocated yet: it is set up when your wallet is unlocked.</p>
      )}
    </div>
  )
}
