/**
 * Writes the D1 migration files (`deploy/cloudflare/migrations/`) from the Kysely migrations:
 * `npm run d1:migrations` after adding a migration. A test fails while they differ.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderD1Migrations } from './d1Migrations.js'

export const D1_MIGRATIONS_DIR = join(import.meta.dirname, '../../../../deploy/cloudflare/migrations')

if (process.argv[1] === import.meta.filename) {
  mkdirSync(D1_MIGRATIONS_DIR, { recursive: true })
  const files = await renderD1Migrations()
  for (const old of readdirSync(D1_MIGRATIONS_DIR)) {
    if (old.endsWith('.sql') && !files.some((f) => f.file === old)) rmSync(join(D1_MIGRATIONS_DIR, old))
  }
  for (const { file, sql } of files) writeFileSync(join(D1_MIGRATIONS_DIR, file), sql)
  console.log(`wrote ${files.length} migrations to ${D1_MIGRATIONS_DIR}`)
}
