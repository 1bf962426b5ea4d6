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
    const id = await c.store('abc', 'authentication', null)
    expect((await c.read(id, 'authentication')).challenge).toBe('abc')
    await db.transaction().execute((trx) => c.consume(trx, id))
    await expect(c.read(id, 'authentication')).rejects.toMatchObject({ code: 'CHALLENGE_INVALID' })
    await expect(db.transaction().execute((trx) => c.consume(trx, id))).rejects.toMatchObject({
      code: 'CHALLENGE_INVALID',
    })
  })

  test('error: an answer that fails after another answer used the challenge is 400 CHALLENGE_INVALID, whatever its own failure', async () => {
    const { db, challenges: c } = await challenges()
    const id = await c.store('abc', 'authentication', null)
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
    const id = await c.store('abc', 'authentication', null)
    const refused = c.burnOnFailure(id, async () => {
      throw new ApiError(401, 'SIGNATURE_INVALID', 'bad signature')
    })
    await expect(refused).rejects.toMatchObject({ status: 401, code: 'SIGNATURE_INVALID' })
    await expect(c.read(id, 'authentication')).rejects.toMatchObject({ code: 'CHALLENGE_INVALID' })
  })
})
