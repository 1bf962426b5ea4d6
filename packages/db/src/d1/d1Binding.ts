/**
 * The part of Cloudflare's D1 binding (`env.DB` in a Worker, `Miniflare#getD1Database` in tests)
 * this package uses, so it needs no Workers type package.
 */
export interface D1Binding {
  prepare(query: string): D1Statement
  /** Runs the statements in one SQL transaction: all apply, or none does. */
  batch(statements: D1Statement[]): Promise<D1Result[]>
}

export interface D1Statement {
  bind(...values: unknown[]): D1Statement
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>
}

export interface D1Result<T = Record<string, unknown>> {
  results: T[]
  meta: { changes?: number; last_row_id?: number }
}
