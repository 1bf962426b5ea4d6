import { type Campaign, Etcd3, type IOptions, Lease, type Watcher } from 'etcd3'
import { LeadershipError, StaleLeaderError } from '../errors.js'
import type { Leadership } from '../types.js'

/** Lease TTL in production: a leader that stops answering is replaced after about this long. */
export const DEFAULT_LEASE_TTL_SECONDS = 10
export const DEFAULT_ELECTION = 'stratos-relayer'

export type CreateLeadershipParameters = {
  /**
   * An etcd3 client, or the options to create one. A client created here is closed by
   * `close()`; a client passed in stays open (its owner closes it).
   */
  etcd: Etcd3 | IOptions
  /** This instance's id; it is the value campaigned (visible to observers). */
  relayerId: string
  /** Election name shared by every relayer of one deployment; default `stratos-relayer`. */
  election?: string
  /** Lease TTL in whole seconds (etcd's minimum is 1); default 10. Tests use ~2-3 for fast failover. */
  ttlSeconds?: number
  /** Pause between failed campaign attempts (etcd unreachable, lease lost while waiting); default 1000. */
  retryDelayMs?: number
  /** Upper bound of one etcd round trip made by `assertLeader`/`resign`; default 5000. */
  requestTimeoutMs?: number
  /** Campaign failures are reported here (they are retried); no output when omitted. */
  onCampaignError?: (error: Error) => void
}

export type CreateLeadershipReturnType = Leadership

/** One term: a campaign (its own lease), from election to loss. */
type Term = {
  campaign: Campaign
  lease: Lease
  /** Full etcd key of the campaign: `election/<name>/<leaseId>`. */
  key: string
  leaseId: bigint
  token: bigint
  /** `performance.now()` after which etcd may already have expired the lease. */
  deadline: number
  /** Start times of keepalives sent and not yet acknowledged, oldest first. */
  inFlight: number[]
  elected: boolean
  lost: boolean
  timer: ReturnType<typeof setTimeout> | undefined
  watcher: Promise<Watcher | undefined> | undefined
  resigned: Promise<void> | undefined
}

/**
 * Leadership through an etcd election (npm etcd3 `election(name).campaign(value)`).
 *
 * - The fencing token is the campaign key's create revision: each new leader's key was created
 *   after every earlier leader's, so tokens only rise.
 * - The local view (`isLeader`) is not etcd3's events alone: it is a deadline, the lease TTL
 *   counted from the *send* time of the last acknowledged keepalive (etcd refreshed the lease no
 *   earlier than that). A failed keepalive, a lease reported lost, a deleted campaign key or the
 *   deadline passing each end the term at once; the lease is then revoked (best effort) so a
 *   half-alive lease never keeps a leader key that nobody acts on.
 * - `assertLeader` is a linearizable read of the election's lowest create revision.
 * - After a loss, `waitUntilLeader` campaigns again with a new lease (and gets a new token).
 */
export function createLeadership(parameters: CreateLeadershipParameters): CreateLeadershipReturnType {
  const {
    relayerId,
    election: electionName = DEFAULT_ELECTION,
    ttlSeconds = DEFAULT_LEASE_TTL_SECONDS,
    retryDelayMs = 1_000,
    requestTimeoutMs = 5_000,
    onCampaignError,
  } = parameters
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new RangeError(`ttlSeconds must be a whole number of seconds >= 1, got ${ttlSeconds}`)
  }
  const ownsClient = !(parameters.etcd instanceof Etcd3)
  const client = parameters.etcd instanceof Etcd3 ? parameters.etcd : new Etcd3(parameters.etcd)
  const election = client.election(electionName, ttlSeconds)
  // etcd3's Election namespace: `election/<name>/`; campaign keys are this prefix + the lease id.
  const prefix = `election/${electionName}/`
  const ttlMs = ttlSeconds * 1_000
  const listeners = new Set<(reason: string) => void>()

  let current: Term | undefined
  let pending: { promise: Promise<bigint>; controller: AbortController } | undefined
  let closed = false

  function alive(term: Term | undefined): term is Term {
    if (!term) return false
    return term.elected && !term.lost && performance.now() < term.deadline
  }

  function lose(term: Term, reason: string): void {
    if (term.lost) return
    term.lost = true
    clearTimeout(term.timer)
    if (current === term) current = undefined
    void term.watcher?.then((w) => w?.cancel()).catch(() => {})
    // Revoking deletes the campaign key so the next candidate need not wait for the TTL, and
    // stops etcd3's keepalive loop: a lease we no longer act on must not keep the key alive.
    term.resigned = term.campaign.resign().catch(() => {})
    if (!term.elected) return
    for (const listener of listeners) {
      try {
        listener(reason)
      } catch {
        // A listener's failure must not keep the others from hearing about the loss.
      }
    }
  }

  function arm(term: Term): void {
    clearTimeout(term.timer)
    if (term.lost) return
    term.timer = setTimeout(
      () => {
        if (performance.now() >= term.deadline) lose(term, 'no keepalive acknowledged within the lease TTL')
        else arm(term)
      },
      Math.max(0, term.deadline - performance.now()),
    )
    term.timer.unref?.()
  }

  /** The election's first key (lowest create revision), read linearizably, must be ours. */
  async function confirm(term: Term): Promise<{ token: bigint; revision: bigint }> {
    const timeout = Math.min(requestTimeoutMs, Math.max(1, term.deadline - performance.now()))
    const result = await client
      .getAll()
      .prefix(prefix)
      .sort('Create', 'Ascend')
      .limit(1)
      .options({ deadline: Date.now() + timeout })
      .exec()
    const first = result.kvs[0]
    if (!first)
      throw new StaleLeaderError('The campaign key is gone from etcd (lease expired or key deleted)')
    if (first.key.toString() !== term.key) {
      throw new StaleLeaderError(`Another candidate leads the election (${first.key.toString()})`)
    }
    if (BigInt(first.lease) !== term.leaseId) {
      throw new StaleLeaderError('The campaign key is held by another lease')
    }
    return { token: BigInt(first.create_revision), revision: BigInt(result.header.revision) }
  }

  function watchKey(term: Term, fromRevision: bigint): void {
    term.watcher = client
      .watch()
      .key(term.key)
      .only('delete')
      .startRevision(String(fromRevision + 1n))
      .create()
      .then((watcher) => {
        watcher.on('delete', () => lose(term, 'campaign key deleted'))
        watcher.on('error', () => {})
        if (term.lost) void watcher.cancel().catch(() => {})
        return watcher
      })
      .catch(() => undefined)
  }

  async function campaignOnce(signal: AbortSignal): Promise<Term> {
    const campaign = election.campaign(relayerId)
    const lease = leaseOf(campaign)
    const term: Term = {
      campaign,
      lease,
      key: '',
      leaseId: 0n,
      token: 0n,
      // The grant request is sent now; etcd starts the TTL no earlier than that.
      deadline: performance.now() + ttlMs,
      inFlight: [],
      elected: false,
      lost: false,
      timer: undefined,
      watcher: undefined,
      resigned: undefined,
    }
    let fail: (error: Error) => void = () => {}
    const failed = new Promise<never>((_, reject) => {
      fail = reject
    })
    failed.catch(() => {})
    const problem = (reason: string, cause?: unknown) => {
      if (term.elected) lose(term, reason)
      else fail(new Error(reason, { cause }))
    }
    lease.on('keepaliveFired', () => term.inFlight.push(performance.now()))
    lease.on('keepaliveSucceeded', () => {
      const sentAt = term.inFlight.shift()
      if (sentAt === undefined || sentAt + ttlMs <= term.deadline) return
      term.deadline = sentAt + ttlMs
      if (term.elected) arm(term)
    })
    // Typed as a keepalive response in etcd3's .d.ts, but etcd3 emits the gRPC error here.
    lease.on('keepaliveFailed', (failure) => {
      const error: unknown = failure
      term.inFlight = []
      problem(`keepalive failed: ${error instanceof Error ? error.message : String(error)}`, error)
    })
    campaign.on('error', (error: Error) => problem(`lease lost: ${error.message}`, error))
    const onAbort = () => fail(abortError(signal))
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      if (signal.aborted) throw abortError(signal)
      await Promise.race([campaign.wait(), failed])
      term.key = await Promise.race([campaign.getCampaignKey(), failed])
      term.leaseId = BigInt(term.key.slice(prefix.length))
      const { token, revision } = await Promise.race([confirm(term), failed])
      if (performance.now() >= term.deadline) throw new Error('the lease TTL passed while being elected')
      term.token = token
      term.elected = true
      current = term
      arm(term)
      watchKey(term, revision)
      return term
    } catch (error) {
      lose(term, 'campaign abandoned')
      throw error
    } finally {
      signal.removeEventListener('abort', onAbort)
    }
  }

  async function campaignLoop(signal: AbortSignal): Promise<bigint> {
    for (;;) {
      if (closed) throw new LeadershipError('LEADERSHIP_CLOSED', 'Leadership was closed')
      if (signal.aborted) throw abortError(signal)
      try {
        const term = await campaignOnce(signal)
        return term.token
      } catch (error) {
        if (closed) throw new LeadershipError('LEADERSHIP_CLOSED', 'Leadership was closed', { cause: error })
        if (signal.aborted) throw abortError(signal)
        onCampaignError?.(error instanceof Error ? error : new Error(String(error)))
        await sleep(retryDelayMs, signal).catch(() => {})
      }
    }
  }

  async function resign(): Promise<void> {
    pending?.controller.abort(new LeadershipError('CAMPAIGN_ABORTED', 'Resigned while campaigning'))
    const term = current
    if (!term) return
    lose(term, 'resigned')
    await withTimeout(term.resigned ?? Promise.resolve(), requestTimeoutMs)
  }

  function isLeader(): boolean {
    if (current && !current.lost && current.elected && performance.now() >= current.deadline) {
      lose(current, 'no keepalive acknowledged within the lease TTL')
    }
    return alive(current)
  }

  return {
    relayerId,
    isLeader,
    fencingToken() {
      return isLeader() ? current?.token : undefined
    },
    async assertLeader() {
      const term = current
      if (!alive(term)) throw new StaleLeaderError('This relayer holds no live lease')
      let confirmed: { token: bigint }
      try {
        confirmed = await confirm(term)
      } catch (error) {
        if (error instanceof StaleLeaderError) {
          lose(term, error.shortMessage)
          throw error
        }
        // etcd unreachable: leadership cannot be confirmed, so it must not be used.
        throw new StaleLeaderError('Leadership could not be confirmed with etcd', { cause: error })
      }
      if (confirmed.token !== term.token) {
        lose(term, 'the campaign key was recreated')
        throw new StaleLeaderError('The campaign key was recreated with another revision')
      }
      // The read took time; the lease may have run out meanwhile.
      if (!alive(term)) throw new StaleLeaderError('The lease ran out while confirming leadership')
      return term.token
    },
    async waitUntilLeader(signal) {
      if (closed) throw new LeadershipError('LEADERSHIP_CLOSED', 'Leadership was closed')
      if (isLeader() && current) return current.token
      if (!pending) {
        const controller = new AbortController()
        const promise = campaignLoop(controller.signal).finally(() => {
          pending = undefined
        })
        pending = { promise, controller }
      }
      const { promise, controller } = pending
      if (!signal) return promise
      // One campaign serves every waiter; aborting a wait cancels it (the relayer has one waiter).
      const onAbort = () => controller.abort(signal.reason)
      if (signal.aborted) onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      return promise.finally(() => signal.removeEventListener('abort', onAbort))
    },
    onLost(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    resign,
    async close() {
      if (closed) return
      await resign()
      closed = true
      if (ownsClient) client.close()
    },
  }
}

/**
 * etcd3's Campaign keeps its Lease private, but the lease's keepalive events are what the
 * local deadline needs. Checked at run time so an etcd3 upgrade that moves it fails loudly.
 */
function leaseOf(campaign: Campaign): Lease {
  const lease: unknown = Reflect.get(campaign, 'lease')
  if (!(lease instanceof Lease)) {
    throw new LeadershipError(
      'ETCD_INCOMPATIBLE',
      'etcd3 Campaign does not expose its lease (this code follows etcd3 1.1.2)',
    )
  }
  return lease
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : new LeadershipError('CAMPAIGN_ABORTED', 'Campaign aborted', { cause: signal.reason })
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortError(signal))
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

async function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))])
  clearTimeout(timer)
}
