import { describeError } from '../describeError'
import { Spinner } from './Spinner'

export interface QueryStatusProps {
  /** The query's state (TanStack Query's `isPending` and `error`). */
  query: { isPending: boolean; error: unknown }
  /** What the spinner says while the query is pending, e.g. "Loading vaults…". */
  loading: string
}

/** A query's loading spinner (role status) or its error (role alert); nothing once it has data. */
export function QueryStatus({ query, loading }: QueryStatusProps) {
  return (
    <>
      {query.isPending && (
        <p role="status" className="status">
          <Spinner label={loading} />
        </p>
      )}
      {query.error ? (
        <p role="alert" className="alert alert--error">
          {describeError(query.error)}
        </p>
      ) : null}
    </>
  )
}
