import type { AdminDefiVault } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useId, useState } from 'react'
import { api } from '../../lib/api'
import { useSession } from '../../lib/session'
import { CopyButton } from '../../lib/ui/CopyButton'
import { QueryStatus } from '../../lib/ui/QueryStatus'
import { useAction } from '../../lib/useAction'
import { ConfirmRemoval } from './ConfirmRemoval'
import { DefiVaultForm } from './DefiVaultForm'
import { adminAuditKey, adminDefiVaultsKey, useAdminDefiVaults } from './queries'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** `0x1234…abcd`: enough to tell values apart; the whole value is the element's title. */
function short(hex: string): string {
  return hex.length > 14 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex
}

function Hex({ value }: { value: string }) {
  return (
    <code className="mono" title={value}>
      {short(value)}
    </code>
  )
}

/** Uniswap v3 fee tiers are in hundredths of a bip: 3000 is 0.3%. */
function feePercent(fee: number): string {
  return `${fee / 10_000}%`
}

/**
 * The Canton parties' DeFi vaults: the registered ones with a Remove action (confirmed first), and
 * a form to register or replace one. The API checks a vault on chain before storing it and says
 * which field did not match.
 */
export function DefiVaultsSection() {
  const queryClient = useQueryClient()
  const vaults = useAdminDefiVaults()
  const formId = useId()
  const confirmId = useId()
  const [registering, setRegistering] = useState(false)
  const [confirming, setConfirming] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const refreshAfterChange = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: adminDefiVaultsKey }),
      queryClient.invalidateQueries({ queryKey: adminAuditKey }),
    ])

  const remove = useAction(async (partyId: string) => {
    await api.admin.defiVaults.remove(partyId)
    setConfirming(null)
    setNotice(`Removed the vault of ${partyId}. Its wallet no longer offers DeFi.`)
    await refreshAfterChange()
  })

  const list = vaults.data?.vaults ?? []
  const pending = list.find((vault) => vault.partyId === confirming)

  return (
    <section className="card" aria-labelledby="admin-defi-heading">
      <header className="card__header">
        <div>
          <h2 id="admin-defi-heading">DeFi vaults</h2>
          <p className="muted">
            The vault each Canton party's DeFi intents run through. Registering checks the vault on chain: its
            party, adapters and tokens.
          </p>
        </div>
        <div className="actions actions--tight">
          <button
            type="button"
            className="button button--ghost button--small"
            onClick={() => void vaults.refetch()}
            disabled={vaults.isFetching}
          >
            Refresh
          </button>
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={registering}
            aria-controls={formId}
            onClick={() => {
              setRegistering(!registering)
              setNotice(null)
            }}
          >
            {registering ? 'Close form' : 'Register a vault'}
          </button>
        </div>
      </header>

      <QueryStatus query={vaults} loading="Loading vaults…" />
      {vaults.data && list.length === 0 && <p className="muted">No vault is registered yet.</p>}
      {list.length > 0 && (
        <div className="admin-table-scroll">
          <table className="admin-table admin-table--actions" aria-labelledby="admin-defi-heading">
            <thead>
              <tr>
                <th scope="col">Party</th>
                <th scope="col">Chain</th>
                <th scope="col">Vault</th>
                <th scope="col">Adapters</th>
                <th scope="col">Tokens</th>
                <th scope="col">cToken</th>
                <th scope="col">Swap fee</th>
                <th scope="col">Registered</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((vault) => (
                <VaultRow
                  key={vault.partyId}
                  vault={vault}
                  confirming={confirming === vault.partyId}
                  confirmId={confirmId}
                  disabled={remove.busy}
                  onRemove={() => {
                    remove.reset()
                    setNotice(null)
                    setConfirming(vault.partyId)
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pending && (
        <ConfirmRemoval
          key={pending.partyId}
          id={confirmId}
          title={`Remove the vault ${short(pending.address)} of ${pending.partyId}?`}
          hint="The party's wallet stops offering DeFi until a vault is registered for it again. Nothing changes on chain."
          failure="Removing the vault failed"
          wrap
          removing={remove.busy}
          error={remove.error}
          onConfirm={() => void remove.run(pending.partyId)}
          onCancel={() => setConfirming(null)}
        />
      )}
      {notice && (
        <p role="status" className="alert alert--success admin-after-table break">
          {notice}
        </p>
      )}
      {registering && (
        <DefiVaultForm
          id={formId}
          onRegistered={async (vault) => {
            setRegistering(false)
            setNotice(`Registered the vault ${vault.address} for ${vault.partyId}.`)
            await refreshAfterChange()
          }}
          onCancel={() => setRegistering(false)}
        />
      )}
    </section>
  )
}

interface VaultRowProps {
  vault: AdminDefiVault
  /** Its removal is being confirmed (in the panel `confirmId`, under the table). */
  confirming: boolean
  confirmId: string
  disabled: boolean
  onRemove(): void
}

function VaultRow({ vault, confirming, confirmId, disabled, onRemove }: VaultRowProps) {
  const { config } = useSession()
  const chain = config.evm.chainId === vault.chainId ? `${config.evm.name} (${vault.chainId})` : vault.chainId
  return (
    <tr>
      <th scope="row" className="admin-party">
        <code className="mono break">{vault.partyId}</code>
      </th>
      <td>{chain}</td>
      <td className="admin-nowrap">
        <div>
          <Hex value={vault.address} />
        </div>
        <div>
          <span className="muted">id</span> <Hex value={vault.vaultId} />
        </div>
        <CopyButton text={vault.address} label="Copy vault address" />
      </td>
      <td>
        <dl className="admin-details admin-nowrap">
          <div>
            <dt>Aave v3</dt>
            <dd>
              <Hex value={vault.adapters.aaveV3} />
            </dd>
          </div>
          <div>
            <dt>Uniswap v3</dt>
            <dd>
              <Hex value={vault.adapters.uniswapV3} />
            </dd>
          </div>
          <div>
            <dt>Compound v2</dt>
            <dd>
              <Hex value={vault.adapters.compoundV2} />
            </dd>
          </div>
        </dl>
      </td>
      <td>
        <ul className="admin-assets" aria-label={`Tokens of ${vault.partyId}`}>
          {vault.assets.map((asset) => (
            <li key={asset.address} className="admin-nowrap">
              <strong>{asset.symbol}</strong> <Hex value={asset.address} />{' '}
              <span className="muted">{asset.decimals} decimals</span>
            </li>
          ))}
        </ul>
      </td>
      <td className="admin-nowrap">
        {vault.cToken ? <Hex value={vault.cToken} /> : <span className="muted">None</span>}
      </td>
      <td>
        {vault.swapFee} ({feePercent(vault.swapFee)})
      </td>
      <td>
        <time dateTime={vault.createdAt}>{dateTime.format(new Date(vault.createdAt))}</time>
      </td>
      <td>
        <button
          type="button"
          className="button button--ghost button--small"
          aria-expanded={confirming}
          aria-controls={confirmId}
          onClick={onRemove}
          disabled={disabled}
        >
          Remove
        </button>
      </td>
    </tr>
  )
}
