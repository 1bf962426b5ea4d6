import { parseArgs } from 'node:util'
import {
  type AuditChainLink,
  type AuditExportFormat,
  auditExportHeader,
  createDatabase,
  formatAuditEntry,
  readAuditEntries,
  schemaStatus,
  verifyAuditChain,
} from '@stratos/db'
import {
  DATABASE_OPTIONS,
  databaseFromSettings,
  describeDatabase,
  runCommand,
  UsageError,
} from '../settings.js'

const help = `usage: stratos audit verify [--anchor SEQ:HASH] [--data DIR | --database-url URL]
       stratos audit export [--format jsonl|csv] [--since TIME] [--until TIME] [--data DIR | --database-url URL]

verify  walks the audit log's hash chain from its first entry and recomputes every hash. Prints
        OK with the number of entries and the head (seq and hash), exit 0; or the first entry
        that was edited, deleted before or reordered (its seq and id, and what is wrong), exit 1.
        Deleting the newest entries leaves a shorter valid chain: give an anchor that
        'stratos serve' logged earlier (audit.anchor) to prove the chain still holds it.
export  writes the audit log (oldest first, with seq, prev_hash and hash) to stdout.

options:
  --anchor SEQ:HASH   (verify) the chain must hold this entry with this hash
  --format FORMAT     (export) jsonl (default: one JSON object per line) or csv (RFC 4180, header row)
  --since TIME        (export) entries at or after this ISO 8601 time (2026-01-31T00:00:00Z)
  --until TIME        (export) entries before this ISO 8601 time
  --data DIR          SQLite at DIR/stratos.sqlite
  --database-url URL  instead of DATABASE_URL (the process list shows it: prefer DATABASE_URL_FILE)

environment: DATABASE_URL (postgres://… or sqlite:/path) or DATABASE_URL_FILE, else DATA_DIR
(SQLite at $DATA_DIR/stratos.sqlite). Read-only: safe while the instance serves.`

/** `stratos audit verify|export`: checks the audit log's hash chain, or writes it out. */
export function run(argv: string[]): Promise<number> {
  return runCommand('audit', help, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        anchor: { type: 'string' },
        format: { type: 'string', default: 'jsonl' },
        since: { type: 'string' },
        until: { type: 'string' },
        ...DATABASE_OPTIONS,
      },
      allowPositionals: true,
      strict: true,
    })
    if (values.help) {
      console.log(help)
      return 0
    }
    const [action, ...extra] = positionals
    if (action !== 'verify' && action !== 'export')
      throw new UsageError(
        action ? `unknown action '${action}': verify or export` : 'give an action: verify or export',
      )
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`)
    if (action === 'verify' && (values.since || values.until || argv.some((a) => a.startsWith('--format'))))
      throw new UsageError('--format, --since and --until are options of export')
    if (action === 'export' && values.anchor !== undefined)
      throw new UsageError('--anchor is an option of verify')
    const anchor = values.anchor === undefined ? undefined : parseAnchor(values.anchor)
    const format = parseFormat(values.format)
    const since = values.since === undefined ? undefined : parseTime('--since', values.since)
    const until = values.until === undefined ? undefined : parseTime('--until', values.until)
    const database = databaseFromSettings(values, process.env)
    const db = createDatabase(database)
    try {
      const where = describeDatabase(database)
      const status = await schemaStatus(db)
      if (status.state !== 'current') {
        console.error(
          `stratos audit: the schema of ${where} is ${status.state === 'behind' ? 'older' : 'newer'} than this version: run the matching 'stratos migrate' first`,
        )
        return 1
      }
      if (action === 'export') {
        process.stdout.write(auditExportHeader(format))
        for await (const row of readAuditEntries(db, { since, until })) {
          if (!process.stdout.write(formatAuditEntry(row, format)))
            await new Promise((resolve) => process.stdout.once('drain', resolve))
        }
        return 0
      }
      const result = await verifyAuditChain(db, { anchor })
      if (result.ok) {
        const head = result.head ? `head seq ${result.head.seq} hash ${result.head.hash}` : 'empty log'
        console.log(
          `stratos audit verify: OK, ${result.count} entries, ${head}${anchor ? `; anchor ${anchor.seq}:${anchor.hash} holds` : ''} (${where})`,
        )
        return 0
      }
      const { problem } = result
      console.error(
        `stratos audit verify: FAILED (${problem.kind}) at ${problem.seq === null ? 'the head' : `seq ${problem.seq} id ${problem.id}`}: ${problem.message}. The ${result.count} entries before it verify. See docs/runbooks.md ("The audit chain does not verify").`,
      )
      return 1
    } finally {
      await db.destroy()
    }
  })
}

function parseAnchor(value: string): AuditChainLink {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/.exec(value.trim())
  if (!match)
    throw new UsageError(
      `--anchor must be SEQ:HASH (a number, a colon, 64 lowercase hex), got '${value.slice(0, 100)}'`,
    )
  return { seq: Number(match[1]), hash: match[2]! }
}

function parseFormat(value: string): AuditExportFormat {
  if (value !== 'jsonl' && value !== 'csv')
    throw new UsageError(`--format must be jsonl or csv, got '${value.slice(0, 20)}'`)
  return value
}

function parseTime(name: string, value: string): string {
  const time = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) ? new Date(value) : undefined
  if (!time || Number.isNaN(time.getTime()))
    throw new UsageError(
      `${name} must be an ISO 8601 date or time (2026-01-31 or 2026-01-31T00:00:00Z), got '${value.slice(0, 40)}'`,
    )
  return time.toISOString()
}
