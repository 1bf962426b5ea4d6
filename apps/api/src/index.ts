/**
 * @stratos/api: the Hono HTTP API of Stratos Vault. `createApp` builds the runtime-neutral app;
 * `startApiServer` serves it on Node. Development setup is on `@stratos/api/dev`, test helpers on
 * `@stratos/api/testing`.
 */
export type { MetadataStatement } from '@simplewebauthn/server'
export { type CreateAppOptions, createApp } from './app.js'
export {
  type ApiConfig,
  type CantonConfig,
  ConfigError,
  DEFAULT_RATE_LIMITS,
  type Env,
  loadConfig,
  Problems,
  parseOrigin,
  type Rate,
  type RateLimits,
} from './config.js'
export {
  type EnrollmentIssue,
  ensureAdminEnrollment,
  issueAdminEnrollmentOnce,
} from './enrollment/ensureAdminEnrollment.js'
export { ApiError } from './errors.js'
export { securityHeaders, securityHeadersMiddleware } from './http/securityHeaders.js'
export { sealStoredSecrets } from './instanceSettings.js'
export { createLogger } from './logger.js'
export { type ApiMetrics, createApiMetrics } from './metrics/apiMetrics.js'
export {
  type MetricsServer,
  type StartMetricsServerOptions,
  startMetricsServer,
} from './metrics/metricsServer.js'
export { type ApiServer, type StartApiServerOptions, startApiServer } from './node.js'
export {
  indexStatements,
  MetadataStatementError,
  parseMetadataStatement,
} from './passkeys/adminKeyTrust.js'
export { SESSION_COOKIE } from './sessions/sessions.js'
export { WORKER_COMPATIBILITY } from './workerCompatibility.js'
