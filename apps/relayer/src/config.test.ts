import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

const dir = mkdtempSync(join(tmpdir(), 'relayer-config-'))
const tokenFile = join(dir, 'token')
writeFileSync(tokenFile, 'super-secret-token\n')
const vaultId = `0x${'ab'.repeat(32)}`
const base = {
  RELAYER_ID: 'relayer-1',
  ETCD_ENDPOINTS: 'http://127.0.0.1:2379',
  CANTON_URL: 'http://127.0.0.1:7575',
  CANTON_TOKEN_FILE: tokenFile,
  OPERATOR_PARTY: 'operator::1220aa',
  RELAYER_CHAINS: '31337=http://127.0.0.1:8545',
  RELAYER_VAULTS: `${vaultId}=31337:0x${'12'.repeat(20)}`,
  RELAYER_PRIVATE_KEY_FILE: join(dir, 'key'),
}

describe('loadConfig', () => {
  test('behavior: reads every setting with defaults', () => {
    const c = loadConfig({ ...base, RELAYER_CONFIRMATIONS: '31337=3' })
    expect(c.relayerId).toBe('relayer-1')
    expect(c.database).toEqual({ kind: 'sqlite', file: './data/relayer.sqlite' })
    expect(c.chains.get(31337)).toBe('http://127.0.0.1:8545')
    expect(c.vaults.get(vaultId as `0x${string}`)).toMatchObject({ chainId: 31337 })
    expect(c.confirmations.get(31337)).toBe(3)
    expect(c.http).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(c.signer).toEqual({ kind: 'local', privateKeyFile: join(dir, 'key') })
    expect(c.canton.token?.reveal()).toBe('super-secret-token')
  })

  test('behavior: secrets are never printed', () => {
    const c = loadConfig(base)
    expect(JSON.stringify(c.canton)).not.toContain('super-secret')
    expect(inspect(c, { depth: 5 })).not.toContain('super-secret')
    expect(String(c.canton.token)).toBe('[redacted]')
  })

  test('behavior: vaults as JSON, PostgreSQL, KMS', () => {
    const c = loadConfig({
      ...base,
      RELAYER_VAULTS: JSON.stringify({ [vaultId]: { chainId: 31337, address: `0x${'12'.repeat(20)}` } }),
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      RELAYER_SIGNER: 'kms',
      KMS_KEY_ID: 'alias/relayer',
      AWS_REGION: 'eu-west-1',
      RELAYER_PORT: '0',
    })
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@127.0.0.1:5432/db' })
    expect(c.signer).toEqual({
      kind: 'kms',
      keyId: 'alias/relayer',
      region: 'eu-west-1',
      endpoint: undefined,
    })
    expect(c.http.port).toBe(0)
  })

  test.each([
    [{ ETCD_ENDPOINTS: '' }, 'ETCD_ENDPOINTS'],
    [{ CANTON_URL: 'ftp://x' }, 'CANTON_URL'],
    [{ RELAYER_CHAINS: '31337' }, 'RELAYER_CHAINS'],
    [{ RELAYER_VAULTS: `${vaultId}=1:0x${'12'.repeat(20)}` }, 'RELAYER_VAULTS'],
    [{ RELAYER_SIGNER: 'hsm' }, 'RELAYER_SIGNER'],
    [{ RELAYER_PORT: 'abc' }, 'RELAYER_PORT'],
    [{ CANTON_TOKEN_FILE: join(dir, 'missing') }, 'CANTON_TOKEN_FILE'],
    [{ RELAYER_CONFIRMATIONS: '31337=0' }, 'RELAYER_CONFIRMATIONS'],
  ])('error: %o names %s', (override, variable) => {
    let error: unknown
    try {
      loadConfig({ ...base, ...override })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).variable).toBe(variable)
    expect((error as Error).message).toMatch(new RegExp(`^${variable}: `))
  })
})
