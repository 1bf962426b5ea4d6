import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { intentsOf, outcomesOf } from '@stratos/canton-devnet/testing'
import { cantonDeFiVaultAbi } from '@stratos/contracts'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RelayerProcess, spawnRelayer } from './testing/spawnRelayer.js'
import { type CreatedIntent, type DeFiTestStack, startDeFiStack } from './testing/startDeFiStack.js'

// The proof of exactly-once: etcd, anvil, canton-devnet, PostgreSQL and three relayer
// processes; 200 intents created on Canton while the leader is SIGKILLed at least five times;
// then the vault's events and Canton's outcomes must account for every intent exactly once.

const INTENTS = 200
/** Kill the leader when this many intents have executed on chain (so every kill hits live work). */
const KILL_AT = [15, 45, 75, 105, 135, 165]
const LEASE_TTL_SECONDS = 2
/** Intents per batch and the pace of batches (about 40 s of arrivals in all). */
const BATCH = 5
const BATCH_INTERVAL_MS = 1_000

type Failover = {
  killed: string
  /** The killed leader's queue depth when it was killed. */
  inFlight: number
  newLeader: string
  electedMs: number
  nextExecutionMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('relayer cluster', () => {
  let stack: DeFiTestStack
  const relayers: RelayerProcess[] = []
  let nextId = 1

  async function addRelayer() {
    const id = `relayer-${nextId++}`
    const env = stack.relayerEnv(id, {
      RELAYER_LEASE_TTL_SECONDS: String(LEASE_TTL_SECONDS),
      RELAYER_POLL_INTERVAL_MS: '200',
      RELAYER_LOG_LEVEL: 'info',
    })
    relayers.push(await spawnRelayer(id, env, { logDir: stack.dir }))
  }

  async function live() {
    return relayers.filter((r) => r.child.exitCode === null && r.child.signalCode === null)
  }

  /** The one live relayer that says it leads (waits for exactly one). */
  async function leader(timeoutMs: number): Promise<{ relayer: RelayerProcess; at: number }> {
    const until = Date.now() + timeoutMs
    while (Date.now() < until) {
      const candidates = await live()
      const flags = await Promise.all(candidates.map((r) => r.isLeader()))
      const leaders = candidates.filter((_, i) => flags[i])
      if (leaders.length === 1 && leaders[0]) return { relayer: leaders[0], at: Date.now() }
      await sleep(50)
    }
    throw new Error(`no single leader within ${timeoutMs} ms`)
  }

  async function executedOnChain() {
    return stack.publicClient.getContractEvents({
      address: stack.defi.vault,
      abi: cantonDeFiVaultAbi,
      eventName: 'IntentExecuted',
      fromBlock: stack.defi.vaultDeployBlock,
    })
  }

  beforeAll(async () => {
    stack = await startDeFiStack({ postgres: true })
    for (let i = 0; i < 3; i++) await addRelayer()
  }, 120_000)

  /** SIGKILLs the leader, waits for a successor and its first confirmed execution, adds a relayer. */
  async function killLeader(): Promise<Failover> {
    const { relayer: victim } = await leader(20_000)
    // Wait (briefly) until the leader has picked up the new batch, so the kill cuts through live work.
    let inFlight = 0
    for (const until = Date.now() + 3_000; inFlight === 0 && Date.now() < until; ) {
      inFlight = (await victim.metric('relayer_intent_queue_depth')) ?? 0
      if (inFlight === 0) await sleep(10)
    }
    const killedAt = Date.now()
    victim.kill('SIGKILL')
    await victim.exited
    const { relayer: successor, at } = await leader(LEASE_TTL_SECONDS * 1_000 * 10)
    let executedAt: number | undefined
    while (executedAt === undefined) {
      executedAt = firstExecutionLogged(successor, killedAt)
      if (executedAt === undefined) {
        if (Date.now() - killedAt > 60_000) throw new Error(`${successor.id} executed nothing for 60 s`)
        await sleep(50)
      }
    }
    await addRelayer() // keep three candidates
    return {
      killed: victim.id,
      inFlight,
      newLeader: successor.id,
      electedMs: at - killedAt,
      nextExecutionMs: executedAt - killedAt,
    }
  }

  /** Time of the first `transaction_submitted` (a confirmed execution) `relayer` logged after `since`. */
  function firstExecutionLogged(relayer: RelayerProcess, since: number): number | undefined {
    for (const line of readFileSync(join(stack.dir, `${relayer.id}.log`), 'utf8').split('\n')) {
      if (!line.includes('"event":"transaction_submitted"')) continue
      const time = (JSON.parse(line) as { time: number }).time
      if (time >= since) return time
    }
    return undefined
  }

  /** On failure, what each relayer last logged (the logs live in the stack's folder). */
  function logTails(lines = 25) {
    return relayers
      .map((r) => {
        const text = readFileSync(join(stack.dir, `${r.id}.log`), 'utf8')
          .trimEnd()
          .split('\n')
        return `--- ${r.id} (${r.child.signalCode ?? r.child.exitCode ?? 'running'}) ---\n${text.slice(-lines).join('\n')}`
      })
      .join('\n')
  }

  afterAll(async () => {
    for (const r of relayers) r.kill('SIGTERM')
    await Promise.all(relayers.map((r) => Promise.race([r.exited, sleep(5_000)])))
    for (const r of relayers) r.kill('SIGKILL')
    await stack?.stop()
  }, 60_000)

  test(`behavior: ${INTENTS} intents, the leader SIGKILLed ${KILL_AT.length} times: each executes exactly once and is marked on Canton`, async () => {
    const failovers: Failover[] = []
    try {
      // Intents arrive in batches over the whole run. Right after a batch lands on Canton (so the
      // leader has work in flight) and once enough have executed, the leader is SIGKILLed; the
      // failover lasts until its successor confirms an execution (from the successor's own log).
      const created: CreatedIntent[] = []
      const kills = [...KILL_AT]
      while (created.length < INTENTS) {
        const batchStart = Date.now()
        created.push(...(await stack.createIntents(Math.min(BATCH, INTENTS - created.length))))
        const threshold = kills[0]
        if (threshold !== undefined && (await executedOnChain()).length >= threshold) {
          kills.shift()
          failovers.push(await killLeader())
          continue
        }
        await sleep(Math.max(0, BATCH_INTERVAL_MS - (Date.now() - batchStart)))
      }
      expect(kills).toEqual([]) // every planned kill happened while intents were still arriving

      // Everything settles: every intent gets its outcome on Canton.
      const { client, operator, operatorToken } = stack.scenario
      const until = Date.now() + 120_000
      let outcomes = await outcomesOf(client, operatorToken, operator)
      while (outcomes.length < INTENTS && Date.now() < until) {
        await sleep(500)
        outcomes = await outcomesOf(client, operatorToken, operator)
      }

      const events = await executedOnChain()
      const executions = new Map<string, Hex[]>()
      for (const e of events) {
        const id = (e.args.intentId as Hex).toLowerCase()
        executions.set(id, [...(executions.get(id) ?? []), e.transactionHash])
      }
      const ids = created.map((c) => c.intentId.toLowerCase())
      expect(new Set(ids).size).toBe(INTENTS)
      // Exactly once: every intent has one IntentExecuted event, and there are no others.
      expect(ids.filter((id) => executions.get(id)?.length !== 1)).toEqual([])
      expect(events).toHaveLength(INTENTS)
      // None lost on Canton: no intent left open, each outcome Executed with the hash of its execution.
      expect(await intentsOf(client, operatorToken, operator)).toEqual([])
      expect(outcomes).toHaveLength(INTENTS)
      for (const { args } of outcomes) {
        expect(args.status).toBe('Executed')
        expect(args.txHash?.toLowerCase()).toBe(executions.get(args.intentId.toLowerCase())?.[0])
      }
    } catch (error) {
      console.error(`relayer cluster failed; failovers so far: ${JSON.stringify(failovers)}\n${logTails()}`)
      throw error
    }

    expect(failovers.length).toBeGreaterThanOrEqual(5)
    const longest = failovers.reduce((a, b) => (b.nextExecutionMs > a.nextExecutionMs ? b : a))
    console.log(
      [
        `relayer cluster: ${INTENTS} intents, ${failovers.length} leader SIGKILLs, each executed exactly once`,
        ...failovers.map(
          (f) =>
            `  killed ${f.killed} with ${f.inFlight} in flight -> ${f.newLeader} elected after ${f.electedMs} ms, next execution after ${f.nextExecutionMs} ms`,
        ),
        `  longest failover: ${longest.nextExecutionMs} ms (lease TTL ${LEASE_TTL_SECONDS} s)`,
      ].join('\n'),
    )
  }, 300_000)
})
