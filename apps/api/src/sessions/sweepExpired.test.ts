import { describe, expect, test } from 'vitest'
import { DB_KINDS, useTestDatabases } from '../testing/testDatabases.js'
import { SESSION_GRACE_SECONDS, sweepExpired } from './sweepExpired.js'

const NOW = new Date('2026-03-01T12:00:00.000Z')
const ago = (seconds: number) => new Date(NOW.getTime() - seconds * 1000).toISOString()
const DAY = 24 * 60 * 60

describe.each(DB_KINDS)('sweepExpired on %s', (kind) => {
  const databases = useTestDatabases(kind)

  test('behavior: deletes sessions ended more than a day ago, expired challenges and operator sign-ins, nothing else', async () => {
    const db = await databases.fresh()
    await db
      .insertInto('users')
      .values({ id: 'u', display_name: 'U', role: 'user', webauthn_user_id: 'h', created_at: ago(10 * DAY) })
      .execute()
    const session = (id: string, expiresAt: string, revokedAt: string | null = null) => ({
      id,
      user_id: 'u',
      created_at: ago(10 * DAY),
      expires_at: expiresAt,
      revoked_at: revokedAt,
      user_agent: null,
    })
    await db
      .insertInto('sessions')
      .values([
        session('live', ago(-3600)),
        session('expired-just-now', ago(60)),
        session('expired-a-day-ago', ago(DAY - 1)),
        session('expired-long-ago', ago(DAY + 1)),
        session('revoked-recently', ago(-3600), ago(DAY - 1)),
        session('revoked-long-ago', ago(-3600), ago(DAY + 1)),
      ])
      .execute()
    const challenge = (id: string, expiresAt: string) => ({
      id,
      challenge: id,
      purpose: 'authentication' as const,
      context: null,
      created_at: ago(600),
      expires_at: expiresAt,
      client: null,
    })
    await db
      .insertInto('challenges')
      .values([challenge('open', ago(-60)), challenge('expired', ago(1)), challenge('expiring-now', ago(0))])
      .execute()

    await db
      .insertInto('operators')
      .values({
        id: 'op',
        issuer: 'https://idp.example',
        subject: 's',
        display_name: 'Op',
        created_at: ago(10 * DAY),
        last_sign_in_at: ago(DAY),
      })
      .execute()
    await db
      .insertInto('operator_sessions')
      .values([
        {
          id: 'op-live',
          operator_id: 'op',
          created_at: ago(DAY),
          expires_at: ago(-600),
          revoked_at: null,
          user_agent: null,
        },
        {
          id: 'op-old',
          operator_id: 'op',
          created_at: ago(3 * DAY),
          expires_at: ago(DAY + 1),
          revoked_at: null,
          user_agent: null,
        },
      ])
      .execute()
    const login = (id: string, expiresAt: string) => ({
      id,
      state: id,
      nonce: id,
      code_verifier: id,
      created_at: ago(600),
      expires_at: expiresAt,
    })
    await db
      .insertInto('operator_logins')
      .values([login('pending', ago(-60)), login('abandoned', ago(1))])
      .execute()

    expect(SESSION_GRACE_SECONDS).toBe(DAY)
    expect(await sweepExpired(db, NOW)).toEqual({
      sessions: 2,
      challenges: 2,
      operatorSessions: 1,
      operatorLogins: 1,
    })
    expect((await db.selectFrom('operator_sessions').select('id').execute()).map((s) => s.id)).toEqual([
      'op-live',
    ])
    expect((await db.selectFrom('operator_logins').select('id').execute()).map((s) => s.id)).toEqual([
      'pending',
    ])
    const sessions = await db.selectFrom('sessions').select('id').orderBy('id').execute()
    expect(sessions.map((s) => s.id)).toEqual([
      'expired-a-day-ago',
      'expired-just-now',
      'live',
      'revoked-recently',
    ])
    const challenges = await db.selectFrom('challenges').select('id').execute()
    expect(challenges.map((c) => c.id)).toEqual(['open'])

    // Idempotent; a shorter grace period takes more.
    const none = { sessions: 0, challenges: 0, operatorSessions: 0, operatorLogins: 0 }
    expect(await sweepExpired(db, NOW)).toEqual(none)
    expect(await sweepExpired(db, NOW, { graceSeconds: 0 })).toEqual({ ...none, sessions: 3 })
    expect((await db.selectFrom('sessions').select('id').execute()).map((s) => s.id)).toEqual(['live'])
  })
})
