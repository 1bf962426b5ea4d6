import type { DefiIntentItem, DefiVault } from '@stratos/schemas'
import { CopyButton } from '../../lib/ui/CopyButton'
import { ACTION_LABELS, describeIntentAmount, shortHex } from './describeDefi'

const STATUS_TEXT = { pending: 'Pending', executed: 'Executed', failed: 'Failed' } as const

/**
 * The user's intents, newest first, as Canton and the relayer report them: pending until the
 * relayer marks them, then executed with the EVM transaction, or failed with its reason.
 */
export function DefiIntentsTable({ intents, vault }: { intents: DefiIntentItem[]; vault: DefiVault | null }) {
  if (intents.length === 0) return <p className="muted small">No DeFi intents yet.</p>
  return (
    <div className="history__scroll">
      <table className="history__table defi-intents">
        <caption className="defi-intents__caption">DeFi intents</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
            <th scope="col">Amount</th>
            <th scope="col">Transaction</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {intents.map((item) => (
            <tr key={item.intentId} data-testid="defi-intent" data-status={item.status}>
              <td>
                <span className={`pill defi-status defi-status--${item.status}`}>
                  {STATUS_TEXT[item.status]}
                </span>
              </td>
              <td>{item.action ? ACTION_LABELS[item.action] : `Call to ${shortHex(item.adapter)}`}</td>
              <td className="history__amount">{describeIntentAmount(item, vault) ?? '—'}</td>
              <td>
                {item.txHash ? (
                  <>
                    <code className="mono small" title={item.txHash} data-testid="defi-intent-tx">
                      {shortHex(item.txHash, 10)}
                    </code>
                    <CopyButton text={item.txHash} label="Copy transaction hash" />
                  </>
                ) : (
                  '—'
                )}
              </td>
              <td className="small">{item.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
