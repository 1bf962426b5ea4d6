/**
 * The D1 migration files `wrangler d1 migrations apply` runs (`deploy/cloudflare/migrations/`) are
 * rendered from the Kysely migrations `stratos migrate` runs, by `npm run d1:migrations`: this
 * fails while a file is missing, stale or left over, so D1 never gets another schema than SQLite
 * and PostgreSQL do.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { renderD1Migrations } from '../../packages/db/src/d1/d1Migrations.js'
import { migrations } from '../../packages/db/src/migrations/index.js'

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

describe('deploy/cloudflare/migrations', () => {
  test('behavior: one file per migration, each as npm run d1:migrations renders it today', async () => {
    const rendered = await renderD1Migrations()
    const files = readdirSync(dir)
      .filter((file) => file.endsWith('.sql'))
      .sort()
    expect(files, 'run npm run d1:migrations').toEqual(rendered.map((migration) => migration.file))
    expect(files).toEqual(
      Object.keys(migrations)
        .sort()
        .map((name) => `${name}.sql`),
    )
    for (const { file, sql } of rendered)
      expect(readFileSync(path.join(dir, file), 'utf8'), `${file}: run npm run d1:migrations`).toBe(sql)
  })
})
