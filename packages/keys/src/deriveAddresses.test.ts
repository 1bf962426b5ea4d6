import { createHash } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { mnemonicToSeedSync } from '@scure/bip39'
import { NETWORK, p2wpkh, TEST_NETWORK } from '@scure/btc-signer'
import { createKeyPairSignerFromPrivateKeyBytes, getAddressFromPublicKey } from '@solana/kit'
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton'
import { mnemonicToAccount, publicKeyToAddress } from 'viem/accounts'
import { describe, expect, test } from 'vitest'
import { derivationPath } from './derivationPath.js'
import { deriveAddresses } from './deriveAddresses.js'
import { withEd25519Key, withSecp256k1Key } from './hdKey.js'
import { Vault } from './Vault.js'
import bip84 from './vectors/bip84.json' with { type: 'json' }

const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'
const OTHER =
  'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title'
const seedOf = (m: string) => mnemonicToSeedSync(m)

/** Base58check written out with BigInt and node:crypto: independent of @scure/base. */
function base58checkByHand(payload: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest()
  const full = Buffer.concat([payload, sha(sha(payload)).subarray(0, 4)])
  let n = BigInt(`0x${full.toString('hex')}`)
  let out = ''
  while (n > 0n) {
    out = alphabet[Number(n % 58n)] + out
    n /= 58n
  }
  for (const byte of full) {
    if (byte !== 0) break
    out = `1${out}`
  }
  return out
}

/** TRON address by other code: viem's EVM address of the key, 0x41 prefix, hand-written base58check. */
function tronByHand(publicKey: Uint8Array): string {
  const uncompressed = secp256k1.Point.fromBytes(publicKey).toHex(false)
  const evm = publicKeyToAddress(`0x${uncompressed}`)
  return base58checkByHand(hexToBytes(`41${evm.slice(2)}`))
}

/** Canton fingerprint by node:crypto. */
function cantonByHand(publicKey: Uint8Array): string {
  const purpose = Buffer.alloc(4)
  purpose.writeUInt32BE(12)
  return `1220${createHash('sha256').update(purpose).update(publicKey).digest('hex')}`
}

describe('deriveAddresses: "abandon x11 about" on every chain', () => {
  const addresses = deriveAddresses(seedOf(ABANDON))

  test('behavior: published vectors (EVM BIP-44, Bitcoin BIP-84)', () => {
    expect(addresses.evm).toBe('0x9858EfFD232B4033E47d90003D41EC34EcaEda94')
    expect(addresses.bitcoin).toBe('bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu')
  })

  test('behavior: pinned addresses of every chain (account 0, mainnet)', () => {
    expect(addresses).toEqual({
      evm: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
      solana: 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk',
      bitcoin: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
      tron: 'TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH',
      ton: 'UQBHyu-oZVDHRYQ1-rKlGqpHy5yAqanPBirEQNMNOmfHLtaT',
      canton: '1220542b29aa6e0ab94ff893c1adcb1c2585d0bd493034c66d8f8a33419f28e9c975',
      tonV4: 'UQAzWZa6nM5mJev91wGc7VCSfBoIsYRqKJpV78N8Add9-RKY',
      cantonPublicKey: 'd80f86404d93ab50d979727fea5e568310f7c603cae6de9d52c9d0351f3f7ab8',
      index: 0,
    })
  })

  test('behavior: pinned test-network addresses (tb1 with coin type 1, TON testnet v5r1)', () => {
    const testnet = deriveAddresses(seedOf(ABANDON), { bitcoinNetwork: 'testnet', tonNetwork: 'testnet' })
    expect(testnet.bitcoin).toBe('tb1q6rz28mcfaxtmd6v789l9rrlrusdprr9pqcpvkl')
    expect(testnet.ton).toBe('0QCf9EYCGEnzNflKo0BRm4IM0g2i094C_uqgJBSBmHZMUG87')
    expect(testnet.tonV4).toBe('0QAzWZa6nM5mJev91wGc7VCSfBoIsYRqKJpV78N8Add9-akS')
    expect(deriveAddresses(seedOf(ABANDON), { bitcoinNetwork: 'regtest' }).bitcoin).toMatch(/^bcrt1q/)
  })
})

describe('deriveAddresses: BIP-84 test vectors', () => {
  test.each(bip84.addresses)('behavior: $path', ({ path, pubkey, address }) => {
    withSecp256k1Key(seedOf(bip84.mnemonic), path, (key) => expect(bytesToHex(key.publicKey)).toBe(pubkey))
    const index = Number(path.split('/').pop())
    if (path.includes('/0/')) expect(deriveAddresses(seedOf(bip84.mnemonic), { index }).bitcoin).toBe(address)
  })
})

/** Cross-checks against each chain's own library, for two mnemonics and several indexes. */
describe.each([
  ['abandon', ABANDON, 0],
  ['abandon', ABANDON, 1],
  ['legal', OTHER, 0],
  ['legal', OTHER, 7],
])('deriveAddresses cross-checked with chain libraries (%s, index %i)', (_, mnemonic, index) => {
  const seed = seedOf(mnemonic)
  const addresses = deriveAddresses(seed, { index })
  const ed = (chain: 'solana' | 'ton' | 'canton') =>
    withEd25519Key(seed, derivationPath(chain, index), (k) => ({
      priv: k.privateKey.slice(),
      pub: k.publicKey.slice(),
    }))
  const secp = (chain: 'bitcoin' | 'tron', network?: 'testnet') =>
    withSecp256k1Key(seed, derivationPath(chain, index, network), (k) => k.publicKey.slice())

  test('behavior: EVM equals viem mnemonicToAccount', () => {
    expect(addresses.evm).toBe(mnemonicToAccount(mnemonic, { addressIndex: index }).address)
  })

  test('behavior: Solana equals @solana/kit (from the private key, and from the public key)', async () => {
    const { priv, pub } = ed('solana')
    expect(addresses.solana).toBe((await createKeyPairSignerFromPrivateKeyBytes(priv)).address)
    const key = await crypto.subtle.importKey('raw', pub, 'Ed25519', true, ['verify'])
    expect(addresses.solana).toBe(await getAddressFromPublicKey(key))
  })

  test('behavior: Bitcoin equals @scure/btc-signer p2wpkh (mainnet and testnet)', () => {
    expect(addresses.bitcoin).toBe(p2wpkh(secp('bitcoin'), NETWORK).address)
    expect(deriveAddresses(seed, { index, bitcoinNetwork: 'testnet' }).bitcoin).toBe(
      p2wpkh(secp('bitcoin', 'testnet'), TEST_NETWORK).address,
    )
  })

  test('behavior: TRON equals an independent keccak + base58check implementation', () => {
    expect(addresses.tron).toBe(tronByHand(secp('tron')))
  })

  test('behavior: TON equals @ton/ton WalletContractV5R1 / WalletContractV4 (mainnet and testnet)', () => {
    const publicKey = Buffer.from(ed('ton').pub)
    for (const [network, globalId] of [
      ['mainnet', -239],
      ['testnet', -3],
    ] as const) {
      const ours = deriveAddresses(seed, { index, tonNetwork: network })
      const form = { bounceable: false, urlSafe: true, testOnly: network === 'testnet' }
      const v5 = WalletContractV5R1.create({
        workchain: 0,
        publicKey,
        walletId: { networkGlobalId: globalId },
      })
      expect(ours.ton).toBe(v5.address.toString(form))
      expect(ours.tonV4).toBe(WalletContractV4.create({ workchain: 0, publicKey }).address.toString(form))
    }
  })

  test('behavior: Canton fingerprint equals sha256 by node:crypto; public key is the SLIP-10 key', () => {
    const { pub } = ed('canton')
    expect(addresses.cantonPublicKey).toBe(bytesToHex(pub))
    expect(addresses.canton).toBe(cantonByHand(pub))
  })
})

describe('deriveAddresses', () => {
  test('behavior: Vault.addresses gives the same result', () => {
    expect(Vault.fromMnemonic(ABANDON).addresses({ index: 2 })).toEqual(
      deriveAddresses(seedOf(ABANDON), { index: 2 }),
    )
  })

  test('error: bad options throw KeysError', () => {
    const seed = seedOf(ABANDON)
    expect(() => deriveAddresses(seed, { index: -1 })).toThrow(
      expect.objectContaining({ code: 'INVALID_INDEX' }),
    )
    expect(() => deriveAddresses(seed, { bitcoinNetwork: 'signet' as 'testnet' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
    expect(() => deriveAddresses(seed, { tonNetwork: 'devnet' as 'testnet' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})
