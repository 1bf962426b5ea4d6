/**
 * Test helper run as its own process (`node --import tsx appendAuditEntries.ts FILE PREFIX COUNT`):
 * appends COUNT audit entries to the SQLite database FILE, each in its own transaction, as another
 * instance process would. Exits 1 with the error if an append fails.
 */
import { appendAuditEntry } from '../audit/appendAuditEntry.js'
import { createDatabase } from '../createDatabase.js'

const [file, prefix, count] = process.argv.slice(2)
const db = createDatabase({ kind: 'sqlite', file: file! })
try {
  for (let n = 1; n <= Number(count); n++) {
    await appendAuditEntry(db, {
      id: `${prefix}${n}`,
      at: new Date().toISOString(),
      actor_user_id: null,
      action: 'test.process',
      target: prefix!,
      details: '{}',
      request_id: null,
      ip: null,
      user_agent: null,
    })
  }
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  await db.destroy()
}
