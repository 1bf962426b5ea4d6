import { Writable } from 'node:stream'
import { describe, expect, test } from 'vitest'
import { createAuditLog } from './auditLog.js'

function capture() {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line))
      done()
    },
  })
  return { lines, destination }
}

const ref = { intentId: `0x${'aa'.repeat(32)}`, vaultId: `0x${'bb'.repeat(32)}`, chainId: 31337 } as const

describe('createAuditLog', () => {
  test('behavior: one JSON line per event with the design’s fields', async () => {
    const { lines, destination } = capture()
    const audit = createAuditLog({ destination, relayerId: 'r1' })
    audit.intentReceived({ ...ref, contractId: 'cid' })
    audit.transactionSubmitted({ ...ref, txHash: `0x${'cc'.repeat(32)}`, nonce: 4, gasUsed: 123456n })
    await new Promise((r) => setImmediate(r))
    expect(lines[0]).toMatchObject({
      event: 'intent_received',
      intentId: ref.intentId,
      contractId: 'cid',
      vaultId: ref.vaultId,
      chain: 31337,
      relayerId: 'r1',
    })
    expect(lines[1]).toMatchObject({
      event: 'transaction_submitted',
      intentId: ref.intentId,
      nonce: 4,
      vaultId: ref.vaultId,
      txHash: `0x${'cc'.repeat(32)}`,
      chain: 31337,
      gasUsed: '123456',
    })
  })
})
