import type { AdminNetwork, AdminToken, AdminTokenInput, AdminTokenUpdateRequest } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { api } from '../../lib/api'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { TextField } from '../../lib/ui/TextField'
import { useAction } from '../../lib/useAction'
import { ConfirmRemoval } from './ConfirmRemoval'
import { adminAuditKey, adminNetworksKey, useAdminNetworks } from './queries'
import { RowActions } from './RowActions'
import { SaveOutcome } from './SaveOutcome'

/** The API keeps icons up to 64 KiB as data: URLs (the pages load images from data: only). */
const MAX_ICON_BYTES = 48 * 1024

/** `0x1234…abcd`: enough to tell addresses apart; the whole value is the element's title. */
function short(address: string): string {
  return address.length > 16 ? `${address.slice(0, 8)}…${address.slice(-6)}` : address
}

/**
 * The tokens wallets show beside each network's coin (ERC-20, SPL, TRC-20, jettons): add one (the
 * API checks on chain that the contract exists and reports the decimals given), change its symbol,
 * icon or price id, show or hide it, remove it.
 */
export function TokensSection() {
  const queryClient = useQueryClient()
  const data = useAdminNetworks()
  const formId = useId()
  const confirmId = useId()
  const [editing, setEditing] = useState<AdminToken | 'new' | null>(null)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminNetworksKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const change = useAction(async (token: AdminToken, action: 'toggle' | 'remove') => {
    setNotice(null)
    if (action === 'toggle') {
      const saved = await api.admin.tokens.update(token.id, { enabled: !token.enabled })
      setNotice(`${saved.symbol} is ${saved.enabled ? 'shown to wallets' : 'hidden from wallets'}.`)
    } else {
      await api.admin.tokens.remove(token.id)
      setConfirming(null)
      setNotice(`Removed ${token.symbol}.`)
    }
    await refresh()
  })

  const networks = (data.data?.networks ?? []).filter((network) => network.family !== 'bitcoin')
  const names = new Map(data.data?.networks.map((network) => [network.id, network.name]))
  const tokens = data.data?.tokens ?? []
  const pending = tokens.find((token) => token.id === confirming)

  return (
    <section className="card" aria-labelledby="admin-tokens-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-tokens-heading">Tokens</h2>
          <p className="muted">
            Tokens wallets show on each network. Adding one reads the contract on chain: it must exist and
            report the decimals given.
          </p>
        </div>
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={editing === 'new'}
            aria-controls={formId}
            disabled={networks.length === 0}
            onClick={() => {
              setEditing(editing === 'new' ? null : 'new')
              setNotice(null)
            }}
          >
            {editing === 'new' ? 'Close form' : 'Add a token'}
          </button>
        </div>
      </header>

      <QueryStatus query={data} loading="Loading tokens…" />
      {data.data && tokens.length === 0 && (
        <p className="muted">
          {networks.length === 0 ? 'Add a network with tokens (not Bitcoin) first.' : 'No token yet.'}
        </p>
      )}
      {tokens.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-labelledby="admin-tokens-heading">
            <thead>
              <tr>
                <th scope="col">Token</th>
                <th scope="col">Network</th>
                <th scope="col">Address</th>
                <th scope="col">Decimals</th>
                <th scope="col">Price id</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className={token.enabled ? undefined : 'admin-row--disabled'}>
                  <th scope="row" className="admin-nowrap">
                    {token.icon && <img className="admin-token-icon" src={token.icon} alt="" />}
                    <strong>{token.symbol}</strong>
                  </th>
                  <td>{names.get(token.networkId) ?? token.networkId}</td>
                  <td>
                    <code className="mono" title={token.address}>
                      {short(token.address)}
                    </code>
                  </td>
                  <td>{token.decimals}</td>
                  <td>
                    {token.priceId ? (
                      <code className="mono">{token.priceId}</code>
                    ) : (
                      <span className="muted">None</span>
                    )}
                  </td>
                  <td>
                    {token.enabled ? (
                      <span className="pill admin-pill--up">Shown</span>
                    ) : (
                      <span className="pill admin-pill--down">Hidden</span>
                    )}
                  </td>
                  <td>
                    <RowActions
                      name={token.symbol}
                      busy={change.busy}
                      edit={{
                        open: editing !== 'new' && editing?.id === token.id,
                        formId,
                        onEdit: () => {
                          setNotice(null)
                          setEditing(token)
                        },
                      }}
                      toggle={{
                        label: token.enabled ? 'Hide' : 'Show',
                        onToggle: () => void change.run(token, 'toggle'),
                      }}
                      remove={{
                        confirming: confirming === token.id,
                        confirmId,
                        onRemove: () => {
                          change.reset()
                          setConfirming(token.id)
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
          title={`Remove ${pending.symbol}?`}
          hint="Wallets stop showing it at once. Balances stay on chain."
          failure="Removing the token failed"
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
        <TokenForm
          key={editing === 'new' ? 'new' : editing.id}
          id={formId}
          networks={networks}
          {...(editing === 'new' ? {} : { token: editing })}
          onSave={async (request) => {
            const saved =
              request.kind === 'add'
                ? await api.admin.tokens.add(request.body)
                : await api.admin.tokens.update(request.id, request.body)
            setEditing(null)
            setNotice(request.kind === 'add' ? `Added ${saved.symbol}.` : `Saved ${saved.symbol}.`)
            await refresh()
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  )
}

interface TokenFormProps {
  id: string
  networks: AdminNetwork[]
  token?: AdminToken
  onSave(
    request:
      | { kind: 'add'; body: AdminTokenInput }
      | { kind: 'update'; id: string; body: AdminTokenUpdateRequest },
  ): Promise<void>
  onCancel(): void
}

/** Reads an image file as a data: URL (what the API stores). */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

function TokenForm({ id, networks, token, onSave, onCancel }: TokenFormProps) {
  const [networkId, setNetworkId] = useState(token?.networkId ?? networks[0]?.id ?? '')
  const [address, setAddress] = useState(token?.address ?? '')
  const [symbol, setSymbol] = useState(token?.symbol ?? '')
  const [decimals, setDecimals] = useState(token ? String(token.decimals) : '')
  const [priceId, setPriceId] = useState(token?.priceId ?? '')
  const [icon, setIcon] = useState<string | null>(token?.icon ?? null)
  const [problem, setProblem] = useState<string | undefined>(undefined)
  const save = useAction(onSave)
  const editing = token !== undefined

  async function onIcon(file: File | undefined) {
    if (!file) return
    if (file.size > MAX_ICON_BYTES) return setProblem(`The icon may be at most ${MAX_ICON_BYTES / 1024} KiB.`)
    setProblem(undefined)
    setIcon(await readAsDataUrl(file))
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    save.reset()
    if (!/^\d+$/.test(decimals.trim())) return setProblem('Enter the decimals as a whole number.')
    setProblem(undefined)
    const fields = {
      symbol: symbol.trim(),
      decimals: Number(decimals),
      icon,
      priceId: priceId.trim() === '' ? null : priceId.trim(),
    }
    if (editing) void save.run({ kind: 'update', id: token.id, body: fields })
    else void save.run({ kind: 'add', body: { networkId, address: address.trim(), ...fields } })
  }

  return (
    <form
      id={id}
      className="panel form"
      onSubmit={onSubmit}
      noValidate
      aria-busy={save.busy}
      aria-labelledby={`${id}-title`}
    >
      <div>
        <h3 id={`${id}-title`}>{editing ? `Change ${token.symbol}` : 'Add a token'}</h3>
        <p className="hint">Nothing is stored unless the contract on chain reports these decimals.</p>
      </div>
      <div className="admin-row">
        <div className="field">
          <label htmlFor={`${id}-network`}>Network</label>
          <select
            id={`${id}-network`}
            value={networkId}
            disabled={editing || save.busy}
            onChange={(e) => setNetworkId(e.target.value)}
          >
            {networks.map((network) => (
              <option key={network.id} value={network.id}>
                {network.name}
              </option>
            ))}
          </select>
        </div>
        <TextField
          id={`${id}-address`}
          label="Contract, mint or jetton master address"
          value={address}
          onChange={setAddress}
          className="mono"
          spellCheck={false}
          disabled={editing || save.busy}
        />
      </div>
      <div className="admin-row">
        <TextField
          id={`${id}-symbol`}
          label="Symbol"
          value={symbol}
          onChange={setSymbol}
          disabled={save.busy}
        />
        <TextField
          id={`${id}-decimals`}
          label="Decimals"
          value={decimals}
          onChange={setDecimals}
          inputMode="numeric"
          disabled={save.busy}
        />
        <TextField
          id={`${id}-price`}
          label="Price id"
          value={priceId}
          onChange={setPriceId}
          className="mono"
          placeholder="usd-coin"
          hint="Optional: the token's id at the price provider."
          disabled={save.busy}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-icon`}>Icon</label>
        <div className="actions actions--tight">
          {icon && <img className="admin-token-icon" src={icon} alt="The token's icon" />}
          <input
            id={`${id}-icon`}
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif,image/svg+xml"
            disabled={save.busy}
            onChange={(e) => void onIcon(e.target.files?.[0])}
          />
          {icon && (
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setIcon(null)}
            >
              Remove icon
            </button>
          )}
        </div>
        <p className="hint">PNG, JPEG, WebP, GIF or SVG, at most 48 KiB.</p>
      </div>
      {problem && (
        <p role="alert" className="alert alert--error">
          {problem}
        </p>
      )}
      <SaveOutcome error={save.error} notice={null} />
      <div className="actions">
        <button type="submit" className="button" disabled={save.busy}>
          {save.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          {save.busy ? 'Reading the contract…' : editing ? 'Save changes' : 'Add token'}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={save.busy}>
          Cancel
        </button>
      </div>
    </form>
  )
}
