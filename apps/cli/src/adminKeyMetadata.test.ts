import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createTestSecurityKeyModel, TEST_KEY_AAGUID } from '@stratos/api/testing'
import { describe, expect, test } from 'vitest'
import { readAdminKeyMetadata } from './adminKeyMetadata.js'

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-admin-keys-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

describe('readAdminKeyMetadata', () => {
  test('behavior: reads every .json statement of the folder, in file-name order', async () => {
    const a = await createTestSecurityKeyModel({ description: 'Model A' })
    const b = await createTestSecurityKeyModel({
      aaguid: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      description: 'Model B',
    })
    const dir = folder({
      'b.json': JSON.stringify(b.statement),
      'a.json': JSON.stringify({ ...a.statement, aaguid: TEST_KEY_AAGUID.toUpperCase() }),
      'README.txt': 'not a statement',
    })
    const statements = readAdminKeyMetadata(dir)
    expect(statements.map((s) => [s.description, s.aaguid])).toEqual([
      ['Model A', TEST_KEY_AAGUID],
      ['Model B', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'],
    ])
  })

  test('error: a missing folder, an empty one, bad JSON, a bad statement and a repeated AAGUID are named', async () => {
    const model = await createTestSecurityKeyModel()
    const good = JSON.stringify(model.statement)
    expect(() => readAdminKeyMetadata('/nonexistent/stratos')).toThrow(
      /ADMIN_KEY_METADATA_DIR '\/nonexistent\/stratos' cannot be read/,
    )
    expect(() => readAdminKeyMetadata(folder({}))).toThrow(/holds no .json file/)
    expect(() => readAdminKeyMetadata(folder({ 'x.json': '{' }))).toThrow(/x.json is not JSON/)
    expect(() =>
      readAdminKeyMetadata(folder({ 'x.json': JSON.stringify({ ...model.statement, aaguid: 'nope' }) })),
    ).toThrow(/x.json: aaguid: expected a UUID/)
    expect(() =>
      readAdminKeyMetadata(
        folder({ 'x.json': JSON.stringify({ ...model.statement, attestationRootCertificates: [] }) }),
      ),
    ).toThrow(/x.json: attestationRootCertificates: at least one root certificate/)
    expect(() =>
      readAdminKeyMetadata(
        folder({ 'x.json': JSON.stringify({ ...model.statement, attestationRootCertificates: ['AAAA'] }) }),
      ),
    ).toThrow(/x.json: attestationRootCertificates\[0\] is not an X.509 certificate/)
    expect(() => readAdminKeyMetadata(folder({ 'a.json': good, 'b.json': good }))).toThrow(
      /two metadata statements are for the AAGUID/,
    )
  })
})
