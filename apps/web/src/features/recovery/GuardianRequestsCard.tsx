import { recoveryCode } from '@stratos/keys'
import type { GuardianRequest } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'
import { useAction } from '../../lib/useAction'
import { guardianRequestsKey, useGuardianRequests } from './queries'

/**
 * Recoveries of accounts this user guards. Approving re-seals the share sealed to this wallet's
 * guardian key to the recovering device's key, in this browser; the code shown is computed here from
 * that key, for the guardian to compare with what the person reads from their new device.
 */
export function GuardianRequestsCard() {
  const { me, vault } = useSession()
  const requests = useGuardianRequests()
  const queryClient = useQueryClient()
  const approve = useAction(async (request: GuardianRequest) => {
    if (!vault || !me) return
    const sealedShare = await vault.resealGuardianShare({
      userId: request.user.id,
      guardianId: me.user.id,
      shareIndex: request.shareIndex,
      sealedShare: request.sealedShare,
      recoveryId: request.id,
      recipientPublicKey: request.ephemeralPublicKey,
    })
    queryClient.setQueryData(guardianRequestsKey, await api.recovery.approve(request.id, { sealedShare }))
  })
  const list = requests.data?.requests ?? []
  if (list.length === 0) return null
  return (
    <section className="card" aria-labelledby="guardian-requests-heading">
      <h2 id="guardian-requests-heading">Guardian requests</h2>
      <p className="muted">
        Approve only if the person asked you themselves and reads you the same code from their new device.
      </p>
      <ul aria-label="Recovery requests">
        {list.map((r) => (
          <li key={r.id}>
            <strong>{r.user.displayName}</strong> is recovering their wallet. Code{' '}
            <code className="mono" data-testid="guardian-code">
              {recoveryCode(r.ephemeralPublicKey)}
            </code>
            .{' '}
            {r.approved ? (
              <span className="pill">Approved</span>
            ) : vault ? (
              <button
                type="button"
                className="button button--primary button--small"
                onClick={() => void approve.run(r)}
                disabled={approve.busy}
              >
                Approve recovery of {r.user.displayName}
              </button>
            ) : (
              <span className="small muted">Unlock your wallet to approve.</span>
            )}
          </li>
        ))}
      </ul>
      {approve.error && (
        <p role="alert" className="alert alert--error">
          {approve.error}
        </p>
      )}
    </section>
  )
}
