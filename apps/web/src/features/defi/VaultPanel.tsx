import type { DefiStatusResponse, DefiVault } from '@stratos/schemas'
import { useState } from 'react'
import { useSession } from '../../lib/session'
import { CopyButton } from '../../lib/ui/CopyButton'
import { DefiActionForm } from './DefiActionForm'
import { DefiIntentsTable } from './DefiIntentsTable'
import { DefiReviewPanel } from './DefiReviewPanel'
import { shortHex } from './describeDefi'
import { useDefiSigning } from './useDefiSigning'

export interface VaultPanelProps {
  status: DefiStatusResponse
  vault: DefiVault
  partyId: string
  operatorParty: string
}

/**
 * The user's registered vault: its address and balances, a new intent (form -> verified review ->
 * sign), and the intents' outcomes. Loaded only when the party has a vault (with its ABIs and
 * decoding), not with every dashboard.
 */
export function VaultPanel({ status, vault, partyId, operatorParty }: VaultPanelProps) {
  const { config, vault: keys } = useSession()
  const signing = useDefiSigning({ partyId, operatorParty, regulatorParty: status.regulatorParty, vault })
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
