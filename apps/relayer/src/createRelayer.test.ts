import { randomBytes } from 'node:crypto'
import { Writable } from 'node:stream'
import { createIntent, outcomesOf, sampleIntentFields } from '@stratos/canton-devnet/testing'
import { type AdapterCall, cantonDeFiVaultAbi, encodeAdapterCall, TEST_SWAP_FEE } from '@stratos/contracts'
import pino from 'pino'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from './config.js'
import { type RelayerService, startRelayerService } from './startRelayerService.js'
import { type DeFiTestStack, startDeFiStack } from './testing/startDeFiStack.js'

let stack: DeFiTestStack
let service: RelayerService
const audit: Record<string, unknown>[] = []
/** Checked after every audit line the relayer writes. */
const auditWaiters = new Set<() => void>()

/** Resolves once `condition` holds over the audit lines written so far (checked as each arrives). */
function untilAudit(condition: (lines: Record<string, unknown>[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!condition(audit)) return
      auditWaiters.delete(check)
      resolve()
    }
    auditWaiters.add(check)
    check()
  })
}

beforeAll(async () => {
  stack = await startDeFiStack()
  const config = loadConfig(
    stack.relayerEnv('relayer-it', {
      RELAYER_LEASE_TTL_SECONDS: '3',
      RELAYER_POLL_INTERVAL_MS: '200',
      RELAYER_LOG_LEVEL: 'info',
      REGULATOR_PARTY: stack.scenario.regulator,
    }),
  )
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const record = JSON.parse(line) as Record<string, unknown>
        if (record.audit) {
          audit.push(record)
          for (const check of [...auditWaiters]) check()
        }
        // Warnings and errors of the relayer show in the test output (they explain a failure).
        else if (Number(record.level) >= 40) process.stderr.write(`${line}\n`)
      }
      done()
    },
  })
  service = await startRelayerService(config, {
    logger: pino({ level: 'info' }, destination),
    chainPollIntervalMs: 100,
  })
}, 120_000)

afterAll(async () => {
  await service?.stop()
  await stack?.stop()
}, 60_000)

function intentFields(
  call: AdapterCall,
  adapter: Hex,
  overrides: Partial<ReturnType<typeof sampleIntentFields>> = {},
) {
  return sampleIntentFields({
    vaultId: stack.defi.vaultId,
    chainId: stack.anvil.chainId,
    vault: stack.defi.vault,
    adapter,
    callData: encodeAdapterCall(call),
    value: '0',
    nonce: 1,
    regulator: stack.scenario.regulator,
    ...overrides,
  })
}

describe('createRelayer (in-process: etcd, anvil, canton-devnet, SQLite journal)', () => {
  test('behavior: 10 intents over three adapters are executed once and marked executed; bad ones (and one the regulator does not see) marked failed', async () => {
    await service.leadership.waitUntilLeader()
    const { usdc, weth } = stack.defi.tokens
    const calls: [AdapterCall, Hex][] = [
      ...Array.from({ length: 4 }, (): [AdapterCall, Hex] => [
        { action: 'aaveV3.supply', asset: usdc, amount: 100_000_000n },
        stack.defi.adapters.aaveV3,
      ]),
      ...Array.from({ length: 3 }, (): [AdapterCall, Hex] => [
        {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: usdc,
          tokenOut: weth,
          fee: TEST_SWAP_FEE,
          amountIn: 1_000_000_000n,
          amountOutMinimum: 0n,
        },
        stack.defi.adapters.uniswapV3,
      ]),
      ...Array.from({ length: 3 }, (): [AdapterCall, Hex] => [
        { action: 'compoundV2.supply', cToken: stack.defi.protocols.cUsdc, amount: 100_000_000n },
        stack.defi.adapters.compoundV2,
      ]),
    ]
    const good = calls.map(([call, adapter], i) => intentFields(call, adapter, { nonce: i + 1 }))
    const expired = intentFields(calls[0]![0], stack.defi.adapters.aaveV3, {
      deadline: new Date(Date.now() - 60_000).toISOString(),
    })
    const unknownVault = intentFields(calls[0]![0], stack.defi.adapters.aaveV3, {
      vaultId: `0x${randomBytes(32).toString('hex')}`,
    })
    // REGULATOR_PARTY is set: an intent the regulator does not observe is never executed.
    const unregulated = intentFields(calls[0]![0], stack.defi.adapters.aaveV3, { regulator: null })
    const contracts = new Map<string, string>()
    for (const fields of [...good, expired, unknownVault, unregulated])
      contracts.set(
        fields.intentId.toLowerCase(),
        await createIntent(
          stack.scenario.client,
          stack.scenario.institution,
          stack.scenario.operator,
          fields,
        ),
      )

    const ours = new Set(contracts.keys())
    // Every intent is reported to Canton (the relayer's audit line follows the ledger's answer).
    await untilAudit(
      (lines) =>
        lines.filter((l) => l.event === 'intent_reported' && ours.has(String(l.intentId))).length >= 13,
    )
    const outcomes = (
      await outcomesOf(stack.scenario.client, stack.scenario.operatorToken, stack.scenario.operator)
    ).filter((o) => ours.has(o.args.intentId.toLowerCase()))
    expect(outcomes).toHaveLength(13)
    const byId = new Map(outcomes.map((o) => [o.args.intentId.toLowerCase(), o.args]))

    // Executed once each, per the vault's events; Canton holds the executing tx hash.
    const events = await stack.publicClient.getContractEvents({
      address: stack.defi.vault,
      abi: cantonDeFiVaultAbi,
      eventName: 'IntentExecuted',
      fromBlock: stack.defi.vaultDeployBlock,
    })
    for (const fields of good) {
      const id = fields.intentId.toLowerCase()
      const executed = events.filter((e) => e.args.intentId?.toLowerCase() === id)
      expect(executed, `IntentExecuted of ${id}`).toHaveLength(1)
      expect(byId.get(id)).toMatchObject({ status: 'Executed', txHash: executed[0]!.transactionHash })
    }
    expect(byId.get(expired.intentId.toLowerCase())).toMatchObject({ status: 'Failed', txHash: null })
    expect(byId.get(expired.intentId.toLowerCase())?.reason).toMatch(/^IntentExpired/)
    expect(byId.get(unknownVault.intentId.toLowerCase())?.reason).toMatch(/^UnknownVault/)
    expect(byId.get(unregulated.intentId.toLowerCase())).toMatchObject({ status: 'Failed', regulator: null })
    expect(byId.get(unregulated.intentId.toLowerCase())?.reason).toBe(
      `WrongRegulator: the intent names no regulator, not ${stack.scenario.regulator}`,
    )
    expect(
      events.filter((e) =>
        [expired, unknownVault, unregulated].some((f) => f.intentId.toLowerCase() === e.args.intentId),
      ),
    ).toEqual([])

    // The regulator (a read-only token) sees the outcome of every intent that named it, not the other.
    const regulated = (
      await outcomesOf(stack.scenario.client, stack.scenario.regulatorToken, stack.scenario.regulator)
    ).filter((o) => ours.has(o.args.intentId.toLowerCase()))
    expect(regulated.map((o) => o.args.intentId.toLowerCase()).sort()).toEqual(
      [...good, expired, unknownVault].map((f) => f.intentId.toLowerCase()).sort(),
    )
    for (const o of regulated) expect(o.args.regulator).toBe(stack.scenario.regulator)

    // Journal: all final and reported.
    for (const id of ours) {
      const entry = await service.journal.get(id as Hex)
      expect(entry?.reportedToCanton, `reported ${id}`).toBe(true)
    }

    // Metrics.
    const metrics = await (await fetch(`${service.http.url}/metrics`)).text()
    const chain = stack.anvil.chainId
    expect(metrics).toContain(`relayer_intents_processed_total{chain="${chain}",result="confirmed"} 10`)
    expect(metrics).toContain(`relayer_intents_processed_total{chain="${chain}",result="failed"} 2`)
    expect(metrics).toContain(`relayer_execution_failures_total{chain="${chain}",reason="IntentExpired"} 1`)
    expect(metrics).toContain(`relayer_execution_failures_total{chain="${chain}",reason="UnknownVault"} 1`)
    expect(metrics).toContain('relayer_is_leader 1')
    expect(metrics).toContain('canton_up 1')
    expect(metrics).toMatch(/canton_ledger_height [1-9]/)
    expect((await fetch(`${service.http.url}/readyz`)).status).toBe(200)

    // Audit log: received for all 13, submitted (with gas used) for the 10.
    const received = audit.filter((l) => l.event === 'intent_received' && ours.has(String(l.intentId)))
    expect(received).toHaveLength(13)
    const submitted = audit.filter((l) => l.event === 'transaction_submitted' && ours.has(String(l.intentId)))
    expect(submitted).toHaveLength(10)
    for (const line of submitted) expect(BigInt(String(line.gasUsed))).toBeGreaterThan(21_000n)
    expect(JSON.stringify(audit)).not.toContain(stack.scenario.operatorToken)
  }, 120_000)
})
