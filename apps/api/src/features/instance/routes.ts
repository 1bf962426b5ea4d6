import { openApiDocument, routes } from '@stratos/schemas'
import { isCurrentLogoVersion, publicBrand, readBrand, readLogoFile } from '../../branding/brand.js'
import { acceptedOrigins } from '../../config.js'
import type { AppDeps } from '../../context.js'
import { hasAdmin, isEnrollmentOutstanding } from '../../enrollment/ensureAdminEnrollment.js'
import { ApiError } from '../../errors.js'
import { createRouter } from '../../http/createRouter.js'
import { servedRoutes } from '../../http/servedRoutes.js'
import { createReadiness } from './readiness.js'

/**
 * `/healthz` and `/readyz` (the probes of a process supervisor or load balancer),
 * `/.well-known/webauthn` (the instance's origins, for passkeys across its domains), `/api/health`,
 * `/api/config` (with the brand), `/api/instance/logo` and `/api/openapi.json`: what anyone may
 * read before signing in.
 */
export function instanceRoutes(deps: AppDeps) {
  const { db, config } = deps
  const router = createRouter(deps)
  // Built on first request, not at start: generating every route's JSON schema is not free.
  let document: Record<string, unknown> | undefined
  router.handle(routes.health, () => ({ ok: true as const }))
  router.handle(routes.liveness, () => ({ status: 'ok' as const }))
  const readiness = createReadiness(deps)
  router.handle(routes.readiness, (c) => readiness(c.get('requestId')))
  // Browsers fetch it from https://<RP ID>/.well-known/webauthn when a page on another origin asks
  // for this RP ID's passkeys (WebAuthn §5.11); served on every origin of the instance.
  router.handle(routes.relatedOrigins, () => ({ origins: acceptedOrigins(config) }))
  router.handle(routes.openApi, () => {
    document ??= openApiDocument(servedRoutes(config.devMode), {
      title: `${config.instanceName} API`,
      version: '0.1.0',
    })
    return document
  })
  router.handle(routes.config, async () => {
    // The brand is read on every request: an admin's edit applies at once on every process.
    const brand = publicBrand(await readBrand(db, config))
    return {
      instanceName: brand.name,
      brand,
      rpId: config.rpId,
      needsAdmin: !(await hasAdmin(db)) && (await isEnrollmentOutstanding(db)),
      devMode: config.devMode,
      operatorSignIn: config.oidc !== null,
      autoLockSeconds: config.autoLockSeconds,
      evm: {
        chainId: config.evm.chainId,
        name: config.evm.name,
        symbol: config.evm.symbol,
        rpcPath: '/api/rpc/evm',
      },
    }
  })
  router.handle(routes.instanceLogo, async (c, { query }) => {
    const file = await readLogoFile(db)
    if (!file) throw new ApiError(404, 'LOGO_NOT_SET', 'This instance has no logo')
    return c.body(file.bytes, 200, {
      'Content-Type': file.logo.mediaType,
      'Content-Length': String(file.bytes.byteLength),
      // The versioned URL of /api/config names one file for good; any other asks again each time.
      'Cache-Control': isCurrentLogoVersion(file.logo, query.v)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // An image, never a document: even opened on its own it runs nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    })
  })
  return router.app
}
