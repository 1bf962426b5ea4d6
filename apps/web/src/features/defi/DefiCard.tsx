import type { DefiStatusResponse, DefiVault } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiRequestError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { describeError } from '../../lib/describeError'
import { useSession } from '../../lib/session'
import { CopyButton } from '../../lib/ui/CopyButton'
import { useAction } from '../../lib/useAction'
import { useCantonStatus } from '../canton'
import { DefiActionForm } from './DefiActionForm'
import { DefiIntentsTable } from './DefiIntentsTable'
import { DefiReviewPanel } from './DefiReviewPanel'
import { shortHex } from './describeDefi'
import { defiStatusKey, useDefiStatus } from './queries'
import { useDefiSigning } from './useDefiSigning'
import './defi.css'

/**
 * Canton DeFi for the user's party: their vault on an EVM chain with its balances, a test vault in
 * dev mode, new intents (supply, withdraw, swap, redeem) prepared by the server, verified and shown
 * by the browser and signed only after "Confirm and sign", and the intents' outcomes as the
 * relayer reports them.
 */
export function DefiCard() {
  const canton = useCantonStatus()
  const partyId = canton.data?.partyId ?? null
  const status = useDefiStatus(canton.data?.configured === true)

  if (!canton.data?.configured) return null
  // An API without DeFi routes: nothing to show.
  if (status.error instanceof ApiRequestError && status.error.status === 404) return null
  if (!status.data && !status.error) return null

  return (
    <section className="card defi-card" aria-labelledby="defi-card-title" data-testid="defi-card">
      <header className="card__header">
        <div>
          <h2 id="defi-card-title">DeFi</h2>
          <p className="muted">Intents you sign on Canton, executed on chain by the relayer</p>
        </div>
      </header>
      {status.error && (
        <p role="alert" className="alert alert--error">
          {describeError(status.error)}
        </p>
      )}
      {status.data && <DefiBody status={status.data} partyId={partyId} />}
    </section>
  )
}

function DefiBody({ status, partyId }: { status: DefiStatusResponse; partyId: string | null }) {
  if (!status.enabled)
    return <p className="muted">{status.reason ?? 'DeFi is not available on this wallet.'}</p>
  if (!partyId) return <p className="muted">Your Canton party is set up first (see the Canton card).</p>
  if (!status.vault)
    return (
      <>
        <p className="muted">No vault is registered for your Canton party yet.</p>
        {status.devVaultAvailable && <CreateTestVault />}
      </>
    )
  if (!status.operatorParty)
    return <p className="muted">The relayer operator is not configured: intents cannot be executed.</p>
  return (
    <VaultPanel status={status} vault={status.vault} partyId={partyId} operatorParty={status.operatorParty} />
  )
}

/** Dev mode only: deploys a vault (with test tokens and protocols) for the user's party. */
function CreateTestVault() {
  const queryClient = useQueryClient()
  const create = useAction(async () => {
    queryClient.setQueryData(defiStatusKey, await api.defi.createDevVault())
  })
  return (
    <>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          onClick={() => void create.run()}
          disabled={create.busy}
        >
          {create.busy && <span className="spinner spinner--inline" aria-hidden="true" />}
          Create test vault
        </button>
      </div>
      <p role="status" className="faucet-status">
        {create.busy ? 'Deploying a test vault with test tokens…' : ''}
      </p>
      {create.error && (
        <p role="alert" className="alert alert--error">
          {create.error}
        </p>
      )}
    </>
  )
}

function VaultPanel({
  status,
  vault,
  partyId,
  operatorParty,
}: {
  status: DefiStatusResponse
  vault: DefiVault
  partyId: string
  operatorParty: string
}) {
  const { config, vault: keys } = useSession()
  const signing = useDefiSigning({ partyId, operatorParty, vault })
  const [composing, setComposing] = useState(false)
  const busy = signing.state.phase !== 'idle' && signing.state.phase !== 'done'
  const chain =
    config.evm.chainId === vault.chainId ? `${config.evm.name} (${vault.chainId})` : `chain ${vault.chainId}`

  return (
    <>
      <div className="defi-vault">
        <p className="defi-vault__address">
          Vault{' '}
          <code className="mono" title={vault.address} data-testid="defi-vault-address">
            {shortHex(vault.address, 10)}
          </code>{' '}
          on {chain} <CopyButton text={vault.address} label="Copy vault address" />
        </p>
        <ul className="defi-balances" aria-label="Vault balances">
          {vault.assets.map((asset) => (
            <li key={asset.address}>
              <span className="defi-balances__amount" data-testid={`defi-balance-${asset.symbol}`}>
                {asset.balance}
              </span>{' '}
              <span className="balance__symbol">{asset.symbol}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          aria-expanded={composing}
          onClick={() => {
            signing.reset()
            setComposing((v) => !v)
          }}
          disabled={!keys || busy}
        >
          New action
        </button>
      </div>
      {!keys && <p className="hint">Signing DeFi intents needs the wallet unlocked.</p>}
      {composing && (signing.state.phase === 'idle' || signing.state.phase === 'preparing') && (
        <DefiActionForm signing={signing} vault={vault} onCancel={() => setComposing(false)} />
      )}
      <DefiReviewPanel
        vault={vault}
        signing={{
          ...signing,
          reset: () => {
            setComposing(false)
            signing.reset()
          },
        }}
      />
      <DefiIntentsTable intents={status.intents} vault={vault} />
    </>
  )
}
