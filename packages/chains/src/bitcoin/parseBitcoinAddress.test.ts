import { hex } from '@scure/base'
import { describe, expect, test } from 'vitest'
import { parseBitcoinAddress } from './parseBitcoinAddress.js'

// BIP-173 and BIP-350 test vectors (https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki,
// bip-0350.mediawiki) and the genesis coinbase's P2PKH address.
const P2WPKH_MAIN = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'
const P2WPKH_TEST = 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx'
const P2WSH_TEST = 'tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7'
const P2TR_MAIN = 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'
const P2PKH_MAIN = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'

describe('parseBitcoinAddress', () => {
  test('behavior: each output type with its script and Bitcoin Core dust limit', () => {
    expect(parseBitcoinAddress(P2WPKH_MAIN, 'mainnet')).toEqual({
      type: 'p2wpkh',
      script: hex.decode('0014751e76e8199196d454941c45d1b3a323f1433bd6'),
      dustLimit: 294n,
      outputVsize: 31,
    })
    expect(parseBitcoinAddress(P2TR_MAIN, 'mainnet')).toMatchObject({
      type: 'p2tr',
      dustLimit: 330n,
      outputVsize: 43,
    })
    expect(parseBitcoinAddress(P2PKH_MAIN, 'mainnet')).toMatchObject({
      type: 'p2pkh',
      dustLimit: 546n,
      outputVsize: 34,
    })
    expect(parseBitcoinAddress(P2WSH_TEST, 'testnet')).toMatchObject({ type: 'p2wsh', dustLimit: 330n })
  })

  test('error: an address of another network is named as such', () => {
    expect(() => parseBitcoinAddress(P2WPKH_TEST, 'mainnet')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ADDRESS',
        shortMessage: `Recipient ${P2WPKH_TEST} is a testnet address on mainnet: use a mainnet address.`,
      }),
    )
    expect(() => parseBitcoinAddress(P2WPKH_MAIN, 'regtest')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ADDRESS',
        shortMessage: expect.stringContaining('is a mainnet address on regtest'),
      }),
    )
  })

  test('error: text that is no address, or a bech32 typo, is INVALID_ADDRESS', () => {
    expect(() => parseBitcoinAddress('hello', 'mainnet')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ADDRESS',
        shortMessage: 'Recipient hello is not a Bitcoin address.',
      }),
    )
    expect(() => parseBitcoinAddress(P2WPKH_MAIN.replace('v8f3t4', 'v8f3t5'), 'mainnet')).toThrow(
      expect.objectContaining({ code: 'INVALID_ADDRESS' }),
    )
  })
})
