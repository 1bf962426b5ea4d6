import { base64 } from '@scure/base'
import { Address, beginCell, Cell, Dictionary } from '@ton/core'
import { describe, expect, test } from 'vitest'
import { parseBoc, serializeBoc, TonBuilder } from './tonCell.js'

// @ton/core (Node, Buffer) is the reference the browser-safe cells are checked against.
const address = Address.parse('EQCHEV5KAS50fZvOATziJEAQxtXjsPiN28Y0IFGbhhnloNo_')

describe('TonBuilder', () => {
  test('behavior: bits, ints, coins, addresses and refs hash as @ton/core builds them', () => {
    const ref = new TonBuilder().uint(7, 3).cell()
    const ours = new TonBuilder()
      .bit(1)
      .uint(0x0f8a7ea5, 32)
      .int(-239, 32)
      .coins(0n)
      .coins(123_456_789n)
      .address({ workchain: 0, hash: address.hash })
      .address(null)
      .ref(ref)
      .cell()
    const theirs = beginCell()
      .storeBit(1)
      .storeUint(0x0f8a7ea5, 32)
      .storeInt(-239, 32)
      .storeCoins(0n)
      .storeCoins(123_456_789n)
      .storeAddress(address)
      .storeAddress(null)
      .storeRef(beginCell().storeUint(7, 3).endCell())
      .endCell()
    expect(Buffer.from(ours.hash()).toString('hex')).toBe(theirs.hash().toString('hex'))
  })

  test('error: values that do not fit, and more than 1023 bits or 4 refs, throw', () => {
    expect(() => new TonBuilder().uint(256, 8)).toThrow(/does not fit/)
    expect(() => new TonBuilder().int(128, 8)).toThrow(/does not fit/)
    expect(() => new TonBuilder().coins(-1n)).toThrow(/out of range/)
    const full = new TonBuilder()
    for (let i = 0; i < 1023; i++) full.bit(0)
    expect(() => full.bit(0)).toThrow(/1023 bits/)
    const refs = new TonBuilder()
    for (let i = 0; i < 4; i++) refs.ref(new TonBuilder().cell())
    expect(() => refs.ref(new TonBuilder().cell())).toThrow(/4 refs/)
  })
})

describe('TonSlice', () => {
  test('behavior: reads back what @ton/core wrote', () => {
    const cell = beginCell()
      .storeUint(5, 32)
      .storeInt(-3, 8)
      .storeCoins(10n ** 15n)
      .storeAddress(address)
      .endCell()
    const s = parseBoc(cell.toBoc()).beginParse()
    expect(s.uint(32)).toBe(5n)
    expect(s.int(8)).toBe(-3n)
    expect(s.coins()).toBe(10n ** 15n)
    expect(Buffer.from(s.address()!.hash).equals(address.hash)).toBe(true)
    expect(s.remainingBits).toBe(0)
    expect(() => s.bit()).toThrow(/past the end/)
    expect(() => s.ref()).toThrow(/past the last ref/)
  })
})

describe('serializeBoc / parseBoc', () => {
  test('behavior: round trip with @ton/core, shared cells stored once, with and without index and CRC', () => {
    const shared = beginCell().storeUint(1, 8).endCell()
    const dict = Dictionary.empty(Dictionary.Keys.Uint(8), Dictionary.Values.Cell())
    dict.set(1, shared)
    dict.set(2, beginCell().storeStringTail('x'.repeat(200)).endCell())
    const root = beginCell().storeRef(shared).storeRef(shared).storeDict(dict).endCell()
    for (const opts of [
      { idx: false, crc32: true },
      { idx: true, crc32: false },
    ]) {
      const parsed = parseBoc(root.toBoc(opts))
      expect(Buffer.from(parsed.hash()).toString('hex')).toBe(root.hash().toString('hex'))
      const again = Cell.fromBoc(Buffer.from(serializeBoc(parsed)))[0]!
      expect(again.hash().equals(root.hash())).toBe(true)
    }
  })

  test('behavior: an exotic cell (a library cell, as some jetton wallets hold their code) parses as opaque', () => {
    const library = new Cell({
      exotic: true,
      bits: beginCell().storeUint(2, 8).storeBuffer(Buffer.alloc(32, 7)).endCell().bits,
    })
    const root = beginCell().storeUint(9, 8).storeRef(library).endCell()
    const parsed = parseBoc(root.toBoc())
    expect(parsed.refs[0]!.exotic).toBe(true)
    expect(parsed.beginParse().uint(8)).toBe(9n)
  })

  test('error: not a BOC, truncated, or several roots throw', () => {
    expect(() => parseBoc(base64.decode('bm90IGEgYm9j'))).toThrow(/bad magic/)
    const boc = beginCell().storeUint(1, 64).endCell().toBoc()
    expect(() => parseBoc(boc.subarray(0, boc.length - 8))).toThrow(/truncated/)
    const two = Buffer.from(serializeBoc(new TonBuilder().uint(1, 8).cell()))
    two[7] = 2 // roots count
    expect(() => parseBoc(two)).toThrow(/one root/)
  })
})
