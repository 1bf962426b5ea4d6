import { deriveWrapKey, Vault } from '@stratos/keys'
import { describe, expect, test } from 'vitest'
import { sameAddresses, toChainAddresses } from './chainAddresses'
import { deriveVault, unwrapVault } from './deriveVault'

describe('deriveVault', () => {
  test('behavior: derives the vault and zeroes the PRF bytes', () => {
    const prf = new Uint8Array(32).fill(42)
    const { vault, derived } = deriveVault(prf)
    expect(prf.every((b) => b === 0)).toBe(true)
    expect(derived.evm).toMatch(/^0x[0-9a-fA-F]{40}$/)
    expect(vault.locked).toBe(false)
    vault.lock()
  })

  test('behavior: the same PRF output gives the same six addresses', () => {
    const a = deriveVault(new Uint8Array(32).fill(1))
    const b = deriveVault(new Uint8Array(32).fill(1))
    expect(sameAddresses(toChainAddresses(a.derived), toChainAddresses(b.derived))).toBe(true)
    a.vault.lock()
    b.vault.lock()
  })

  test('error: a malformed PRF output throws, and is zeroed anyway', () => {
    const prf = new Uint8Array(5).fill(3)
    expect(() => deriveVault(prf)).toThrow()
    expect(prf.every((b) => b === 0)).toBe(true)
  })
})

describe('unwrapVault', () => {
  const firstPrf = new Uint8Array(32).fill(11)
  const backupPrf = () => new Uint8Array(32).fill(22)

  test('behavior: a backup passkey opens the wallet of the first one, and its PRF bytes are zeroed', async () => {
    const first = Vault.fromPrf(new Uint8Array(firstPrf))
    const wrapped = await first.wrapEntropy(deriveWrapKey(backupPrf()))
    const prf = backupPrf()
    const { vault, derived } = await unwrapVault(prf, wrapped)
    expect(prf.every((b) => b === 0)).toBe(true)
    expect(sameAddresses(toChainAddresses(derived), toChainAddresses(first.addresses()))).toBe(true)
    vault.lock()
    first.lock()
  })

  test('error: another passkey rejects with UNWRAP_FAILED, and its PRF bytes are zeroed anyway', async () => {
    const wrapped = await Vault.fromPrf(new Uint8Array(firstPrf)).wrapEntropy(deriveWrapKey(backupPrf()))
    const other = new Uint8Array(32).fill(33)
    await expect(unwrapVault(other, wrapped)).rejects.toMatchObject({ code: 'UNWRAP_FAILED' })
    expect(other.every((b) => b === 0)).toBe(true)
  })
})

describe('toChainAddresses', () => {
  test('behavior: sends only the six public addresses', () => {
    const { vault, derived } = deriveVault(new Uint8Array(32).fill(2))
    vault.lock()
    expect(Object.keys(toChainAddresses(derived)).sort()).toEqual(
      ['bitcoin', 'canton', 'evm', 'solana', 'ton', 'tron'].sort(),
    )
  })
})

describe('sameAddresses', () => {
  test('behavior: EVM compares case-insensitively, the others exactly', () => {
    const { vault, derived } = deriveVault(new Uint8Array(32).fill(3))
    vault.lock()
    const a = toChainAddresses(derived)
    expect(sameAddresses(a, { ...a, evm: a.evm.toLowerCase() })).toBe(true)
    expect(sameAddresses(a, { ...a, ton: `${a.ton.slice(0, -1)}A` })).toBe(a.ton.endsWith('A'))
  })
})
