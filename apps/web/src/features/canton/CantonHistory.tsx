import { describeError } from '../../lib/describeError'
import { CopyButton } from '../../lib/ui/CopyButton'
import { Spinner } from '../../lib/ui/Spinner'
import { describeHistoryItem, statusText } from './describeHistoryItem'
import { formatAmount } from './formatAmount'
import { useCantonHistory } from './queries'

/**
 * What happened to the user's party, newest first: transfers sent and received, accepted,
 * rejected and withdrawn, test tokens minted; with time and a copyable update id. Refreshed after
 * the user's own actions and polled for the other party's.
 */
export function CantonHistory() {
  const history = useCantonHistory(true)
  const items = history.data?.pages.flatMap((page) => page.items) ?? []

  return (
    <section className="history" aria-label="History">
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
        <p className="muted small">No transactions yet.</p>
      ) : (
        <div className="history__scroll">
          <table className="history__table">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">What happened</th>
                <th scope="col">Amount</th>
                <th scope="col">Update id</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => {
                const status = statusText(item)
                return (
                  <tr key={item.updateId} data-testid="canton-history-item">
                    <td className="small">
                      <time dateTime={item.recordTime}>{new Date(item.recordTime).toLocaleString()}</time>
                    </td>
                    <td>
                      <span title={item.counterparty}>{describeHistoryItem(item)}</span>
                      {status && <span className="pill history__status">{status}</span>}
                    </td>
                    <td className="history__amount">
                      {item.amount !== undefined
                        ? `${formatAmount(item.amount)} ${item.instrumentId?.id ?? ''}`.trim()
                        : '—'}
                    </td>
                    <td>
                      <code className="mono small" title={item.updateId}>
                        {item.updateId.length > 12 ? `${item.updateId.slice(0, 12)}…` : item.updateId}
                      </code>
                      <CopyButton text={item.updateId} label="Copy update id" />
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
          {history.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  )
}
