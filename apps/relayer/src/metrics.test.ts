import { describe, expect, test } from 'vitest'
import { createRelayerMetrics, reasonLabel } from './metrics.js'

describe('createRelayerMetrics', () => {
  test('behavior: counts outcomes, failures by reason and the success rate over the window', async () => {
    const m = createRelayerMetrics({ successWindow: 4, defaultMetrics: false })
    m.recordOutcome(31337, 'confirmed')
    m.recordOutcome(31337, 'failed', 'IntentExpired(123)')
    for (let i = 0; i < 3; i++) m.recordOutcome(31337, 'confirmed')
    m.setLeader(true)
    m.setQueueDepth(5)
    m.setLedgerHeight(42)
    m.setCantonUp(true)
    const text = await m.registry.metrics()
    expect(text).toContain('relayer_intents_processed_total{chain="31337",result="confirmed"} 4')
    expect(text).toContain('relayer_intents_processed_total{chain="31337",result="failed"} 1')
    expect(text).toContain('relayer_execution_failures_total{chain="31337",reason="IntentExpired"} 1')
    // The last 4 outcomes: failed, confirmed x3.
    expect(text).toContain('relayer_chain_execution_success_rate{chain="31337"} 0.75')
    expect(text).toContain('relayer_is_leader 1')
    expect(text).toContain('relayer_intent_queue_depth 5')
    expect(text).toContain('canton_ledger_height 42')
    expect(text).toContain('canton_up 1')
  })

  test('behavior: default process metrics are included', async () => {
    const text = await createRelayerMetrics().registry.metrics()
    expect(text).toContain('process_cpu_user_seconds_total')
  })
})

describe('reasonLabel', () => {
  test('behavior: keeps the error name only', () => {
    expect(reasonLabel('AdapterCallFailed(Error: x)')).toBe('AdapterCallFailed')
    expect(reasonLabel('InvalidIntent: vault: bad')).toBe('InvalidIntent')
    expect(reasonLabel(undefined)).toBe('unknown')
  })
})
