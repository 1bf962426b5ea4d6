import type { CantonHistoryItem } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { describeHistoryItem, shortParty, statusText } from './describeHistoryItem'

const bob = `bob::1220${'ab'.repeat(32)}`
const usdx = { admin: `registry::1220${'00'.repeat(32)}`, id: 'USDX' }
const item = (fields: Partial<CantonHistoryItem>): CantonHistoryItem => ({
  updateId: 'u1',
  offset: 7,
  recordTime: '2025-01-01T00:00:00Z',
  kind: 'other',
  ...fields,
})

describe('shortParty', () => {
  test('behavior: keeps the hint and 8 characters of the fingerprint', () => {
    expect(shortParty(bob)).toBe('bob::1220abab…')
    expect(shortParty('x::1220ab')).toBe('x::1220ab')
  })
})

describe('describeHistoryItem', () => {
  test('behavior: each kind reads as the user would say it, from their side', () => {
    const transfer = { counterparty: bob, amount: '25', instrumentId: usdx }
    expect(describeHistoryItem(item({ kind: 'transfer-sent', role: 'sender', ...transfer }))).toBe(
      'Sent 25 USDX to bob::1220abab…',
    )
    expect(describeHistoryItem(item({ kind: 'transfer-received', role: 'receiver', ...transfer }))).toBe(
      'Received 25 USDX from bob::1220abab…',
    )
    expect(describeHistoryItem(item({ kind: 'transfer-accepted', role: 'sender', ...transfer }))).toBe(
      'Accepted by bob::1220abab…: 25 USDX',
    )
    expect(describeHistoryItem(item({ kind: 'transfer-accepted', role: 'receiver', ...transfer }))).toBe(
      'Accepted 25 USDX from bob::1220abab…',
    )
    expect(describeHistoryItem(item({ kind: 'transfer-rejected', role: 'sender', ...transfer }))).toBe(
      'Rejected by bob::1220abab…: 25 USDX',
    )
    expect(describeHistoryItem(item({ kind: 'transfer-withdrawn', role: 'receiver', ...transfer }))).toBe(
      'Withdrawn by bob::1220abab…: 25 USDX',
    )
    expect(describeHistoryItem(item({ kind: 'mint', amount: '100.0000000000', instrumentId: usdx }))).toBe(
      'Minted 100 USDX to you',
    )
  })

  test('behavior: unknown transactions name their template and choice; missing details do not break', () => {
    expect(describeHistoryItem(item({ template: 'Foo.Bar:Baz', choice: 'Poke' }))).toBe(
      'Other: Foo.Bar:Baz Poke',
    )
    expect(describeHistoryItem(item({}))).toBe('Other: a transaction')
    expect(describeHistoryItem(item({ kind: 'transfer-accepted', role: 'receiver' }))).toBe(
      'Accepted a transfer from someone',
    )
    expect(statusText(item({ kind: 'transfer-sent', status: 'pending' }))).toBe('Awaiting acceptance')
    expect(statusText(item({ kind: 'transfer-rejected', status: 'failed' }))).toBeNull()
  })
})
