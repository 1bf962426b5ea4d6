import { inspect } from 'node:util'
import { ANVIL_DEV_KEY } from '@stratos/chains/anvil'
import { keccak256, recoverAddress, toHex } from 'viem'
import { privateKeyToAddress, sign } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { createLocalSigner } from './createLocalSigner.js'
import { SECP256K1_N } from './secp256k1.js'

describe('createLocalSigner', () => {
  test('behavior: the address is the key’s Ethereum address', async () => {
    const signer = createLocalSigner(ANVIL_DEV_KEY)
    expect(signer.kind).toBe('local')
    expect(await signer.address()).toBe(privateKeyToAddress(ANVIL_DEV_KEY))
  })

  test('behavior: signatures recover to the address, are low-s, and equal viem’s own', async () => {
    const signer = createLocalSigner(ANVIL_DEV_KEY)
    const parities = new Set<number>()
    for (let i = 0; i < 16; i++) {
      const digest = keccak256(toHex(`message ${i}`))
      const signature = await signer.signDigest(digest)
      parities.add(signature.yParity)
      expect(BigInt(signature.s) <= SECP256K1_N / 2n).toBe(true)
      expect(await recoverAddress({ hash: digest, signature })).toBe(privateKeyToAddress(ANVIL_DEV_KEY))
      const viem = await sign({ hash: digest, privateKey: ANVIL_DEV_KEY })
      expect(signature).toEqual({ r: viem.r, s: viem.s, yParity: viem.yParity })
    }
    expect(parities).toEqual(new Set([0, 1]))
  })

  test('behavior: the key cannot be read off the signer (not in its properties, JSON or inspect output)', () => {
    const signer = createLocalSigner(ANVIL_DEV_KEY)
    const seen = `${JSON.stringify(signer)} ${inspect(signer, { depth: 10, showHidden: true })}`
    expect(seen).not.toContain(ANVIL_DEV_KEY.slice(2, 20))
  })

  test.each([
    ['too short', '0x1234'],
    ['not hex', `0x${'zz'.repeat(32)}`],
    ['no 0x', ANVIL_DEV_KEY.slice(2)],
    ['zero', `0x${'00'.repeat(32)}`],
    ['n itself', `0x${SECP256K1_N.toString(16)}`],
  ])('error: a private key that is %s is refused', (_, key) => {
    expect(() => createLocalSigner(key as `0x${string}`)).toThrow(
      expect.objectContaining({ code: 'INVALID_PRIVATE_KEY' }),
    )
  })

  test('error: a digest that is not 32 bytes is refused', async () => {
    const signer = createLocalSigner(ANVIL_DEV_KEY)
    await expect(signer.signDigest('0x1234')).rejects.toMatchObject({ code: 'INVALID_DIGEST' })
    await expect(signer.signDigest(`0x${'ab'.repeat(33)}`)).rejects.toMatchObject({ code: 'INVALID_DIGEST' })
  })
})
