import { createDatabase } from '@stratos/db'
import { routes } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { createOperatorSessions } from '../sessions/operatorSessions.js'
import { createSessions } from '../sessions/sessions.js'
import { testConfig } from '../testing/testApp.js'
import { createRouter } from './createRouter.js'
import { createRateLimiter } from './rateLimit.js'

describe('createRouter', () => {
  const config = testConfig()
  const db = createDatabase({ kind: 'sqlite', file: ':memory:' })
  const sessions = createSessions(db, config, () => new Date())
  const operatorSessions = createOperatorSessions(db, config, () => new Date())
  // The routes served here have no rate limit: the limiter is never asked.
  const rateLimiter = createRateLimiter(db, config.rateLimits, () => new Date())
  const clock = () => new Date()

  function serve(checkResponses: boolean, body: unknown) {
    const router = createRouter({
      db,
      clock,
      sessions,
      operatorSessions,
      config,
      checkResponses,
      rateLimiter,
    })
    // The handler's type already refuses this body; the cast stands for a handler that drifted at run time.
    router.handle(routes.health, () => body as never)
    router.app.onError((error, c) =>
      c.json({ code: (error as { code?: string }).code, message: error.message }, 500),
    )
    return router.app.request('/api/health')
  }

  test('error: a body that does not match the route contract is 500 RESPONSE_CONTRACT_VIOLATION naming the field', async () => {
    const res = await serve(true, { ok: 'yes' })
    expect(res.status).toBe(500)
    const body = await res.json()
    expect(body.code).toBe('RESPONSE_CONTRACT_VIOLATION')
    expect(body.message).toContain('GET /api/health')
    expect(body.message).toContain('ok:')
  })

  test('behavior: a body that matches is sent as the handler returned it, with the contract status', async () => {
    const res = await serve(true, { ok: true })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('application/json')
    expect(await res.json()).toEqual({ ok: true })
  })

  test('behavior: without the check (production) the body is not parsed again', async () => {
    expect((await serve(false, { ok: 'yes' })).status).toBe(200)
  })

  test('error: a session route without a session is 401 before the body is read', async () => {
    const router = createRouter({
      db,
      clock,
      sessions,
      operatorSessions,
      config,
      checkResponses: true,
      rateLimiter,
    })
    router.handle(routes.putAddresses, () => {
      throw new Error('not reached')
    })
    router.app.onError((error, c) => c.json({ code: (error as { code?: string }).code }, 401))
    const res = await router.app.request('/api/me/addresses', { method: 'PUT', body: 'not json' })
    expect(await res.json()).toEqual({ code: 'UNAUTHENTICATED' })
  })
})
