import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDatabase } from '@stratos/db'
import { Etcd3 } from 'etcd3'
import { keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { StaleLeaderError } from '../errors.js'
import { createJournal } from '../journal/createJournal.js'
import { migrateJournal } from '../journal/migrateJournal.js'
import { createFencedSigner } from '../signer/createFencedSigner.js'
import { createLocalSigner } from '../signer/createLocalSigner.js'
import { hex32, sampleIntent } from '../testing/sampleIntent.js'
import { type EtcdServer, startEtcd } from '../testing/startEtcd.js'
import { startTcpProxy, type TcpProxy } from '../testing/startTcpProxy.js'
import { useJournalDatabases } from '../testing/useJournalDatabases.js'
import type { CantonIntent, Journal, Leadership } from '../types.js'
import { createLeadership } from './createLeadership.js'

/**
 * The requirement: "a relayer whose lease expired cannot write the journal or get a
 * signature". Two relayers, real etcd 3.4, and the journal on both engines, each relayer with
 * its own connection (SQLite: one file, two connections; PostgreSQL: one database, two pools).
 */
const TTL = 2
const KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba'

function intent(n: number): CantonIntent {
  return sampleIntent(n)
}

type Pair = { engine: string; a: Journal; b: Journal }

/** Everything a stale writer could change, read through the new leader's connection. */
async function snapshot(journal: Journal) {
  return {
    entries: await Promise.all([1, 2, 3].map((n) => journal.get(hex32(n)))),
    unfinished: await journal.unfinished(),
    counts: await journal.countByState(),
  }
}

async function expectStaleWritesRefused(pair: Pair, token: bigint) {
  const before = await snapshot(pair.b)
  const attempts: [string, () => Promise<unknown>][] = [
    ['receive', () => pair.a.receive(token, intent(3))],
    ['transition', () => pair.a.transition(token, hex32(1), ['signed'], 'broadcast')],
    [
      'transition to failed',
      () => pair.a.transition(token, hex32(1), ['signed'], 'failed', { error: 'stale' }),
    ],
    [
      'addTx',
      () =>
        pair.a.addTx(token, hex32(1), {
          hash: hex32(0xf1),
          raw: '0x02',
          nonce: 0,
          maxFeePerGas: 1n,
          maxPriorityFeePerGas: 1n,
          sentAt: new Date(),
        }),
    ],
    ['markReported', () => pair.a.markReported(token, hex32(2))],
  ]
  for (const [name, attempt] of attempts) {
    await expect(attempt(), `${pair.engine}: ${name}`).rejects.toBeInstanceOf(StaleLeaderError)
  }
  expect(await snapshot(pair.b), pair.engine).toEqual(before)
  expect(await pair.a.get(hex32(3)), pair.engine).toBeUndefined()
}

describe('a relayer whose lease expired cannot write the journal or get a signature (real etcd, SQLite + PostgreSQL)', () => {
  const postgres = useJournalDatabases('postgres')
  let etcd: EtcdServer
  let admin: Etcd3
  let proxy: TcpProxy
  let sqliteDir: string
  const pairs: Pair[] = []
  const leaderships: Leadership[] = []

  beforeAll(async () => {
    etcd = await startEtcd()
    admin = new Etcd3({ hosts: etcd.url })
    proxy = await startTcpProxy({ host: '127.0.0.1', port: etcd.clientPort })
  })

  async function freshPairs(): Promise<Pair[]> {
    sqliteDir ??= mkdtempSync(join(tmpdir(), 'stratos-relayer-journal-'))
    const file = join(sqliteDir, `journal-${pairs.length}.sqlite`)
    const sqliteA = createDatabase({ kind: 'sqlite', file })
    await migrateJournal(sqliteA)
    const sqlite = {
      engine: 'sqlite',
      a: createJournal(sqliteA),
      b: createJournal(createDatabase({ kind: 'sqlite', file })),
    }
    const pgA = await postgres.fresh()
    const pgB = createDatabase({ kind: 'postgres', url: postgres.url()!, poolSize: 4 })
    const pg = { engine: 'postgres', a: createJournal(pgA), b: createJournal(pgB) }
    pairs.push(sqlite, pg)
    return [sqlite, pg]
  }

  function relayer(relayerId: string, hosts: string, election: string, ttlSeconds = TTL) {
    const leadership = createLeadership({ etcd: { hosts }, relayerId, election, ttlSeconds })
    leaderships.push(leadership)
    const losses: string[] = []
    leadership.onLost((reason) => losses.push(reason))
    /** Resolves with the reason of the first loss. */
    const lost = new Promise<string>((resolve) => leadership.onLost(resolve))
    return { leadership, losses, lost, signer: createFencedSigner(createLocalSigner(KEY), leadership) }
  }

  /** Campaign keys of an election in etcd (a candidate's key exists while it campaigns or leads). */
  async function campaignKeys(election: string): Promise<string[]> {
    const kvs = await admin.getAll().prefix(`election/${election}/`).sort('Create', 'Ascend').strings()
    return Object.values(kvs)
  }

  afterAll(async () => {
    proxy?.heal()
    await Promise.all(leaderships.map((l) => l.close()))
    admin?.close()
    await Promise.all(pairs.flatMap((p) => [p.a.close(), p.b.close()]))
    await proxy?.stop()
    await etcd?.stop()
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true })
  })

  test('error: partitioned from etcd, A loses leadership before B is elected; after B leads and writes, A can neither sign nor write', async () => {
    const journals = await freshPairs()
    // A reaches etcd only through a proxy that can cut it off; B talks to etcd directly.
    const a = relayer('relayer-a', proxy.url, 'stale-partition')
    const b = relayer('relayer-b', etcd.url, 'stale-partition')

    const tokenA = await a.leadership.waitUntilLeader()
    await a.signer.signDigest(keccak256(toHex('while leader')))
    for (const { a: journal } of journals) {
      await journal.receive(tokenA, intent(1))
      await journal.transition(tokenA, hex32(1), ['received'], 'validated')
    }
    // What A thinks at the moment B is elected.
    const electedB = b.leadership
      .waitUntilLeader()
      .then((token) => ({ token, aStillLeader: a.leadership.isLeader() }))

    // The partition: A keeps running and never resigns, but its keepalives no longer reach
    // etcd (bytes are dropped silently both ways), so etcd expires its lease after the TTL.
    proxy.partition()
    expect(await a.lost).toMatch(/keepalive|TTL/)
    expect(a.losses).toHaveLength(1)
    expect(a.leadership.fencingToken()).toBeUndefined()

    // A's local deadline is one TTL after the send of its last acknowledged keepalive; etcd
    // expires the lease no earlier than one TTL after receiving it. So A has stopped counting
    // itself leader before etcd lets B in: never two leaders at once.
    const { token: tokenB, aStillLeader } = await electedB
    expect(aStillLeader).toBe(false)
    expect(tokenB).toBeGreaterThan(tokenA)
    for (const { b: journal } of journals) {
      await journal.receive(tokenB, intent(2))
      await journal.transition(tokenB, hex32(2), ['received'], 'failed', { error: 'expired' })
      await journal.transition(tokenB, hex32(1), ['validated'], 'signed', { intentSignature: '0xb0' })
    }

    // A, still cut off and still running, tries to carry on with its old token.
    await expect(a.signer.signDigest(keccak256(toHex('after the lease')))).rejects.toBeInstanceOf(
      StaleLeaderError,
    )
    await expect(a.leadership.assertLeader()).rejects.toBeInstanceOf(StaleLeaderError)
    for (const pair of journals) await expectStaleWritesRefused(pair, tokenA)

    // Reconnected, A still cannot sign: B holds the election.
    proxy.heal()
    await expect(a.signer.signDigest(keccak256(toHex('healed')))).rejects.toBeInstanceOf(StaleLeaderError)
    expect(await b.leadership.assertLeader()).toBe(tokenB)
    expect(a.losses).toHaveLength(1)
  })

  test('behavior: graceful failover (no SIGKILL): A resigns, B is elected at once with a higher token, A is fenced out', async () => {
    const journals = await freshPairs()
    // A lease TTL past the test's timeout: B can only be elected because A's resign revokes it.
    const a = relayer('relayer-a', etcd.url, 'stale-resign', 60)
    const b = relayer('relayer-b', etcd.url, 'stale-resign', 60)
    const tokenA = await a.leadership.waitUntilLeader()
    for (const { a: journal } of journals) {
      await journal.receive(tokenA, intent(1))
      await journal.transition(tokenA, hex32(1), ['received'], 'validated')
    }
    const electedB = b.leadership.waitUntilLeader()
    // B's campaign key is in etcd: it waits behind A.
    for (
      let keys = await campaignKeys('stale-resign');
      keys.length < 2;
      keys = await campaignKeys('stale-resign')
    )
      await new Promise((resolve) => setTimeout(resolve, 20))

    await a.leadership.resign()
    expect(await campaignKeys('stale-resign')).toEqual(['relayer-b'])
    const tokenB = await electedB
    expect(tokenB).toBeGreaterThan(tokenA)
    expect(a.losses).toEqual(['resigned'])

    for (const { b: journal } of journals) {
      await journal.receive(tokenB, intent(2))
      await journal.transition(tokenB, hex32(2), ['received'], 'failed', { error: 'expired' })
      await journal.transition(tokenB, hex32(1), ['validated'], 'signed', { intentSignature: '0xb0' })
    }
    await expect(a.signer.signDigest(keccak256(toHex('after resign')))).rejects.toBeInstanceOf(
      StaleLeaderError,
    )
    for (const pair of journals) await expectStaleWritesRefused(pair, tokenA)
    expect(await b.signer.signDigest(keccak256(toHex('new leader')))).toMatchObject({
      yParity: expect.any(Number),
    })
  })
})
