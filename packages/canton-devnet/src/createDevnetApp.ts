import { Hono } from 'hono'
import { Principal } from './auth/Principal.js'
import { CantonError } from './CantonError.js'
import type { DevnetContext } from './DevnetContext.js'
import { commandRoutes } from './routes/commandRoutes.js'
import { eventRoutes } from './routes/eventRoutes.js'
import type { DevnetEnv } from './routes/http.js'
import { interactiveRoutes } from './routes/interactiveRoutes.js'
import { packageRoutes } from './routes/packageRoutes.js'
import { partyRoutes } from './routes/partyRoutes.js'
import { registryRoutes } from './routes/registryRoutes.js'
import { stateRoutes } from './routes/stateRoutes.js'
import { updateRoutes } from './routes/updateRoutes.js'
import { userRoutes } from './routes/userRoutes.js'

/**
 * The devnet's HTTP app (Hono, Web APIs only): the JSON Ledger API v2 subset under /v2 with
 * JWT authentication, the token-standard registry API under /registry (every admin) and
 * /registries/{admin}/registry (one admin's registry), and one error handler
 * that answers every failure with the spec's JsCantonError body.
 */
export function createDevnetApp(ctx: DevnetContext): Hono<DevnetEnv> {
  const app = new Hono<DevnetEnv>()

  app.onError((err, c) => {
    const error =
      err instanceof CantonError
        ? err
        : new CantonError('INTERNAL_ERROR', `An internal error occurred: ${err.message}`, { cause: err })
    if (!(err instanceof CantonError)) console.error('canton-devnet: internal error', err)
    return c.json(error.toJson(ctx.participantId), error.httpStatus as 400)
  })
  app.notFound((c) => {
    const error = new CantonError(
      'NOT_FOUND',
      `The requested resource could not be found: ${c.req.method} ${c.req.path}`,
    )
    return c.json(error.toJson(ctx.participantId), 404)
  })

  app.get('/livez', (c) => c.text('ok'))
  app.get('/readyz', (c) => c.text('ok'))

  app.use('/v2/*', async (c, next) => {
    if (c.req.method === 'GET' && c.req.path === '/v2/version') return next()
    const userId = await ctx.verifyToken(c.req.header('Authorization'))
    const user = ctx.store.getUser(userId)
    if (!user || user.isDeactivated) {
      throw new CantonError('PERMISSION_DENIED', `The user ${userId} is unknown or deactivated`)
    }
    c.set('principal', new Principal(user, ctx.store.rightsOf(userId)))
    return next()
  })

  app.route('/v2', stateRoutes(ctx))
  app.route('/v2', partyRoutes(ctx))
  app.route('/v2', userRoutes(ctx))
  app.route('/v2', packageRoutes(ctx))
  app.route('/v2', commandRoutes(ctx))
  app.route('/v2', interactiveRoutes(ctx))
  app.route('/v2', updateRoutes(ctx))
  app.route('/v2', eventRoutes(ctx))
  app.route('/registry', registryRoutes(ctx))
  app.route('/registries/:admin/registry', registryRoutes(ctx))
  return app
}
