import type { DefiStatusResponse } from '@stratos/schemas'
import { useQueryClient } from '@tanstack/react-query'
import { ApiRequestError } from '../../lib/AppError'
import { api } from '../../lib/api'
import { describeError } from '../../lib/describeError'
import { lazyComponent } from '../../lib/lazyComponent'
import { LazyBoundary } from '../../lib/ui/LazyBoundary'
import { useAction } from '../../lib/useAction'
import { useCantonStatus } from '../canton'
import { defiStatusKey, useDefiStatus } from './queries'
import './defi.css'

const VaultPanel = lazyComponent(() => import('./VaultPanel').then((m) => m.VaultPanel))

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
    <LazyBoundary what="Your DeFi vault" loading="Loading your DeFi vault…" variant="inline">
      <VaultPanel
        status={status}
        vault={status.vault}
        partyId={partyId}
        operatorParty={status.operatorParty}
      />
    </LazyBoundary>
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
