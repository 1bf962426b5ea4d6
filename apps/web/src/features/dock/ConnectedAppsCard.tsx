import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useSession } from '../../lib/session'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { CANTON_NETWORK, type DockApp, type DockGrant, deleteDockGrant } from './dockApi'
import { dockGrantsKey, dockNetworksQuery, useDockGrants } from './queries'

export interface ConnectedAppsCardProps {
  apps: readonly DockApp[]
  /** Called once a grant is revoked, to tell the app if it is open. */
  onRevoked(grant: DockGrant): void
}

function RevokeButton({
  grant,
  appName,
  onRevoked,
}: {
  grant: DockGrant
  appName: string
  onRevoked(g: DockGrant): void
}) {
  const queryClient = useQueryClient()
  const revoke = useAction(async () => {
    await deleteDockGrant(grant.appId)
    queryClient.setQueryData<DockGrant[]>(dockGrantsKey, (old) => old?.filter((g) => g.appId !== grant.appId))
    void queryClient.invalidateQueries({ queryKey: dockGrantsKey })
    onRevoked(grant)
  })
  return (
    <>
      <button
        type="button"
        className="button button--ghost button--small"
        onClick={() => void revoke.run()}
        disabled={revoke.busy}
        aria-label={`Revoke ${appName}`}
      >
        Revoke
      </button>
      {revoke.error && (
        <span role="alert" className="alert alert--error">
          {revoke.error}
        </span>
      )}
    </>
  )
}

/** "Connected apps": the dock apps the user granted accounts to, what each sees, and Revoke. */
export function ConnectedAppsCard({ apps, onRevoked }: ConnectedAppsCardProps) {
  const grants = useDockGrants()
  const networks = useQuery(dockNetworksQuery)
  const { me } = useSession()
  const nameOf = (id: string) =>
    id === CANTON_NETWORK ? 'Canton' : (networks.data?.find((n) => n.id === id)?.name ?? id)
  return (
    <section className="card" aria-labelledby="dock-connected-apps">
      <h2 id="dock-connected-apps">Connected apps</h2>
      <QueryStatus query={grants} loading="Loading your connected apps…" />
      {grants.data?.length === 0 && <p className="muted">No app can see your accounts.</p>}
      {grants.data && grants.data.length > 0 && (
        <ul className="dock-grants">
          {grants.data.map((grant) => {
            const app = apps.find((a) => a.id === grant.appId)
            const appName = app?.name ?? grant.appId
            return (
              <li key={grant.appId}>
                <div>
                  <strong>{appName}</strong>
                  {app && <span className="small muted"> · {app.origin}</span>}
                  <p className="small">
                    Sees{' '}
                    {grant.accounts.map((a, i) => (
                      <span key={a}>
                        {i > 0 && ', '}
                        <code className="mono break">{a === me?.addresses?.evm ? `${a} (EVM)` : a}</code>
                      </span>
                    ))}{' '}
                    on {grant.networks.map(nameOf).join(', ') || 'no network'}.
                  </p>
                </div>
                <RevokeButton grant={grant} appName={appName} onRevoked={onRevoked} />
              </li>
            )
          })}
        </ul>
      )}
    </section>
  )
}
