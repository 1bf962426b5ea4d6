import { describe, expect, test } from 'vitest'
import { register, startLogin, stepUp } from '../testing/ceremonies.js'
import { testAddresses } from '../testing/testAddresses.js'
import { createTestApp } from '../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { withStepUp } from './verifyStepUp.js'

describe.each(DB_KINDS)('withStepUp on %s', (kind) => {
  const databases = useTestDatabases(kind)

  /** A signed-in user, and the deps a route would pass to the step-up layer. */
  async function signedIn() {
    const t = createTestApp(await databases.fresh())
    const { client, authenticator } = t.browser()
    const res = await register(client, authenticator, { displayName: 'Alice', addresses: testAddresses(1) })
    expect(res.status).toBe(200)
    const deps = { db: t.db, config: t.config, clock: () => new Date() }
    return { t, client, authenticator, deps, session: { userId: res.body.user.id as string } }
  }

  function stepUpChallenges(t: { db: ReturnType<typeof createTestApp>['db'] }) {
    return t.db.selectFrom('challenges').select('id').where('purpose', '=', 'step-up').execute()
  }

  test('behavior: the change commits with its step-up: challenge consumed, counter and last use stored', async () => {
    const { t, client, authenticator, deps, session } = await signedIn()
    const proof = await stepUp(client, authenticator, { action: 'user.role', target: 'user-42' })
    const result = await withStepUp(deps, session, { action: 'user.role', target: 'user-42' }, proof, (trx) =>
      trx.updateTable('users').set({ display_name: 'Alice B.' }).where('id', '=', session.userId).execute(),
    )
    expect(result).toHaveLength(1)
    expect(await stepUpChallenges(t)).toEqual([])
    const credential = await t.db.selectFrom('credentials').selectAll().executeTakeFirstOrThrow()
    expect(Number(credential.counter)).toBe(authenticator.credentials[0]!.counter)
    expect(credential.last_used_at).not.toBeNull()
    const user = await t.db.selectFrom('users').select('display_name').executeTakeFirstOrThrow()
    expect(user.display_name).toBe('Alice B.')
  })

  test('error: a refused change rolls back and spends its step-up', async () => {
    const { t, client, authenticator, deps, session } = await signedIn()
    const proof = await stepUp(client, authenticator, { action: 'recovery.settings' })
    const failing = withStepUp(deps, session, { action: 'recovery.settings' }, proof, async (trx) => {
      await trx.updateTable('users').set({ display_name: 'Changed' }).execute()
      throw new Error('refused by the change')
    })
    await expect(failing).rejects.toThrow('refused by the change')
    expect(await stepUpChallenges(t)).toEqual([])
    const user = await t.db.selectFrom('users').select('display_name').executeTakeFirstOrThrow()
    expect(user.display_name).toBe('Alice')
    const again = withStepUp(deps, session, { action: 'recovery.settings' }, proof, async () => 'ran')
    await expect(again).rejects.toMatchObject({ status: 403, code: 'STEP_UP_INVALID' })
  })

  test('error: a step-up is bound to its target: one for user.role of one user is refused for another', async () => {
    const { client, authenticator, deps, session } = await signedIn()
    const proof = await stepUp(client, authenticator, { action: 'user.role', target: 'user-1' })
    let ran = false
    const other = withStepUp(deps, session, { action: 'user.role', target: 'user-2' }, proof, async () => {
      ran = true
    })
    await expect(other).rejects.toMatchObject({
      status: 403,
      code: 'STEP_UP_INVALID',
      message: expect.stringContaining('made for user.role of user-1, not for user.role of user-2'),
    })
    const missing = withStepUp(
      deps,
      session,
      { action: 'user.disable', target: 'user-1' },
      undefined,
      async () => {
        ran = true
      },
    )
    await expect(missing).rejects.toMatchObject({ status: 403, code: 'STEP_UP_REQUIRED' })
    expect(ran).toBe(false)
  })

  test('error: a step-up answer does not sign in, and a sign-in answer is no step-up', async () => {
    const { t, client, authenticator, deps, session } = await signedIn()
    const proof = await stepUp(client, authenticator, { action: 'passkey.add' })
    const asLogin = await t.browser().client.post('/api/auth/login/verify', proof)
    expect(asLogin.status).toBe(400)
    expect(asLogin.body.code).toBe('CHALLENGE_INVALID')

    const login = await startLogin(client, authenticator)
    const asStepUp = withStepUp(deps, session, { action: 'passkey.add' }, login, async () => 'ran')
    await expect(asStepUp).rejects.toMatchObject({
      code: 'STEP_UP_INVALID',
      message: expect.stringContaining('unknown or was already used'),
    })
    // The sign-in challenge is left to its own ceremony.
    expect((await client.post('/api/auth/login/verify', login)).status).toBe(200)
  })
})
