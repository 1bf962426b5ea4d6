import { bytesToHex } from '@noble/hashes/utils.js'
import { beginCell, Cell } from '@ton/core'
import { WalletContractV4, WalletContractV5R1 } from '@ton/ton'
import { describe, expect, test } from 'vitest'
import { parseBoc, serializeBoc, TonBuilder } from './tonCell.js'

const publicKey = Buffer.alloc(32, 7)

describe('parseBoc', () => {
  test('behavior: wallet code from @ton/ton parses to the published code hashes', () => {
    const v5 = WalletContractV5R1.create({ workchain: 0, publicKey }).init.code
    const v4 = WalletContractV4.create({ workchain: 0, publicKey }).init.code
    expect(bytesToHex(parseBoc(v5.toBoc()).hash())).toBe(
      '20834b7b72b112147e1b2fb457b84e74d1a30f04f737d4f62a668e9552d2b72f',
    )
    expect(bytesToHex(parseBoc(v4.toBoc()).hash())).toBe(
      'feb5ff6820e2ff0d9483e7e0d62c817d846789fb4ae580c878866d959dabd5c0',
    )
    expect(bytesToHex(parseBoc(v4.toBoc({ idx: true, crc32: false })).hash())).toBe(v4.hash().toString('hex'))
  })

  test('error: garbage throws KeysError', () => {
    expect(() => parseBoc(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    )
  })
})

describe('serializeBoc', () => {
  test('behavior: @ton/core reads our BOC (CRC-32C checked) back to the same hash, with shared cells deduplicated', () => {
    const leaf = new TonBuilder().uint(0xabc, 12).cell()
    const mid = new TonBuilder().bit(1).ref(leaf).ref(leaf).cell()
    const root = new TonBuilder()
      .int(-5, 9)
      .coins(10n ** 9n)
      .bytes(new Uint8Array([1, 2, 3]))
      .ref(mid)
      .ref(leaf)
      .cell()
    const theirs = Cell.fromBoc(Buffer.from(serializeBoc(root)))[0]!
    expect(theirs.hash().toString('hex')).toBe(bytesToHex(root.hash()))
    const expected = beginCell()
      .storeInt(-5, 9)
      .storeCoins(10n ** 9n)
      .storeBuffer(Buffer.from([1, 2, 3]))
      .storeRef(
        beginCell()
          .storeBit(1)
          .storeRef(beginCell().storeUint(0xabc, 12))
          .storeRef(beginCell().storeUint(0xabc, 12)),
      )
      .storeRef(beginCell().storeUint(0xabc, 12))
      .endCell()
    expect(bytesToHex(root.hash())).toBe(expected.hash().toString('hex'))
    expect(serializeBoc(root).length).toBeLessThan(expected.toBoc({ idx: false }).length + 1)
  })
})

describe('TonBuilder', () => {
  test('error: overflowing a cell throws', () => {
    const b = new TonBuilder()
    expect(() => b.uint(0, 1024)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => new TonBuilder().uint(256, 8)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
    expect(() => new TonBuilder().int(128, 8)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }))
  })
})
