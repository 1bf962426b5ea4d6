import { migrations } from '../migrations/index.js'

/** How a list of applied migrations compares with this code's (the rule of `schemaStatus`). */
export interface MigrationState {
  /** Applied migrations this code does not know: the database comes from newer code. */
  unknown: string[]
  /** Migrations of this code not applied yet: `stratos migrate` applies them. */
  pending: string[]
  state: 'current' | 'behind' | 'ahead'
}

/** Compares migration names read from a backup with the migrations this code has. */
export function migrationState(applied: string[]): MigrationState {
  const known = Object.keys(migrations).sort()
  const unknown = applied.filter((name) => !known.includes(name))
  const pending = known.filter((name) => !applied.includes(name))
  return { unknown, pending, state: unknown.length > 0 ? 'ahead' : pending.length > 0 ? 'behind' : 'current' }
}
