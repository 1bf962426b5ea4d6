import { createDatabase, migrateToLatest } from '@stratos/db'
import pg from 'pg'
import { describe, expect, test } from 'vitest'
import { JournalStateError, StaleLeaderError } from '../errors.js'
import { hex32, sampleIntent } from '../testing/sampleIntent.js'
import { JOURNAL_DB_KINDS, useJournalDatabases } from '../testing/useJournalDatabases.js'
import type { CantonIntent, IntentState, Journal, JournalTx } from '../types.js'
import { createJournal } from './createJournal.js'
import { migrateJournal } from './migrateJournal.js'

function intent(n: number): CantonIntent {
  return sampleIntent(n, {
    // Beyond 2^53: must round-trip exactly.
    value: 12345678901234567890123n,
    regulator: 'regulator::1220cc',
  })
}

function tx(n: number, nonce = 0): JournalTx {
  return {
    hash: hex32(0xf000 + n),
    raw: `0x02f8${n.toString(16).padStart(4, '0')}`,
    nonce,
    maxFeePerGas: 30_000_000_000n + BigInt(n),
    maxPriorityFeePerGas: 1_000_000_000n + BigInt(n),
    sentAt: new Date(1_800_000_000_000 + n * 1000),
  }
}

async function signedIntent(journal: Journal, token: bigint, n: number) {
  await journal.receive(token, intent(n))
  await journal.transition(token, hex32(n), ['received'], 'validated')
  return journal.transition(token, hex32(n), ['validated'], 'signed', { intentSignature: '0x1234' })
}

/** Resolves once a session of the database at `url` waits for a lock (polled from its own connection). */
async function waitUntilBlockedOnLock(url: string, timeoutMs = 15_000): Promise<void> {
  const observer = new pg.Client({ connectionString: url })
  await observer.connect()
  try {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      const { rows } = await observer.query<{ waiting: number }>(
        "select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      )
      if ((rows[0]?.waiting ?? 0) > 0) return
      if (performance.now() > deadline) throw new Error('no session of the database waited for a lock')
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  } finally {
    await observer.end()
  }
}

describe.each(JOURNAL_DB_KINDS)('createJournal on %s', (kind) => {
  const databases = useJournalDatabases(kind)
  const fresh = async () => createJournal(await databases.fresh())

  test('behavior: receive records the intent once; the same intent again gives created false', async () => {
    const journal = await fresh()
    const first = await journal.receive(5n, intent(1))
    expect(first.created).toBe(true)
    expect(first.entry).toMatchObject({
      intentId: hex32(1),
      contractId: '00contract1',
      chainId: 31337,
      vaultId: hex32(0xabc),
      state: 'received',
      intent: intent(1),
      intentSignature: null,
      txs: [],
      confirmedTxHash: null,
      gasUsed: null,
      error: null,
      reportedToCanton: false,
      fencingToken: 5n,
    })
    expect(first.entry.createdAt).toBeInstanceOf(Date)
    const again = await journal.receive(5n, intent(1))
    expect(again.created).toBe(false)
    expect(again.entry).toEqual(first.entry)
    expect(await journal.get(hex32(1))).toEqual(first.entry)
    expect(await journal.get(hex32(2))).toBeUndefined()
  })

  test('behavior: 20 parallel receives of one intent leave one row and one created', async () => {
    const journal = await fresh()
    const results = await Promise.all(Array.from({ length: 20 }, () => journal.receive(3n, intent(7))))
    expect(results.filter((r) => r.created)).toHaveLength(1)
    expect((await journal.countByState()).received).toBe(1)
    expect(await journal.unfinished()).toHaveLength(1)
  })

  test('behavior: an intent walks received -> validated -> signed -> broadcast -> confirmed, keeping the patches', async () => {
    const journal = await fresh()
    await signedIntent(journal, 4n, 1)
    await journal.addTx(4n, hex32(1), tx(1))
    await journal.transition(4n, hex32(1), ['signed'], 'broadcast')
    const done = await journal.transition(4n, hex32(1), ['broadcast'], 'confirmed', {
      confirmedTxHash: tx(1).hash,
      gasUsed: 123_456n,
    })
    expect(done).toMatchObject({
      state: 'confirmed',
      intentSignature: '0x1234',
      confirmedTxHash: tx(1).hash,
      gasUsed: 123_456n,
      reportedToCanton: false,
      txs: [tx(1)],
    })
    expect(done.updatedAt.getTime()).toBeGreaterThanOrEqual(done.createdAt.getTime())
  })

  test('behavior: failed is reachable from every state that is not final', async () => {
    const journal = await fresh()
    const from: IntentState[] = ['received', 'validated', 'signed', 'broadcast']
    for (const [i, state] of from.entries()) {
      await journal.receive(2n, intent(i))
      const path: IntentState[] = ['received', 'validated', 'signed', 'broadcast']
      for (let step = 1; step <= path.indexOf(state); step++) {
        await journal.transition(2n, hex32(i), [path[step - 1]!], path[step]!)
      }
      const failed = await journal.transition(2n, hex32(i), [state], 'failed', {
        error: `failed from ${state}`,
      })
      expect(failed).toMatchObject({ state: 'failed', error: `failed from ${state}` })
    }
    expect((await journal.countByState()).failed).toBe(4)
  })

  test('error: a transition the state machine does not have is refused and changes nothing', async () => {
    const journal = await fresh()
    await journal.receive(1n, intent(1))
    const before = await journal.get(hex32(1))
    await expect(journal.transition(1n, hex32(1), ['received'], 'signed')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
    await expect(journal.transition(1n, hex32(1), ['received'], 'received')).rejects.toBeInstanceOf(
      JournalStateError,
    )
    // The intent is received, not validated: the caller's expectation is wrong.
    await expect(journal.transition(1n, hex32(1), ['validated'], 'signed')).rejects.toThrow(/is received/)
    await journal.transition(1n, hex32(1), ['received'], 'failed', { error: 'expired' })
    await expect(journal.transition(1n, hex32(1), ['failed'], 'confirmed')).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
    })
    await expect(journal.transition(1n, hex32(9), ['received'], 'validated')).rejects.toMatchObject({
      code: 'INTENT_NOT_FOUND',
    })
    expect(await journal.get(hex32(1))).toMatchObject({ state: 'failed', fencingToken: before?.fencingToken })
  })

  test('behavior: transactions are kept in the order they were added; the same one twice is kept once', async () => {
    const journal = await fresh()
    await signedIntent(journal, 1n, 1)
    await journal.addTx(1n, hex32(1), tx(3, 7))
    await journal.transition(1n, hex32(1), ['signed'], 'broadcast')
    await journal.addTx(1n, hex32(1), tx(1, 7))
    await journal.addTx(1n, hex32(1), tx(2, 7))
    const entry = await journal.addTx(1n, hex32(1), tx(1, 7))
    expect(entry.state).toBe('broadcast')
    expect(entry.txs).toEqual([tx(3, 7), tx(1, 7), tx(2, 7)])
  })

  test('error: a transaction is refused before signing, after the end, and when another intent has it', async () => {
    const journal = await fresh()
    await journal.receive(1n, intent(1))
    await expect(journal.addTx(1n, hex32(1), tx(1))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
    await signedIntent(journal, 1n, 2)
    await journal.addTx(1n, hex32(2), tx(1))
    await journal.transition(1n, hex32(1), ['received'], 'validated')
    await journal.transition(1n, hex32(1), ['validated'], 'signed')
    await expect(journal.addTx(1n, hex32(1), tx(1))).rejects.toMatchObject({ code: 'TX_CONFLICT' })
    await journal.transition(1n, hex32(2), ['signed'], 'failed', { error: 'reverted' })
    await expect(journal.addTx(1n, hex32(2), tx(2))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
    await expect(journal.addTx(1n, hex32(5), tx(5))).rejects.toMatchObject({ code: 'INTENT_NOT_FOUND' })
    expect((await journal.get(hex32(1)))?.txs).toEqual([])
  })

  test('behavior: markReported only for final intents; unfinished() lists open or unreported ones, oldest first', async () => {
    // A clock one second further on each read: intent 4 is received first, then 1, 2, 3.
    let time = Date.UTC(2030, 0, 1)
    const now = () => {
      time += 1000
      return new Date(time)
    }
    const journal = createJournal(await databases.fresh(), { now })
    for (const n of [4, 1, 2, 3]) await journal.receive(1n, intent(n))
    await expect(journal.markReported(1n, hex32(1))).rejects.toMatchObject({ code: 'INVALID_TRANSITION' })
    await journal.transition(1n, hex32(2), ['received'], 'failed', { error: 'expired' })
    await journal.transition(1n, hex32(3), ['received'], 'failed', { error: 'expired' })
    const reported = await journal.markReported(1n, hex32(3))
    expect(reported.reportedToCanton).toBe(true)
    expect((await journal.markReported(1n, hex32(3))).reportedToCanton).toBe(true)
    await journal.transition(1n, hex32(4), ['received'], 'validated')

    const open = await journal.unfinished()
    expect(open.map((e) => [e.intentId, e.state])).toEqual([
      [hex32(4), 'validated'],
      [hex32(1), 'received'],
      [hex32(2), 'failed'],
    ])
    expect(open[0]?.createdAt).toEqual(new Date(Date.UTC(2030, 0, 1) + 1000))
    expect(await journal.countByState()).toEqual({
      received: 1,
      validated: 1,
      signed: 0,
      broadcast: 0,
      confirmed: 0,
      failed: 2,
    })
  })

  test('behavior: unfinished() carries each entry its own transactions', async () => {
    const journal = await fresh()
    await signedIntent(journal, 1n, 1)
    await signedIntent(journal, 1n, 2)
    await journal.addTx(1n, hex32(2), tx(20))
    await journal.addTx(1n, hex32(1), tx(10))
    await journal.addTx(1n, hex32(2), tx(21))
    const open = await journal.unfinished()
    expect(open.map((e) => e.txs.map((t) => t.hash))).toEqual([[tx(10).hash], [tx(20).hash, tx(21).hash]])
  })

  test('error: every write with a token lower than one that wrote is refused and writes nothing', async () => {
    const journal = await fresh()
    await signedIntent(journal, 5n, 1)
    await journal.receive(5n, intent(2))
    await journal.transition(5n, hex32(2), ['received'], 'failed', { error: 'x' })
    // A newer leader writes once: from now on token 5 is stale.
    await journal.receive(6n, intent(3))
    const snapshot = async () => ({
      one: await journal.get(hex32(1)),
      two: await journal.get(hex32(2)),
      open: await journal.unfinished(),
      counts: await journal.countByState(),
    })
    const before = await snapshot()

    const attempts: [string, () => Promise<unknown>][] = [
      ['receive', () => journal.receive(5n, intent(4))],
      ['receive (existing)', () => journal.receive(5n, intent(1))],
      ['transition', () => journal.transition(5n, hex32(1), ['signed'], 'broadcast')],
      [
        'transition with patch',
        () => journal.transition(5n, hex32(1), ['signed'], 'failed', { error: 'stale' }),
      ],
      ['addTx', () => journal.addTx(5n, hex32(1), tx(1))],
      ['markReported', () => journal.markReported(5n, hex32(2))],
    ]
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toBeInstanceOf(StaleLeaderError)
    }
    await expect(journal.receive(5n, intent(4))).rejects.toMatchObject({ code: 'STALE_LEADER' })
    expect(await snapshot()).toEqual(before)
    expect(await journal.get(hex32(4))).toBeUndefined()

    // The newer leader (and any later one) keeps writing.
    await journal.addTx(6n, hex32(1), tx(1))
    const later = await journal.transition(7n, hex32(1), ['signed'], 'broadcast')
    expect(later).toMatchObject({ state: 'broadcast', fencingToken: 7n, txs: [tx(1)] })
    await expect(journal.markReported(6n, hex32(2))).rejects.toBeInstanceOf(StaleLeaderError)
  })

  test.runIf(kind === 'postgres')(
    'error: a stale write waiting behind a newer leader’s open transaction is refused once that commits',
    async () => {
      const journal = await fresh()
      await journal.receive(5n, intent(1))
      // The newer leader (token 6) is mid-transaction: it has raised the fence and holds the row lock.
      const newer = new pg.Client({ connectionString: databases.url() })
      await newer.connect()
      try {
        await newer.query('begin')
        await newer.query('update relayer_fence set token = 6 where token <= 6')
        let settled = false
        const stale = journal.transition(5n, hex32(1), ['received'], 'validated').finally(() => {
          settled = true
        })
        stale.catch(() => {})
        // The stale write cannot slip in: it waits on the fence row (PostgreSQL shows it waiting for a lock).
        await waitUntilBlockedOnLock(databases.url()!)
        expect(settled).toBe(false)
        await newer.query("update relayer_intents set error = 'newer leader' where intent_id = $1", [
          hex32(1),
        ])
        await newer.query('commit')
        await expect(stale).rejects.toBeInstanceOf(StaleLeaderError)
        expect(await journal.get(hex32(1))).toMatchObject({ state: 'received', error: 'newer leader' })
      } finally {
        await newer.end()
      }
    },
  )

  test('error: a token that is not a positive bigint is refused', async () => {
    const journal = await fresh()
    await expect(journal.receive(0n, intent(1))).rejects.toBeInstanceOf(StaleLeaderError)
    await expect(journal.receive(-1n, intent(1))).rejects.toBeInstanceOf(StaleLeaderError)
    expect(await journal.get(hex32(1))).toBeUndefined()
  })

  test('behavior: close() releases the database', async () => {
    const journal = await fresh()
    await journal.receive(1n, intent(1))
    await journal.close()
    await expect(journal.get(hex32(1))).rejects.toThrow()
  })
})

describe('migrateJournal', () => {
  test('behavior: runs beside the API migrations in one database; a second run applies nothing', async () => {
    const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
    try {
      await migrateToLatest(db)
      expect(await migrateJournal(db)).toEqual(['0001_relayer_journal'])
      expect(await migrateJournal(db)).toEqual([])
      expect(await migrateToLatest(db)).toEqual([])
      const tables = (await db.introspection.getTables()).map((t) => t.name)
      expect(tables).toEqual(
        expect.arrayContaining(['users', 'relayer_intents', 'relayer_txs', 'relayer_fence']),
      )
    } finally {
      await db.destroy()
    }
  })
})
