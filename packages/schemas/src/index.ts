/**
 * The HTTP API contract shared by api, web and cli. Every request body and response the API
 * validates lives here, so the browser and the server agree by construction.
 */
export * from './addresses.js'
export * from './admin.js'
export * from './adminDefi.js'
export * from './adminUsers.js'
export * from './auth.js'
export * from './canton.js'
export * from './config.js'
export * from './contract/defineRoute.js'
export * from './contract/openApiDocument.js'
export * from './contract/routes.js'
export * from './credentials.js'
export * from './defi.js'
export * from './error.js'
export * from './health.js'
export * from './me.js'
export * from './rpc.js'
export * from './sessions.js'
export * from './signIns.js'
export * from './stepUp.js'
export * from './wrappedEntropy.js'
