import { DOCK_CANTON_NETWORK, type DockApp } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { ConfirmRemoval } from './ConfirmRemoval'
import { DockAppForm, PERMISSION_LABELS } from './DockAppForm'
import { adminDockKey, dockAdmin, useAdminDockApps } from './dockQueries'
import { adminAuditKey, useAdminNetworks } from './queries'
import { RowActions } from './RowActions'

/**
 * The dock: third-party web apps users open inside the wallet, each with its origin, networks and
 * permissions; add, change, move up or down, take out of the dock or put back, remove (confirmed
 * first; users' grants to it go with it). Each change asks for the admin's passkey.
 */
export function DockAppsSection() {
  const queryClient = useQueryClient()
  const dock = useAdminDockApps()
  const networks = useAdminNetworks()
  const formId = useId()
  const confirmId = useId()
  const [editing, setEditing] = useState<DockApp | 'new' | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminDockKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const list = dock.data?.apps ?? []
  const networkName = (id: string) =>
    id === DOCK_CANTON_NETWORK ? 'Canton' : (networks.data?.networks.find((n) => n.id === id)?.name ?? id)

  const change = useAction(async (app: DockApp, action: 'toggle' | 'up' | 'down' | 'remove') => {
    setNotice(null)
    if (action === 'toggle') {
      const { id, position: _, origin: __, ...fields } = app
      const saved = await dockAdmin.update(id, { ...fields, enabled: !app.enabled })
      setNotice(`${saved.name} is ${saved.enabled ? 'in the dock' : 'out of the dock'}.`)
    } else if (action === 'remove') {
      await dockAdmin.remove(app.id)
      setConfirming(null)
      setNotice(`Removed ${app.name}.`)
    } else {
      const ids = list.map((a) => a.id)
      const from = ids.indexOf(app.id)
      const to = action === 'up' ? from - 1 : from + 1
      ;[ids[from], ids[to]] = [ids[to]!, ids[from]!]
      await dockAdmin.reorder(ids)
    }
    await refresh()
  })

  const pending = list.find((app) => app.id === confirming)

  return (
    <section className="card" aria-labelledby="admin-dock-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-dock-heading">Dock apps</h2>
          <p className="muted">
            Web apps users open inside the wallet, in this order. Each runs sandboxed on its own origin and
            asks the wallet for what its permissions allow; users approve every signature.
          </p>
        </div>
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void dock.refetch()}
            disabled={dock.isFetching}
          >
            Refresh
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={editing === 'new'}
            aria-controls={formId}
            onClick={() => {
              setEditing(editing === 'new' ? null : 'new')
              setNotice(null)
            }}
          >
            {editing === 'new' ? 'Close form' : 'Add a dock app'}
          </button>
        </div>
      </header>

      <QueryStatus query={dock} loading="Loading dock apps…" />
      {dock.data && list.length === 0 && <p className="muted">No dock app yet: users see no dock.</p>}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-labelledby="admin-dock-heading">
            <thead>
              <tr>
                <th scope="col">App</th>
                <th scope="col">Origin</th>
                <th scope="col">Networks</th>
                <th scope="col">Permissions</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((app, index) => (
                <tr key={app.id} className={app.enabled ? undefined : 'admin-row--disabled'}>
                  <th scope="row" className="admin-party">
                    <div>
                      {app.icon && <img src={app.icon} alt="" width={20} height={20} />}{' '}
                      <strong>{app.name}</strong>
                    </div>
                  </th>
                  <td>
                    <code className="mono break">{app.origin}</code>
                  </td>
                  <td>{app.networks.length > 0 ? app.networks.map(networkName).join(', ') : '—'}</td>
                  <td>
                    {app.permissions.length > 0
                      ? app.permissions.map((permission) => PERMISSION_LABELS[permission].label).join(', ')
                      : '—'}
                  </td>
                  <td>
                    {app.enabled ? (
                      <span className="pill admin-pill--up">In the dock</span>
                    ) : (
                      <span className="pill admin-pill--down">Disabled</span>
                    )}
                  </td>
                  <td>
                    <RowActions
                      name={app.name}
                      busy={change.busy}
                      move={{
                        first: index === 0,
                        last: index === list.length - 1,
                        onMove: (direction) => void change.run(app, direction),
                      }}
                      edit={{
                        open: editing !== 'new' && editing?.id === app.id,
                        formId,
                        onEdit: () => {
                          setNotice(null)
                          setEditing(app)
                        },
                      }}
                      toggle={{
                        label: app.enabled ? 'Disable' : 'Enable',
                        onToggle: () => void change.run(app, 'toggle'),
                      }}
                      remove={{
                        confirming: confirming === app.id,
                        confirmId,
                        onRemove: () => {
                          change.reset()
                          setConfirming(app.id)
                        },
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {change.error && !pending && (
        <p role="alert" className="alert alert--error admin-after-table">
          {change.error}
        </p>
      )}
      {pending && (
        <ConfirmRemoval
          id={confirmId}
          title={`Remove ${pending.name} from the dock?`}
          hint="Users stop seeing it at once, and every user's grant to it (accounts and networks) is removed."
          failure="Removing the app failed"
          removing={change.busy}
          error={change.error}
          onConfirm={() => void change.run(pending, 'remove')}
          onCancel={() => setConfirming(null)}
        />
      )}
      {notice && (
        <p role="status" className="alert alert--success admin-after-table">
          {notice}
        </p>
      )}
      {editing !== null && (
        <DockAppForm
          key={editing === 'new' ? 'new' : editing.id}
          id={formId}
          networks={networks.data?.networks ?? []}
          {...(editing === 'new' ? {} : { app: editing })}
          onSave={async (request) => {
            const saved =
              request.kind === 'add'
                ? await dockAdmin.add(request.body)
                : await dockAdmin.update(request.id, request.body)
            setEditing(null)
            setNotice(request.kind === 'add' ? `Added ${saved.name}.` : `Saved ${saved.name}.`)
            await refresh()
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  )
}
