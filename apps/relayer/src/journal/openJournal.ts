import { createDatabase, type DatabaseConfig } from '@stratos/db'
import type { Journal } from '../types.js'
import { createJournal } from './createJournal.js'
import { migrateJournal } from './migrateJournal.js'

/** Opens the journal's database (SQLite file or PostgreSQL), applies its migrations, returns the journal. */
export async function openJournal(config: DatabaseConfig): Promise<Journal> {
  const db = createDatabase(config)
  try {
    await migrateJournal(db)
  } catch (error) {
    await db.destroy()
    throw error
  }
  return createJournal(db)
}
