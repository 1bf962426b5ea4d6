import { Etcd3 } from 'etcd3'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { StaleLeaderError } from '../errors.js'
import { type EtcdServer, startEtcd } from '../testing/startEtcd.js'
import type { Leadership } from '../types.js'
import { type CreateLeadershipParameters, createLeadership } from './createLeadership.js'

const TTL = 2

describe('createLeadership (real etcd 3.4)', () => {
  let etcd: EtcdServer
  let admin: Etcd3
  let opened: Leadership[] = []
  let electionCounter = 0
  let election = ''

  beforeAll(async () => {
    etcd = await startEtcd()
    admin = new Etcd3({ hosts: etcd.url })
  })
  afterEach(async () => {
    await Promise.all(opened.map((l) => l.close()))
    opened = []
  })
  afterAll(async () => {
    admin?.close()
    await etcd?.stop()
  })

  function candidate(relayerId: string, options: Partial<CreateLeadershipParameters> = {}) {
    const leadership = createLeadership({
      etcd: { hosts: etcd.url },
      relayerId,
      election,
      ttlSeconds: TTL,
      ...options,
    })
    opened.push(leadership)
    const losses: string[] = []
    leadership.onLost((reason) => losses.push(reason))
    /** Resolves with the reason of the first loss. */
    const lost = new Promise<string>((resolve) => leadership.onLost(resolve))
    return { leadership, losses, lost }
  }

  const keys = async () =>
    (await admin.getAll().prefix(`election/${election}/`).sort('Create', 'Ascend').exec()).kvs.map((kv) => ({
      key: kv.key.toString(),
      createRevision: BigInt(kv.create_revision),
      lease: kv.lease,
      value: kv.value.toString(),
    }))

  /** Polls `condition` (an etcd read or local state) until it holds; fails after a generous bound. */
  const waitFor = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000) => {
    const deadline = performance.now() + timeoutMs
    while (!(await condition())) {
      if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /**
   * Resolves once etcd has expired a lease of `ttlSeconds` granted now and never kept alive: proof
   * that a lease of that TTL without keepalives would be gone by then.
   */
  const leaseLifetime = async (ttlSeconds: number) => {
    const key = `lifetime/${election}/${performance.now()}`
    const watcher = await admin.watch().key(key).create()
    try {
      const deleted = new Promise<void>((resolve) => watcher.once('delete', () => resolve()))
      await admin.lease(ttlSeconds, { autoKeepAlive: false }).put(key).value('expires').exec()
      await deleted
    } finally {
      await watcher.cancel()
    }
  }

  const newElection = () => {
    election = `test-${process.pid}-${++electionCounter}`
  }

  test('behavior: a lone candidate is elected; its token is the campaign key’s create revision', async () => {
    newElection()
    const { leadership } = candidate('relayer-a')
    expect(leadership.relayerId).toBe('relayer-a')
    expect(leadership.isLeader()).toBe(false)
    expect(leadership.fencingToken()).toBeUndefined()
    const token = await leadership.waitUntilLeader()
    const [key] = await keys()
    expect(key).toMatchObject({ createRevision: token, value: 'relayer-a' })
    expect(leadership.isLeader()).toBe(true)
    expect(leadership.fencingToken()).toBe(token)
    expect(await leadership.assertLeader()).toBe(token)
    expect(await leadership.waitUntilLeader()).toBe(token)
  })

  test('behavior: the leader stays leader past several TTLs while keepalives flow', async () => {
    newElection()
    const { leadership, losses } = candidate('relayer-a')
    const token = await leadership.waitUntilLeader()
    // Two leases of the same TTL granted one after the other without keepalives expire meanwhile.
    await leaseLifetime(TTL)
    await leaseLifetime(TTL)
    expect(leadership.isLeader()).toBe(true)
    expect(await leadership.assertLeader()).toBe(token)
    expect(losses).toEqual([])
  })

  test('behavior: a second candidate waits; when the leader resigns it is elected at once with a higher token', async () => {
    newElection()
    const a = candidate('relayer-a', { ttlSeconds: 5 })
    const b = candidate('relayer-b', { ttlSeconds: 5 })
    const tokenA = await a.leadership.waitUntilLeader()
    let tokenB: bigint | undefined
    const electedB = b.leadership.waitUntilLeader().then((t) => {
      tokenB = t
      return t
    })
    await waitFor('B campaigns', async () => (await keys()).length === 2)
    expect(tokenB).toBeUndefined()
    expect(b.leadership.isLeader()).toBe(false)
    await expect(b.leadership.assertLeader()).rejects.toBeInstanceOf(StaleLeaderError)

    await a.leadership.resign()
    // Resigning revokes the lease: A's key is gone at once, nobody waits for the 5 s TTL.
    expect((await keys()).map((k) => k.value)).toEqual(['relayer-b'])
    await electedB
    expect(tokenB).toBeGreaterThan(tokenA)
    expect(a.losses).toEqual(['resigned'])
    expect(a.leadership.isLeader()).toBe(false)
    await expect(a.leadership.assertLeader()).rejects.toBeInstanceOf(StaleLeaderError)
    expect(await b.leadership.assertLeader()).toBe(tokenB)
  })

  test('behavior: after a loss, waitUntilLeader campaigns again with a new lease and a higher token', async () => {
    newElection()
    const { leadership, losses } = candidate('relayer-a')
    const first = await leadership.waitUntilLeader()
    const [firstKey] = await keys()
    await leadership.resign()
    expect(await keys()).toEqual([])
    const second = await leadership.waitUntilLeader()
    const [secondKey] = await keys()
    expect(second).toBeGreaterThan(first)
    expect(secondKey?.lease).not.toBe(firstKey?.lease)
    expect(losses).toEqual(['resigned'])
    expect(await leadership.assertLeader()).toBe(second)
  })

  test('error: the lease revoked behind the leader’s back ends leadership at once, onLost fires once', async () => {
    newElection()
    const { leadership, losses, lost } = candidate('relayer-a', { ttlSeconds: 10 })
    await leadership.waitUntilLeader()
    const [key] = await keys()
    // Revoked through the raw lease API by another client, as an operator would (`etcdctl lease revoke`).
    await admin.leaseClient.leaseRevoke({ ID: key!.lease })
    await lost
    expect(leadership.isLeader()).toBe(false)
    await expect(leadership.assertLeader()).rejects.toBeInstanceOf(StaleLeaderError)
    // The revoked term's later signals (failed keepalive, campaign error) add no second loss,
    // not even once a new term has begun.
    await leadership.waitUntilLeader()
    expect(losses).toHaveLength(1)
  })

  test('error: the campaign key deleted by someone else is noticed; assertLeader refuses', async () => {
    newElection()
    const { leadership, losses, lost } = candidate('relayer-a', { ttlSeconds: 10 })
    await leadership.waitUntilLeader()
    const [key] = await keys()
    await admin.delete().key(key!.key).exec()
    await expect(leadership.assertLeader()).rejects.toBeInstanceOf(StaleLeaderError)
    await lost
    expect(leadership.isLeader()).toBe(false)
    expect(losses).toHaveLength(1)
  })

  test('error: assertLeader trusts etcd over the local view (key taken over by another lease, keepalives still fine)', async () => {
    newElection()
    const { leadership, losses } = candidate('relayer-a', { ttlSeconds: 10 })
    const token = await leadership.waitUntilLeader()
    const [key] = await keys()
    // Rewrite the campaign key without our lease: no delete event, keepalives still succeed,
    // so the local view still says leader; only the linearizable read can tell.
    await admin.put(key!.key).value('intruder').exec()
    expect(leadership.isLeader()).toBe(true)
    expect(leadership.fencingToken()).toBe(token)
    await expect(leadership.assertLeader()).rejects.toThrow(/another lease/)
    expect(leadership.isLeader()).toBe(false)
    expect(losses).toHaveLength(1)
    await admin.delete().key(key!.key).exec()
  })

  test('behavior: an aborted wait stops campaigning and leaves no key behind', async () => {
    newElection()
    const a = candidate('relayer-a', { ttlSeconds: 10 })
    const b = candidate('relayer-b', { ttlSeconds: 10 })
    await a.leadership.waitUntilLeader()
    const controller = new AbortController()
    const waiting = b.leadership.waitUntilLeader(controller.signal)
    await waitFor('B campaigns', async () => (await keys()).length === 2)
    controller.abort(new Error('shutting down'))
    await expect(waiting).rejects.toThrow('shutting down')
    await waitFor('B’s key is removed', async () => (await keys()).length === 1)
    expect((await keys()).map((k) => k.value)).toEqual(['relayer-a'])
    expect(b.losses).toEqual([])
  })

  test('behavior: close() resigns (the key is gone at once) and the instance cannot campaign again', async () => {
    newElection()
    const { leadership, losses } = candidate('relayer-a', { ttlSeconds: 10 })
    await leadership.waitUntilLeader()
    await leadership.close()
    expect(await keys()).toEqual([])
    expect(losses).toEqual(['resigned'])
    await expect(leadership.waitUntilLeader()).rejects.toMatchObject({ code: 'LEADERSHIP_CLOSED' })
  })

  test('error: a TTL under one second is refused', () => {
    expect(() => createLeadership({ etcd: { hosts: etcd.url }, relayerId: 'x', ttlSeconds: 0.5 })).toThrow(
      RangeError,
    )
  })
})
