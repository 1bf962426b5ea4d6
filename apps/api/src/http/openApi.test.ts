import { Validator } from '@seriousme/openapi-schema-validator'
import { createDatabase } from '@stratos/db'
import { openApiPath, type RouteDefinition, routes } from '@stratos/schemas'
import { describe, expect, test } from 'vitest'
import { createTestApp } from '../testing/testApp.js'
import { servedRoutes } from './servedRoutes.js'

/** `METHOD /path` of every route a Hono app serves (middleware-only entries left out). */
function served(app: ReturnType<typeof createTestApp>['app']): string[] {
  const handlers = app.routes.filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
  return [...new Set(handlers.map((r) => `${r.method} ${r.path}`))].sort()
}

const contract = (devMode: boolean) =>
  Object.values(servedRoutes(devMode))
    .map((r) => `${r.method} ${r.path}`)
    .sort()

describe('GET /api/openapi.json', () => {
  const t = createTestApp(createDatabase({ kind: 'sqlite', file: ':memory:' }))

  test('behavior: is a valid OpenAPI 3 document', async () => {
    const res = await t.browser().client.get('/api/openapi.json')
    expect(res.status).toBe(200)
    const result = await new Validator().validate(res.body)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    expect(res.body.info.title).toBe('Test Vault API')
  })

  test('behavior: the app serves exactly the contract routes (dev helpers only in dev mode)', () => {
    expect(served(t.app)).toEqual(contract(false))
    expect(contract(false).some((r) => r.includes('/api/dev/'))).toBe(false)
    const dev = createTestApp(createDatabase({ kind: 'sqlite', file: ':memory:' }), { devMode: true })
    expect(served(dev.app)).toEqual(contract(true))
    expect(contract(true).filter((r) => r.includes('/api/dev/'))).toHaveLength(3)
  })

  test('behavior: every route documents its request and response schemas and its errors', async () => {
    const { paths } = (await t.browser().client.get('/api/openapi.json')).body
    for (const route of Object.values(servedRoutes(false)) as RouteDefinition[]) {
      const path = openApiPath(route.path)
      const operation = paths[path]?.[route.method.toLowerCase()]
      expect(operation, `${route.method} ${route.path}`).toBeDefined()
      const ok = operation.responses[String(route.response.status)]
      if (route.response.schema) expect(ok.content['application/json'].schema).toBeTypeOf('object')
      if (route.body) expect(operation.requestBody.content).toBeTypeOf('object')
      for (const status of [...route.errors, 500])
        expect(operation.responses[String(status)].content['application/json'].schema.$ref).toBe(
          '#/components/schemas/ApiError',
        )
      const names = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1])
      expect(
        operation.parameters
          ?.filter((p: { in: string }) => p.in === 'path')
          .map((p: { name: string }) => p.name) ?? [],
      ).toEqual(names)
    }
  })

  test('behavior: every rate-limited route documents 429 with Retry-After, naming its limit', async () => {
    const { paths } = (await t.browser().client.get('/api/openapi.json')).body
    const limited = (Object.values(servedRoutes(false)) as RouteDefinition[]).filter((r) => r.rateLimit)
    expect(limited.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /api/me/credentials/:id',
      'GET /api/auth/oidc/callback',
      'GET /api/auth/oidc/start',
      'GET /api/chains/:networkId/:path{.+}',
      'POST /api/auth/login/options',
      'POST /api/auth/login/verify',
      'POST /api/auth/register/options',
      'POST /api/auth/register/verify',
      'POST /api/canton/dapp/ledger',
      'POST /api/canton/dapp/prepare',
      'POST /api/canton/execute',
      'POST /api/canton/instructions/:contractId/:action/prepare',
      'POST /api/canton/transfers/prepare',
      'POST /api/chains/:networkId',
      'POST /api/chains/:networkId/:path{.+}',
      'POST /api/defi/intents/prepare',
      'POST /api/me/credentials/options',
      'POST /api/me/credentials/verify',
      'POST /api/recovery/requests',
      'POST /api/recovery/requests/:id/passkey/options',
      'POST /api/recovery/requests/:id/passkey/verify',
      'POST /api/rpc/evm',
    ])
    for (const route of limited) {
      const operation = paths[openApiPath(route.path)][route.method.toLowerCase()]
      const tooMany = operation.responses['429']
      expect(tooMany, `${route.method} ${route.path}`).toBeDefined()
      expect(tooMany.description).toContain(`'${route.rateLimit}' limit`)
      expect(tooMany.headers['Retry-After'].schema).toEqual({ type: 'integer', minimum: 1 })
    }
  })

  test('behavior: schemas carry the contract, e.g. the address formats and the history query', async () => {
    const { paths } = (await t.browser().client.get('/api/openapi.json')).body
    const put = paths['/api/me/addresses'].put
    const evm = put.requestBody.content['application/json'].schema.properties.addresses.properties.evm
    expect(evm.pattern).toBe('^0x[0-9a-fA-F]{40}$')
    const history = paths['/api/canton/history'].get
    expect(history.parameters.map((p: { name: string }) => p.name)).toEqual(['limit', 'before'])
    const action = paths['/api/canton/instructions/{contractId}/{action}/prepare'].post
    expect(action.parameters[1].schema.enum).toEqual(['accept', 'reject', 'withdraw'])
    expect(routes.adminUploadDar.body.mediaType).toBe('application/octet-stream')
    expect(paths['/api/admin/canton/dars'].post.requestBody.content['application/octet-stream']).toBeDefined()
  })
})
