import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CantonDevnet, startCantonDevnet } from '../startCantonDevnet.js'
import { buildTestDar, buildZip } from '../testing/buildDar.js'
import { DevnetTestClient } from '../testing/DevnetTestClient.js'

let devnet: CantonDevnet
let client: DevnetTestClient
beforeAll(async () => {
  devnet = await startCantonDevnet()
  client = await new DevnetTestClient(devnet).init()
})
afterAll(() => devnet.stop())

describe('packageRoutes', () => {
  test('behavior: lists the built-in token standard packages', async () => {
    const { packageIds } = await client.ok('GET', '/v2/packages')
    const names = devnet.registry.packages().map((p) => p.name)
    expect(names).toEqual(
      expect.arrayContaining(['splice-api-token-holding-v1', 'splice-api-token-transfer-instruction-v1']),
    )
    expect(packageIds).toEqual(expect.arrayContaining(devnet.registry.packages().map((p) => p.packageId)))
  })

  test('behavior: a DAR is uploaded, listed, REGISTERED, and its main dalf is served byte for byte', async () => {
    const packageId = 'cd'.repeat(32)
    expect(
      await client.ok('POST', '/v2/packages', { raw: buildTestDar('my-app', '1.2.0', packageId) }),
    ).toEqual({})
    expect((await client.ok('GET', '/v2/packages')).packageIds).toContain(packageId)
    const status = await client.ok('GET', '/v2/packages/{package-id}/status', {
      params: { 'package-id': packageId },
    })
    expect(status.packageStatus).toBe('PACKAGE_STATUS_REGISTERED')
    const res = await fetch(`${devnet.url}/v2/packages/${packageId}`, {
      headers: { Authorization: `Bearer ${client.adminToken}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Canton-Package-Hash')).toBe(packageId)
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3, 4, 5])
  })

  test('behavior: /v2/dars uploads too; a dalf without an id in its name gets sha256 of its bytes', async () => {
    const dar = buildZip({
      'META-INF/MANIFEST.MF': 'Manifest-Version: 1.0\nMain-Dalf: main.dalf\n',
      'main.dalf': 'payload',
    })
    await client.ok('POST', '/v2/dars', { raw: dar })
    const { createHash } = await import('node:crypto')
    const id = createHash('sha256').update('payload').digest('hex')
    expect((await client.ok('GET', '/v2/packages')).packageIds).toContain(id)
  })

  test('error: a malformed DAR (not a zip, no manifest, no main dalf) is 400 INVALID_DAR', async () => {
    for (const raw of [
      new Uint8Array([1, 2, 3]),
      buildZip({ 'x.dalf': 'a' }),
      buildZip({ 'META-INF/MANIFEST.MF': 'Main-Dalf: missing.dalf\n' }),
      new Uint8Array(),
    ]) {
      const res = await client.call('POST', '/v2/packages', { raw })
      expect(res.status).toBe(400)
      expect(res.body.code).toBe('INVALID_DAR')
    }
  })

  test('error: an unknown package is 404 and UNSPECIFIED; uploads need ParticipantAdmin', async () => {
    const res = await client.call('GET', '/v2/packages/{package-id}', {
      params: { 'package-id': 'ef'.repeat(32) },
    })
    expect(res.status).toBe(404)
    expect(res.body.code).toBe('PACKAGE_NOT_FOUND')
    const status = await client.ok('GET', '/v2/packages/{package-id}/status', {
      params: { 'package-id': 'ef'.repeat(32) },
    })
    expect(status.packageStatus).toBe('PACKAGE_STATUS_UNSPECIFIED')
    const token = await devnet.tokenFor('uploader-without-rights')
    expect(
      (await client.call('POST', '/v2/packages', { token, raw: buildTestDar('x', '1.0.0', '12'.repeat(32)) }))
        .status,
    ).toBe(403)
  })
})
