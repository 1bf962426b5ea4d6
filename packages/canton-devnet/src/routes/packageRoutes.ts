import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import { readDar } from '../dar/readDar.js'
import { type DevnetEnv, requireAdmin } from './http.js'

/** /v2/packages and /v2/dars: DAR upload (kept byte for byte), package listing and download. */
export function packageRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()
  const builtIn = () => new Map(ctx.registry.packages().map((p) => [p.packageId, p]))

  const upload = async (c: import('hono').Context<DevnetEnv>) => {
    requireAdmin(c.get('principal'))
    const bytes = new Uint8Array(await c.req.arrayBuffer())
    const dar = await readDar(bytes)
    ctx.store.addDar(dar.hash, bytes, dar.mainPackageId, dar.packages)
    return c.json({})
  }
  app.post('/packages', upload)
  app.post('/dars', upload)

  app.get('/packages', (c) => c.json({ packageIds: [...builtIn().keys(), ...ctx.store.listPackageIds()] }))

  app.get('/packages/:packageId/status', (c) => {
    const id = c.req.param('packageId')
    const known = builtIn().has(id) || ctx.store.getPackage(id) !== undefined
    return c.json({ packageStatus: known ? 'PACKAGE_STATUS_REGISTERED' : 'PACKAGE_STATUS_UNSPECIFIED' })
  })

  app.get('/packages/:packageId', (c) => {
    const id = c.req.param('packageId')
    const pkg = ctx.store.getPackage(id)
    // Built-in packages are TypeScript: they have no Daml-LF archive to return.
    const bytes = pkg?.dalf ?? (builtIn().has(id) ? new Uint8Array() : undefined)
    if (!bytes)
      throw new CantonError('PACKAGE_NOT_FOUND', `Package not found: ${id}`, { resources: [['PACKAGE', id]] })
    return c.body(Buffer.from(bytes), 200, {
      'Content-Type': 'application/octet-stream',
      'Canton-Package-Hash': id,
    })
  })

  return app
}
