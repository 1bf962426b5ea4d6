import type { AdminNetwork } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { ConfirmRemoval } from './ConfirmRemoval'
import { FAMILIES, NetworkForm } from './NetworkForm'
import { adminAuditKey, adminNetworksKey, useAdminNetworks } from './queries'
import { RowActions } from './RowActions'

/** What names the network's chain, per family: `chain 8453`, `regtest`, a genesis hash's start. */
function chainOf(network: AdminNetwork): string {
  if (network.chainId !== null) return `chain ${network.chainId}`
  if (network.bitcoinNetwork) return network.bitcoinNetwork
  if (network.tonNetwork) return network.tonNetwork
  if (network.genesisHash) return `genesis ${network.genesisHash.slice(0, 8)}…`
  return ''
}

/**
 * The networks wallets use: each with its chain, endpoint (credentials redacted), native coin and
 * whether wallets see it; add, change, turn on or off, move up or down, remove (confirmed first).
 * Adding or changing the endpoint is checked against the chain by the API, whose refusal the form
 * shows.
 */
export function NetworksSection() {
  const queryClient = useQueryClient()
  const networks = useAdminNetworks()
  const formId = useId()
  const confirmId = useId()
  const [editing, setEditing] = useState<AdminNetwork | 'new' | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminNetworksKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const change = useAction(async (network: AdminNetwork, action: 'toggle' | 'up' | 'down' | 'remove') => {
    setNotice(null)
    const list = networks.data?.networks ?? []
    if (action === 'toggle') {
      const saved = await api.admin.networks.update(network.id, { enabled: !network.enabled })
      setNotice(`${saved.name} is ${saved.enabled ? 'shown to wallets' : 'hidden from wallets'}.`)
    } else if (action === 'remove') {
      await api.admin.networks.remove(network.id)
      setConfirming(null)
      setNotice(`Removed ${network.name} and its tokens.`)
    } else {
      const ids = list.map((n) => n.id)
      const from = ids.indexOf(network.id)
      const to = action === 'up' ? from - 1 : from + 1
      ;[ids[from], ids[to]] = [ids[to]!, ids[from]!]
      await api.admin.networks.reorder(ids)
    }
    await refresh()
  })

  const list = networks.data?.networks ?? []
  const pending = list.find((network) => network.id === confirming)

  return (
    <section className="card" aria-labelledby="admin-networks-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-networks-heading">Networks</h2>
          <p className="muted">
            The chains wallets show, in this order. Endpoints and API keys stay on the server: wallets reach
            each chain through this instance.
          </p>
        </div>
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void networks.refetch()}
            disabled={networks.isFetching}
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
            {editing === 'new' ? 'Close form' : 'Add a network'}
          </button>
        </div>
      </header>

      <QueryStatus query={networks} loading="Loading networks…" />
      {networks.data && list.length === 0 && (
        <p className="muted">No network yet: wallets show no chain but Canton.</p>
      )}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-labelledby="admin-networks-heading">
            <thead>
              <tr>
                <th scope="col">Network</th>
                <th scope="col">Chain</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Native coin</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((network, index) => (
                <tr key={network.id} className={network.enabled ? undefined : 'admin-row--disabled'}>
                  <th scope="row" className="admin-party">
                    <div>
                      <strong>{network.name}</strong>{' '}
                      {network.testnet && <span className="pill">testnet</span>}
                    </div>
                    <code className="mono muted">{network.id}</code>
                  </th>
                  <td>
                    <div>{FAMILIES[network.family].label}</div>
                    <span className="muted">{chainOf(network)}</span>
                  </td>
                  <td>
                    <code className="mono break">{network.endpoint}</code>
                    {network.apiKeyHeader && (
                      <div className="muted">
                        API key in <code className="mono">{network.apiKeyHeader}</code>
                      </div>
                    )}
                  </td>
                  <td className="admin-nowrap">
                    {network.nativeSymbol} <span className="muted">{network.nativeDecimals} decimals</span>
                  </td>
                  <td>
                    {network.enabled ? (
                      <span className="pill admin-pill--up">Shown</span>
                    ) : (
                      <span className="pill admin-pill--down">Hidden</span>
                    )}
                  </td>
                  <td>
                    <RowActions
                      name={network.name}
                      busy={change.busy}
                      move={{
                        first: index === 0,
                        last: index === list.length - 1,
                        onMove: (direction) => void change.run(network, direction),
                      }}
                      edit={{
                        open: editing !== 'new' && editing?.id === network.id,
                        formId,
                        onEdit: () => {
                          setNotice(null)
                          setEditing(network)
                        },
                      }}
                      toggle={{
                        label: network.enabled ? 'Hide' : 'Show',
                        onToggle: () => void change.run(network, 'toggle'),
                      }}
                      remove={{
                        confirming: confirming === network.id,
                        confirmId,
                        onRemove: () => {
                          change.reset()
                          setConfirming(network.id)
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
          title={`Remove ${pending.name} and its tokens?`}
          hint="Wallets stop showing it at once. Funds stay on chain; adding the network again shows them again."
          failure="Removing the network failed"
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
        <NetworkForm
          key={editing === 'new' ? 'new' : editing.id}
          id={formId}
          {...(editing === 'new' ? {} : { network: editing })}
          onSave={async (request) => {
            const saved =
              request.kind === 'add'
                ? await api.admin.networks.add(request.body)
                : await api.admin.networks.update(request.id, request.body)
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
