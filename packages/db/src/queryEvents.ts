import type { LogEvent } from 'kysely'

/** The statement kinds a query is counted under. */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'other'

/** One statement the database ran (or refused), as `onQuery` hears of it. */
export interface QueryEvent {
  kind: StatementKind
  /** `error` when the engine refused the statement (constraint, syntax, lost connection). */
  outcome: 'ok' | 'error'
  /** From sending the statement to its result, as Kysely measures it. */
  durationMs: number
}

const KIND_OF_NODE: Readonly<Record<string, StatementKind>> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
}
const KIND_OF_KEYWORD: Readonly<Record<string, StatementKind>> = {
  select: 'select',
  insert: 'insert',
  update: 'update',
  delete: 'delete',
}

/** What `onQuery` hears of a statement Kysely logged: its kind, outcome and duration, never its SQL. */
export function queryEventOf(event: LogEvent): QueryEvent {
  const { query } = event
  // Raw `sql` templates carry no query node: their first keyword says what they are.
  const keyword = /^\s*(\w+)/.exec(query.sql)?.[1]?.toLowerCase() ?? ''
  return {
    kind: KIND_OF_NODE[query.query.kind] ?? KIND_OF_KEYWORD[keyword] ?? 'other',
    outcome: event.level === 'error' ? 'error' : 'ok',
    durationMs: event.queryDurationMillis,
  }
}
