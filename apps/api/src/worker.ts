import { createD1Database, type D1Binding, type Database } from '@stratos/db/portable'
import { Hono } from 'hono'
import type { Kysely } from 'kysely'
import { createApp } from './app.js'
import { CHAIN_FAMILIES, type ChainFamilies } from './chains/chainFamilies.js'
import { type ApiConfig, ConfigError, type Env, loadConfig } from './config.js'
import type { ConnectionBindings } from './context.js'
import { enabledDockOrigins } from './dock/enabledDockOrigins.js'
import { documentFrameSources, securityHeadersMiddleware } from './http/securityHeaders.js'
import { isApiPath, staticCacheControl } from './http/servedPaths.js'
import { createJsonLogger, type Logger } from './logging.js'
import { sweepExpired } from './sessions/sweepExpired.js'

/** What a Worker of one instance is bound to (`deploy/cloudflare/wrangler.<instance>.toml`). */
export interface WorkerEnv {
  /** The instance's D1 database. */
  DB: D1Binding
  /** The built web app (Workers static assets); absent, the Worker serves the API only. */
  ASSETS?: { fetch(request: Request): Promise<Response> }
  /** Vars and secrets: the settings `loadConfig` reads (PUBLIC_ORIGIN, RP_ID, INSTANCE_KEY…). */
  [setting: string]: unknown
}

export interface WorkerOptions {
  /** Defaults to the system clock. */
  clock?: () => Date
  /** Defaults to the JSON logger, one line per `console.log` (what Workers Logs collects). */
  logger?: Logger
  /** Adjusts the settings read from the Worker's bindings (tests). */
  configure?: (config: ApiConfig) => ApiConfig
  /** Check every response against its contract schema (tests). */
  checkResponses?: boolean
  /** The chain families served; default this build's (`CHAIN_FAMILIES`). */
  chainFamilies?: ChainFamilies
}

interface Instance {
  db: Kysely<Database>
  api: ReturnType<typeof createApp>
  assets: Hono | undefined
}

export interface StratosWorker {
  fetch(request: Request, env: WorkerEnv): Promise<Response>
  /** The Cron Trigger: deletes old sessions and expired challenges, as the Node server's timer does. */
  scheduled(controller: unknown, env: WorkerEnv): Promise<void>
}

/**
 * The API and the web app of one instance as a Cloudflare Worker: the same Hono app as on Node
 * (`createApp`), its data in D1 (`createD1Database`), its settings from the Worker's vars and
 * secrets, the built web app from static assets with the Node server's security headers. Dev
 * mode is off: its routes drive local chains that do not exist here.
 */
export function createWorker(options: WorkerOptions = {}): StratosWorker {
  const clock = options.clock ?? (() => new Date())
  const logger = options.logger ?? createJsonLogger()
  // An isolate serves one Worker, so one instance: built on the first request and kept.
  let instance: Promise<Instance> | undefined
  const load = (env: WorkerEnv) => {
    instance ??= open(env, options, clock, logger).catch((error: unknown) => {
      instance = undefined
      throw error
    })
    return instance
  }
  return {
    async fetch(request, env) {
      let served: Instance
      try {
        served = await load(env)
      } catch (error) {
        return unavailable(error, logger)
      }
      const bindings: ConnectionBindings = {
        remoteAddress: request.headers.get('cf-connecting-ip') ?? undefined,
      }
      const { pathname } = new URL(request.url)
      if (!served.assets || isApiPath(pathname)) return served.api.fetch(request, bindings)
      return served.assets.fetch(request)
    },
    async scheduled(_controller, env) {
      const { db } = await load(env)
      const deleted = await sweepExpired(db, clock())
      if (deleted.sessions + deleted.challenges > 0)
        logger.info({ deleted }, 'swept old sessions and challenges')
    },
  }
}

async function open(
  env: WorkerEnv,
  options: WorkerOptions,
  clock: () => Date,
  logger: Logger,
): Promise<Instance> {
  if (!env.DB)
    throw new ConfigError([
      'The Worker has no D1 binding named DB (d1_databases in its wrangler configuration)',
    ])
  const db = createD1Database<Database>(env.DB)
  const loaded = await loadConfig({ ...settingsOf(env), DEV_MODE: undefined }, db)
  const config = options.configure ? options.configure(loaded) : loaded
  const api = createApp({
    db,
    config,
    logger,
    clock,
    chainFamilies: options.chainFamilies ?? CHAIN_FAMILIES,
    ...(options.checkResponses ? { checkResponses: true } : {}),
  })
  return { db, api, assets: env.ASSETS ? assetsApp(env.ASSETS, config.origin, db, logger) : undefined }
}

/** The Worker's string bindings (vars and secrets); D1, assets and other bindings are not settings. */
function settingsOf(env: WorkerEnv): Env {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => typeof value === 'string')) as Env
}

/**
 * The built web app from the ASSETS binding, with the headers the Node server sends: any GET that
 * names no file gets index.html (client-side routes); an HTML document's CSP frames the enabled
 * dock apps, read from D1 per document.
 */
function assetsApp(
  assets: NonNullable<WorkerEnv['ASSETS']>,
  origin: string,
  db: Kysely<Database>,
  logger: Logger,
): Hono {
  const app = new Hono()
  app.use('*', securityHeadersMiddleware(origin))
  app.use(
    '*',
    documentFrameSources(
      () => enabledDockOrigins(db),
      (err) => logger.warn({ err }, "dock apps' origins unreadable: the page frames none"),
    ),
  )
  app.get('*', async (c) => {
    let file = await assets.fetch(c.req.raw)
    // `/`, not `/index.html`: static assets answer that with a redirect to `/`.
    if (file.status === 404) file = await assets.fetch(new Request(new URL('/', c.req.url), c.req.raw))
    // Responses of a binding have immutable headers: a copy takes ours.
    const response = new Response(file.body, file)
    for (const [name, value] of c.res.headers) response.headers.set(name, value)
    response.headers.set('Cache-Control', staticCacheControl(c.req.path))
    return response
  })
  return app
}

/** 503 while the settings are unusable: the log names each problem (never a value). */
function unavailable(error: unknown, logger: Logger): Response {
  const problems = error instanceof ConfigError ? error.problems : ['the instance could not start']
  logger.error(
    { problems, err: error instanceof ConfigError ? undefined : error },
    'instance settings unusable',
  )
  return Response.json(
    { code: 'MISCONFIGURED', message: "This instance's settings are incomplete: its operator must fix them" },
    { status: 503, headers: { 'Cache-Control': 'no-store' } },
  )
}

export default createWorker()
