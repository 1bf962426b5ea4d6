import { describe, expect, test } from 'vitest'
import { derivationPath } from './derivationPath.js'

describe('derivationPath', () => {
  test('behavior: the fixed paths of docs/key-derivation.md', () => {
    expect(derivationPath('evm', 3)).toBe("m/44'/60'/0'/0/3")
    expect(derivationPath('solana', 3)).toBe("m/44'/501'/3'/0'")
    expect(derivationPath('bitcoin', 3)).toBe("m/84'/0'/0'/0/3")
    expect(derivationPath('bitcoin', 3, 'testnet')).toBe("m/84'/1'/0'/0/3")
    expect(derivationPath('bitcoin', 3, 'regtest')).toBe("m/84'/1'/0'/0/3")
    expect(derivationPath('tron', 3)).toBe("m/44'/195'/0'/0/3")
    expect(derivationPath('ton', 3)).toBe("m/44'/607'/3'")
    expect(derivationPath('canton', 3)).toBe("m/44'/6767'/3'/0'/0'")
  })

  test('error: bad index or chain throws KeysError', () => {
    for (const index of [-1, 1.5, 2 ** 31, Number.NaN, '1'])
      expect(() => derivationPath('evm', index as number)).toThrow(
        expect.objectContaining({ code: 'INVALID_INDEX' }),
      )
    expect(() => derivationPath('doge' as 'evm')).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
