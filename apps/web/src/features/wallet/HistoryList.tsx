import { formatAmount, type HistoryItem } from '@stratos/chains'
import { describeError } from '../../lib/describeError'
import { Spinner } from '../../lib/ui/Spinner'
import { explorerLink, networkAssets, type WalletNetwork } from './network'
import { useHistory } from './queries'

const DIRECTION = { in: 'Received', out: 'Sent', self: 'Sent to yourself' } as const

/** Symbol and decimals of what `item` moved; undefined for a token the instance does not list. */
function assetOf(network: WalletNetwork, item: HistoryItem) {
  return networkAssets(network).find((asset) => asset.token === item.token)
}

function short(text: string) {
  return text.length > 16 ? `${text.slice(0, 8)}…${text.slice(-6)}` : text
}

/**
 * The account's transfers on `network`, newest first: time, what happened and with whom, amount,
 * and the transaction with a link to the network's explorer. Pending ones say so until confirmed.
 */
export function HistoryList({ network, address }: { network: WalletNetwork; address: string }) {
  const history = useHistory(network, address)
  // Movements of tokens the instance does not list are left out: the wallet cannot name them.
  const items = (history.data?.pages ?? []).flatMap((page) => page.items).filter((i) => assetOf(network, i))

  return (
    <section className="history" aria-label={`History on ${network.name}`}>
      <h3>History</h3>
      {history.isPending ? (
        <p role="status">
          <Spinner label="Loading history…" />
        </p>
      ) : history.isError && items.length === 0 ? (
        <p role="alert" className="alert alert--error">
          History could not be loaded: {describeError(history.error)}
        </p>
      ) : items.length === 0 ? (
        <p className="muted small">No transfers yet.</p>
      ) : (
        <div className="history__scroll">
          <table className="history__table" data-testid={`history-${network.id}`}>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What happened</th>
                <th scope="col">Amount</th>
                <th scope="col">Transaction</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const asset = assetOf(network, item)!
                const link = explorerLink(network.explorerTxUrl, item.txId, 'tx')
                return (
                  <tr
                    key={`${item.txId}-${item.token ?? ''}-${item.direction}`}
                    data-testid="history-item"
                    data-state={item.state}
                  >
                    <td className="small">
                      {item.time === undefined ? (
                        '—'
                      ) : (
                        <time dateTime={new Date(item.time * 1000).toISOString()}>
                          {new Date(item.time * 1000).toLocaleString()}
                        </time>
                      )}
                    </td>
                    <td>
                      {DIRECTION[item.direction]}
                      {item.counterparty && item.direction !== 'self' && (
                        <>
                          {item.direction === 'in' ? ' from ' : ' to '}
                          <code className="mono" title={item.counterparty}>
                            {short(item.counterparty)}
                          </code>
                        </>
                      )}
                      {item.state !== 'confirmed' && (
                        <span className="pill history__status">{item.state}</span>
                      )}
                    </td>
                    <td className="history__amount">
                      {item.direction === 'out' ? '−' : '+'}
                      {formatAmount({ value: item.amount, decimals: asset.decimals, maxFractionDigits: 8 })}{' '}
                      {asset.symbol}
                    </td>
                    <td>
                      {link ? (
                        <a href={link} target="_blank" rel="noreferrer noopener" title={item.txId}>
                          <code className="mono small">{short(item.txId)}</code>
                        </a>
                      ) : (
                        <code className="mono small" title={item.txId}>
                          {short(item.txId)}
                        </code>
                      )}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {history.isError && items.length > 0 && (
        <p role="alert" className="alert alert--error">
          {describeError(history.error)}
        </p>
      )}
      {history.hasNextPage && (
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => void history.fetchNextPage()}
          disabled={history.isFetchingNextPage}
        >
          {history.isFetchingNextPage ? 'Loading…' : 'Older transfers'}
        </button>
      )}
    </section>
  )
}
