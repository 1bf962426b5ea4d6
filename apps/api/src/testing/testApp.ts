import { Writable } from 'node:stream'
import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import { type CreateAppOptions, createApp } from '../app.js'
import { type ApiConfig, DEFAULT_BRAND, DEFAULT_RATE_LIMITS } from '../config.js'
import { randomId } from '../encoding.js'
import { createLogger } from '../logger.js'
import { createSoftAuthenticator, type SoftAuthenticator } from './softAuthenticator.js'
import { type TestChains, testChainFamilies } from './testChains.js'
import { TestClient } from './testClient.js'
import { createWorkerdApp, isWorkerdDatabase } from './workerd.js'

export const TEST_ORIGIN = 'http://localhost:8787'

export function testConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return {
    instanceName: 'Test Vault',
    brand: {
      primaryColor: DEFAULT_BRAND.primaryColor,
      accentColor: DEFAULT_BRAND.accentColor,
      supportEmail: null,
      supportUrl: null,
    },
    rpId: 'localhost',
    origin: TEST_ORIGIN,
    relatedOrigins: [],
    sessionSecret: randomId(32),
    instanceKey: randomId(32),
    sessionTtlSeconds: 3600,
    adminSessionTtlSeconds: 1800,
    adminIdleTimeoutSeconds: 600,
    adminKeyStatements: [],
    challengeTtlSeconds: 120,
    maxChallengesPerClient: 20,
    autoLockSeconds: 300,
    trustedProxies: [],
    rateLimits: DEFAULT_RATE_LIMITS,
    devMode: false,
    evm: { chainId: 31337, name: 'Anvil', symbol: 'ETH', rpcUrl: 'http://127.0.0.1:9' },
    canton: null,
    defi: { operatorParty: null, devRelayerAddress: null, regulatorParty: null },
    oidc: null,
    ...overrides,
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  config: ApiConfig
  db: Kysely<Database>
  /** Every log line the app wrote, raw JSON text. */
  logs: string[]
  /** Moves the app's clock forward. */
  advance(seconds: number): void
  /**
   * A browser: cookie jar plus its own soft authenticator, which answers the step-ups of routes
   * that declare one (`client.confirmWith(null)` stops that). `origin`: the page's origin (default
   * the instance's); `remoteAddress`: the peer address its requests come from (a client, or a
   * proxy in TRUSTED_PROXIES); absent, unknown.
   */
  browser(options?: { origin?: string; remoteAddress?: string }): {
    client: TestClient
    authenticator: SoftAuthenticator
  }
}

/** What a test may give the app beside its settings. */
export type TestAppOptions = Pick<
  CreateAppOptions,
  'onDevVaultDeployed' | 'metrics' | 'isDraining' | 'devChains'
> & {
  /** The chain families' test adapters and allowlists (`testing/testChains.ts`); default `{}`. */
  chains?: TestChains
}

/** The app on a test database, with a controllable clock and captured logs. */
export function createTestApp(
  db: Kysely<Database>,
  overrides: Partial<ApiConfig> = {},
  options: TestAppOptions = {},
): TestApp {
  const config = testConfig(overrides)
  const { chains = {}, ...appOptions } = options
  const served = isWorkerdDatabase(db)
    ? workerdApp(db, config, chains, appOptions)
    : nodeApp(db, config, chains, appOptions)
  return {
    ...served,
    config,
    db,
    browser({ origin = config.origin, remoteAddress } = {}) {
      const authenticator = createSoftAuthenticator({ origin })
      // The person at this browser confirms step-ups with its authenticator, as they would.
      const client = new TestClient(served.app, origin, remoteAddress).confirmWith(authenticator)
      return { client, authenticator }
    },
  }
}

type ServedApp = Pick<TestApp, 'app' | 'logs' | 'advance'>

/** The app in this process, on Node. */
function nodeApp(
  db: Kysely<Database>,
  config: ApiConfig,
  chains: TestChains,
  options: Omit<TestAppOptions, 'chains'>,
): ServedApp {
  const logs: string[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  let offsetMs = 0
  const app = createApp({
    db,
    config,
    logger: createLogger({ level: 'debug', destination }),
    clock: () => new Date(Date.now() + offsetMs),
    checkResponses: true,
    chainFamilies: testChainFamilies(chains),
    ...options,
  })
  return {
    app,
    logs,
    advance(seconds) {
      offsetMs += seconds * 1000
    },
  }
}

/** The app served by the Worker in workerd, on the D1 database `db` (see `workerd.ts`). */
function workerdApp(db: Kysely<Database>, config: ApiConfig, chains: TestChains, options: object): ServedApp {
  if (Object.keys(options).length > 0) throw new Error('the workerd test app takes no app options')
  const worker = createWorkerdApp(db, config, chains)
  return { app: worker as unknown as TestApp['app'], logs: worker.logs, advance: worker.advance }
}
