import { describe, expect, test } from 'vitest'
import { useCantonDevnet } from '../../testing/cantonDevnet.js'
import { cantonPerson, onboardCantonPerson, signAndExecute } from '../../testing/cantonPeople.js'
import { mintHoldings } from '../../testing/mintHoldings.js'
import { createTestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'
import { MAX_TRANSFER_INPUTS } from './service.js'

// The devnet answers 413 above Canton's default list limit (200), as a real participant does:
// these wallets are only listed whole because the ledger client pages.
const canton = useCantonDevnet()

describe.each(DB_KINDS)('/api/canton with big wallets on %s', (kind) => {
  const databases = useTestDatabases(kind)
  const app = async () =>
    createTestApp(await databases.fresh(), { devMode: true, canton: canton.current.config })

  test('behavior: 1,000 holdings are all listed; the balance is their sum; a send spends the largest', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Whale', 21)
    const b = await cantonPerson(t, 'Minnow', 22)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    // 1,000 holdings of 1.001, 2.001, ... 1000.001 USDX: 500,500 + 1 in all.
    await mintHoldings(
      canton.current,
      aParty,
      Array.from({ length: 1000 }, (_, i) => `${i + 1}.001`),
    )
    const holdings = await a.client.get('/api/canton/holdings')
    expect(holdings.status).toBe(200)
    expect(holdings.body.holdings).toHaveLength(1000)
    expect(new Set(holdings.body.holdings.map((h: { contractId: string }) => h.contractId)).size).toBe(1000)
    expect(holdings.body.totals).toEqual([
      { instrumentId: canton.current.config.instrument, unlocked: '500501', locked: '0' },
    ])

    // 1,500 takes the two largest holdings (1000.001 + 999.001).
    const prepared = await a.client.post('/api/canton/transfers/prepare', {
      receiver: bParty,
      amount: '1500',
    })
    expect(prepared.status).toBe(200)
    const sent = await signAndExecute(a, aParty, prepared.body)
    expect(sent.res.status).toBe(200)
    const after = await a.client.get('/api/canton/holdings')
    // Two inputs archived, change and the locked 1,500 created.
    expect(after.body.holdings).toHaveLength(1000)
    expect(after.body.totals).toEqual([
      { instrumentId: canton.current.config.instrument, unlocked: '499001', locked: '1500' },
    ])
  }, 120_000)

  test('error: a send that needs more than 100 holdings is 400 CANTON_TOO_MANY_HOLDINGS naming what can be sent; 100 go through', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Dust', 23)
    const b = await cantonPerson(t, 'Payee', 24)
    const aParty = await onboardCantonPerson(a)
    const bParty = await onboardCantonPerson(b)
    await mintHoldings(
      canton.current,
      aParty,
      Array.from({ length: 250 }, () => '1'),
    )
    const balance = await a.client.get('/api/canton/holdings')
    expect(balance.body.holdings).toHaveLength(250)
    expect(balance.body.totals[0].unlocked).toBe('250')

    const tooMany = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '101' })
    expect(tooMany.status).toBe(400)
    expect(tooMany.body).toEqual({
      code: 'CANTON_TOO_MANY_HOLDINGS',
      message: `amount: 101 USDX takes 101 of your holdings and one transfer spends at most ${MAX_TRANSFER_INPUTS}; send at most 100 USDX now and the rest in another transfer`,
    })
    // 100 inputs: the prepared transaction is larger than the app's 256 KiB JSON limit, and
    // execute takes it back.
    const most = await a.client.post('/api/canton/transfers/prepare', { receiver: bParty, amount: '100' })
    expect(most.status).toBe(200)
    expect(most.body.preparedTransaction.length).toBeGreaterThan(256 * 1024)
    const sent = await signAndExecute(a, aParty, most.body)
    expect(sent.res.status).toBe(200)
    const after = await a.client.get('/api/canton/holdings')
    expect(after.body.holdings.filter((h: { locked: boolean }) => !h.locked)).toHaveLength(150)
    expect(after.body.totals[0]).toMatchObject({ unlocked: '150', locked: '100' })
  }, 120_000)

  test('error: execute takes a body up to 1 MiB, no more; other routes keep the 256 KiB limit', async () => {
    const t = await app()
    const a = await cantonPerson(t, 'Big', 25)
    await onboardCantonPerson(a)
    const execute = (preparedTransaction: string) =>
      a.client.post('/api/canton/execute', {
        preparedTransaction,
        hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
        signature: Buffer.alloc(64).toString('base64'),
        submissionId: crypto.randomUUID(),
      })
    // 600 KB of base64 passes the size checks and reaches the participant, which cannot decode it.
    const large = await execute('A'.repeat(600_000))
    expect(large.status).not.toBe(413)
    expect(large.body.code).not.toBe('INVALID_BODY')
    const tooLarge = await execute('A'.repeat(1024 * 1024))
    expect(tooLarge.status).toBe(413)
    expect(tooLarge.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: 'The body exceeds 1048576 bytes' })
    const otherRoute = await a.client.post('/api/canton/transfers/prepare', {
      receiver: 'x'.repeat(300_000),
      amount: '1',
    })
    expect(otherRoute.status).toBe(413)
  })
})
