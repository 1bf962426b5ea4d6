import { describe, expect, test } from 'vitest'
import { GENESIS_BLOCK_HASHES } from './bitcoinNetwork.js'
import { displayHash, encodeHeader, internalHash, sha256d } from './localChain/consensus.js'

// Genesis headers of Bitcoin Core's chainparams.cpp (CreateGenesisBlock arguments): the hashes the
// adapter recognises are recomputed here rather than trusted.
const MERKLE = internalHash('4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b')
const genesis = (time: number, nonce: number, bits: number) =>
  displayHash(
    sha256d(
      encodeHeader({
        version: 1,
        previousBlockHash: new Uint8Array(32),
        merkleRoot: MERKLE,
        time,
        bits,
        nonce,
      }),
    ),
  )

describe('GENESIS_BLOCK_HASHES', () => {
  test('behavior: mainnet, testnet3, signet and regtest hashes are those of their genesis headers', () => {
    const computed = {
      mainnet: genesis(1231006505, 2083236893, 0x1d00ffff),
      testnet3: genesis(1296688602, 414098458, 0x1d00ffff),
      signet: genesis(1598918400, 52613770, 0x1e0377ae),
      regtest: genesis(1296688602, 2, 0x207fffff),
    }
    for (const [name, hash] of Object.entries(computed))
      expect(GENESIS_BLOCK_HASHES[hash], name).toMatchObject({ name })
  })
})
