import { sha256 } from '@noble/hashes/sha2.js'
import { Address, beginCell, Dictionary } from '@ton/core'
import { describe, expect, test } from 'vitest'
import { jettonTransferBody, readJettonContent, readJettonMove } from './jetton.js'
import { parseBoc } from './tonCell.js'

const to = Address.parse('EQCHEV5KAS50fZvOATziJEAQxtXjsPiN28Y0IFGbhhnloNo_')
const back = Address.parse('EQBICXx9LKsP87t73adonyV3RDHkjHOz7EdhrRJIzHeMKcF4')

describe('jettonTransferBody', () => {
  test('behavior: the TEP-74 transfer layout, equal to the same fields written with @ton/core', () => {
    const ours = jettonTransferBody({
      queryId: 42n,
      amount: 1_500_000n,
      destination: { workchain: 0, hash: to.hash },
      responseDestination: { workchain: 0, hash: back.hash },
      forwardTonAmount: 1n,
    })
    const theirs = beginCell()
      .storeUint(0x0f8a7ea5, 32)
      .storeUint(42, 64)
      .storeCoins(1_500_000n)
      .storeAddress(to)
      .storeAddress(back)
      .storeMaybeRef(null)
      .storeCoins(1n)
      .storeBit(0)
      .endCell()
    expect(Buffer.from(ours.hash()).equals(theirs.hash())).toBe(true)
    const move = readJettonMove(ours)
    expect(move).toMatchObject({ op: 0x0f8a7ea5, amount: 1_500_000n })
    expect(Buffer.from(move.party!.hash).equals(to.hash)).toBe(true)
  })
})

describe('readJettonContent', () => {
  const onchain = (fields: Record<string, string>) => {
    const dict = Dictionary.empty(Dictionary.Keys.Buffer(32), Dictionary.Values.Cell())
    for (const [k, v] of Object.entries(fields))
      dict.set(
        Buffer.from(sha256(new TextEncoder().encode(k))),
        beginCell().storeUint(0, 8).storeStringTail(v).endCell(),
      )
    return parseBoc(beginCell().storeUint(0, 8).storeDict(dict).endCell().toBoc())
  }

  test('behavior: TEP-64 on-chain symbol and decimals, with a long value in snake form', () => {
    expect(readJettonContent(onchain({ symbol: 'USDT', decimals: '6', name: 'x'.repeat(300) }))).toEqual({
      symbol: 'USDT',
      decimals: 6,
    })
    expect(readJettonContent(onchain({ symbol: 'ONE' }))).toEqual({ symbol: 'ONE' })
    // Mainnet USDT's layout: on-chain decimals beside the URI of the rest.
    expect(readJettonContent(onchain({ uri: 'https://tether.to/usdt-ton.json', decimals: '6' }))).toEqual({
      uri: 'https://tether.to/usdt-ton.json',
      decimals: 6,
    })
  })

  test('behavior: off-chain content gives its URI and no decimals', () => {
    const cell = beginCell().storeUint(1, 8).storeStringTail('https://example.org/jetton.json').endCell()
    expect(readJettonContent(parseBoc(cell.toBoc()))).toEqual({ uri: 'https://example.org/jetton.json' })
  })
})
