import { Validator } from '@seriousme/openapi-schema-validator'
import { createDatabase } from '@stratos/db'
import { describe, expect, test } from 'vitest'
import { createTestApp } from '../testing/testApp.js'
import { DOCUMENTED_ROUTES } from './openApiDocument.js'

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

  test('behavior: documents every route the app serves, and no other', async () => {
    const served = new Set(
      t.app.routes
        .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => `${r.method} ${r.path.replace(/\/$/, '')}`),
    )
    expect([...served].sort()).toEqual([...DOCUMENTED_ROUTES].sort())
  })

  test('behavior: request bodies carry the contract, e.g. the address formats', async () => {
    const res = await t.browser().client.get('/api/openapi.json')
    const put = res.body.paths['/api/me/addresses'].put
    const evm = put.requestBody.content['application/json'].schema.properties.addresses.properties.evm
    expect(evm.pattern).toBe('^0x[0-9a-fA-F]{40}$')
    expect(put.responses['409'].content['application/json'].schema.$ref).toBe('#/components/schemas/ApiError')
  })
})
