import { describe, expect, test } from 'vitest'
import { ApiError } from '../errors.js'
import { testConfig } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { createChallenges } from './challenges.js'

describe.each(DB_KINDS)('createChallenges on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function challenges() {
    const db = await databases.fresh()
    return { db, challenges: createChallenges({ db, config: testConfig(), clock: () => new Date() }) }
  }

  test('behavior: a challenge consumed by one answer is gone for every other', async () => {
    const { db, challenges: c } = await challenges()
    const id = await c.store('abc', 'authentication', null, undefined)
    expect((await c.read(id, 'authentication')).challenge).toBe('abc')
    await db.transaction().execute((trx) => c.consume(trx, id))
    await expect(c.read(id, 'authentication')).rejects.toMatchObject({ code: 'CHALLENGE_INVALID' })
    await expect(db.transaction().execute((trx) => c.consume(trx, id))).rejects.toMatchObject({
      code: 'CHALLENGE_INVALID',
    })
  })

  test('error: an answer that fails after another answer used the challenge is 400 CHALLENGE_INVALID, whatever its own failure', async () => {
    const { db, challenges: c } = await challenges()
    const id = await c.store('abc', 'authentication', null, undefined)
    await c.read(id, 'authentication')
    // The race seen under load: this answer read the challenge, then another answer committed
    // (consuming it and advancing the counter), then this one's counter check failed.
    await db.transaction().execute((trx) => c.consume(trx, id))
    const lost = c.burnOnFailure(id, async () => {
      throw new ApiError(401, 'COUNTER_INVALID', 'counter')
    })
    await expect(lost).rejects.toMatchObject({ status: 400, code: 'CHALLENGE_INVALID' })
  })

  test('error: the first refused answer keeps its own code and burns the challenge', async () => {
    const { challenges: c } = await challenges()
    const id = await c.store('abc', 'authentication', null, undefined)
    const refused = c.burnOnFailure(id, async () => {
      throw new ApiError(401, 'SIGNATURE_INVALID', 'bad signature')
    })
    await expect(refused).rejects.toMatchObject({ status: 401, code: 'SIGNATURE_INVALID' })
    await expect(c.read(id, 'authentication')).rejects.toMatchObject({ code: 'CHALLENGE_INVALID' })
  })

  test('error: a client at the bound is 429 TOO_MANY_CHALLENGES until its oldest challenge expires; others are not', async () => {
    const db = await databases.fresh()
    let now = Date.parse('2026-01-01T00:00:00.000Z')
    const c = createChallenges({
      db,
      config: testConfig({ maxChallengesPerClient: 3, challengeTtlSeconds: 120 }),
      clock: () => new Date(now),
    })
    for (let i = 0; i < 3; i++) {
      await c.store(`c${i}`, 'authentication', null, '203.0.113.7')
      now += 10_000
    }
    // The oldest was made 30 s ago and lives 120 s: 90 s to go.
    const refused = c.store('c3', 'authentication', null, '203.0.113.7')
    await expect(refused).rejects.toMatchObject({
      status: 429,
      code: 'TOO_MANY_CHALLENGES',
      headers: { 'Retry-After': '90' },
    })
    // Another client, and a client whose address is unknown, are not affected.
    await expect(c.store('d0', 'authentication', null, '203.0.113.8')).resolves.toEqual(expect.any(String))
    await expect(c.store('e0', 'registration', null, undefined)).resolves.toEqual(expect.any(String))
    // Once the oldest expired, there is room for one more.
    now += 90_000
    await expect(c.store('c4', 'registration', null, '203.0.113.7')).resolves.toEqual(expect.any(String))
    await expect(c.store('c5', 'registration', null, '203.0.113.7')).rejects.toMatchObject({
      code: 'TOO_MANY_CHALLENGES',
      headers: { 'Retry-After': '10' },
    })
    // An answered challenge frees its place at once.
    const rows = await db.selectFrom('challenges').select('id').where('challenge', '=', 'c4').execute()
    await db.transaction().execute((trx) => c.consume(trx, rows[0]!.id))
    await expect(c.store('c6', 'registration', null, '203.0.113.7')).resolves.toEqual(expect.any(String))
  })
})
