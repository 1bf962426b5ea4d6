/**
 * @stratos/api: the Hono HTTP API of Stratos Vault. `createApp` builds the runtime-neutral app;
 * `startApiServer` serves it on Node.
 */
export { type CreateAppOptions, createApp } from './app.js'
export {
  type ApiConfig,
  type CantonConfig,
  type Env,
  isInsecureLoopbackOrigin,
  loadConfig,
} from './config.js'
export type { AppDeps, AppEnv } from './context.js'
export { ensureAdminEnrollment } from './enrollment/ensureAdminEnrollment.js'
export { ApiError } from './errors.js'
export {
  type SetUpCantonDevRegistryParameters,
  type SetUpCantonDevRegistryReturnType,
  setUpCantonDevRegistry,
} from './features/canton/setUpCantonDevRegistry.js'
export { type StoredVault, selectDefiVaults } from './features/defi/queries.js'
export type { DevVaultDeployed } from './features/defi/service.js'
export {
  type SetUpDefiDevOperatorParameters,
  type SetUpDefiDevOperatorReturnType,
  setUpDefiDevOperator,
} from './features/defi/setUpDefiDevOperator.js'
export { ALLOWED_EVM_METHODS } from './features/rpc/service.js'
export { createLogger } from './logger.js'
export { requireRole } from './middleware/requireRole.js'
export { requireSession } from './middleware/requireSession.js'
export { type ApiServer, type StartApiServerOptions, startApiServer } from './node.js'
export { openApiDocument } from './openapi/openApiDocument.js'
export { SESSION_COOKIE } from './sessions/sessions.js'
