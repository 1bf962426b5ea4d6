import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client'

export interface CreateRelayerMetricsParameters {
  /** Outcomes per chain the success rate is computed over. Default 100. */
  successWindow?: number
  /** Also collect prom-client's default process metrics. Default true. */
  defaultMetrics?: boolean
}

export type IntentResult = 'confirmed' | 'failed'

export interface RelayerMetrics {
  readonly registry: Registry
  /** One intent reached a final state on `chain` (a chain id, or `unknown` for unparseable intents). */
  recordOutcome(chain: string | number, result: IntentResult, reason?: string): void
  setQueueDepth(depth: number): void
  setLedgerHeight(offset: number): void
  setCantonUp(up: boolean): void
  setLeader(leader: boolean): void
}

/**
 * The relayer's Prometheus metrics on their own registry. Names are fixed (dashboards and alert
 * rules use them): `relayer_intents_processed_total{chain,result}`,
 * `relayer_chain_execution_success_rate{chain}`, `relayer_intent_queue_depth`,
 * `relayer_execution_failures_total{chain,reason}`, `canton_ledger_height`, `canton_up`,
 * `relayer_is_leader`, plus the default process metrics.
 */
export function createRelayerMetrics(parameters: CreateRelayerMetricsParameters = {}): RelayerMetrics {
  const window = Math.max(1, parameters.successWindow ?? 100)
  const registry = new Registry()
  if (parameters.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const processed = new Counter({
    name: 'relayer_intents_processed_total',
    help: 'Intents that reached a final state, by chain and result (confirmed|failed)',
    labelNames: ['chain', 'result'] as const,
    registers: [registry],
  })
  const successRate = new Gauge({
    name: 'relayer_chain_execution_success_rate',
    help: `Share of confirmed intents among the last ${window} outcomes per chain (0..1)`,
    labelNames: ['chain'] as const,
    registers: [registry],
  })
  const queueDepth = new Gauge({
    name: 'relayer_intent_queue_depth',
    help: 'Intents received but not yet in a final state',
    registers: [registry],
  })
  const failures = new Counter({
    name: 'relayer_execution_failures_total',
    help: 'Failed intents by chain and reason (the vault error name or the validation failure)',
    labelNames: ['chain', 'reason'] as const,
    registers: [registry],
  })
  const ledgerHeight = new Gauge({
    name: 'canton_ledger_height',
    help: 'Ledger end offset of the Canton participant',
    registers: [registry],
  })
  const cantonUp = new Gauge({
    name: 'canton_up',
    help: '1 when the Canton participant answered the last poll, else 0',
    registers: [registry],
  })
  const isLeader = new Gauge({
    name: 'relayer_is_leader',
    help: '1 while this instance is the elected leader',
    registers: [registry],
  })
  isLeader.set(0)
  cantonUp.set(0)
  queueDepth.set(0)

  const recent = new Map<string, IntentResult[]>()

  return {
    registry,
    recordOutcome(chain, result, reason) {
      const label = String(chain)
      processed.inc({ chain: label, result })
      if (result === 'failed') failures.inc({ chain: label, reason: reasonLabel(reason) })
      const outcomes = recent.get(label) ?? []
      outcomes.push(result)
      if (outcomes.length > window) outcomes.splice(0, outcomes.length - window)
      recent.set(label, outcomes)
      successRate.set({ chain: label }, outcomes.filter((o) => o === 'confirmed').length / outcomes.length)
    },
    setQueueDepth: (depth) => queueDepth.set(depth),
    setLedgerHeight: (offset) => ledgerHeight.set(offset),
    setCantonUp: (up) => cantonUp.set(up ? 1 : 0),
    setLeader: (leader) => isLeader.set(leader ? 1 : 0),
  }
}

/**
 * A bounded label value: the error name before any arguments (`IntentExpired(…)` ->
 * `IntentExpired`), so the label set stays small.
 */
export function reasonLabel(reason: string | undefined): string {
  if (!reason) return 'unknown'
  const name = /^[A-Za-z][A-Za-z0-9_]*/.exec(reason)?.[0]
  return name ? name.slice(0, 64) : 'other'
}
