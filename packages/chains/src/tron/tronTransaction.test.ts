import { hexToBytes } from '@noble/hashes/utils.js'
import { describe, expect, test } from 'vitest'
import { ChainsError } from '../ChainsError.js'
import createFixture from './fixtures/createtransaction.json' with { type: 'json' }
import constantFixture from './fixtures/triggerconstantcontract.json' with { type: 'json' }
import triggerFixture from './fixtures/triggersmartcontract.json' with { type: 'json' }
import tronGridFixture from './fixtures/trongrid-account-transactions.json' with { type: 'json' }
import { normalizeTronAddress } from './tronAddress.js'
import { decodeRawData, encodeRawData } from './tronProtobuf.js'
import { rawDataFromJson, rawDataToJson, readNodeTransaction, tronTxId } from './tronTransaction.js'

// Transactions java-tron built on Nile and mainnet (fixtures/*.json name their source).
const recorded = {
  'createtransaction (TransferContract)': createFixture.response,
  'triggersmartcontract (TriggerSmartContract, fee_limit)': triggerFixture.response.transaction,
  'triggerconstantcontract (TriggerSmartContract)': constantFixture.response.transaction,
  'TronGrid account transaction': tronGridFixture.response
    .data[0] as (typeof tronGridFixture.response.data)[number],
} as const

describe('decodeRawData', () => {
  for (const [name, tx] of Object.entries(recorded)) {
    test(`behavior: reads a recorded ${name} and re-encodes the same bytes`, () => {
      const bytes = hexToBytes(tx.raw_data_hex)
      const raw = decodeRawData(bytes)
      expect(encodeRawData(raw)).toEqual(bytes)
      expect(tronTxId(bytes)).toBe(tx.txID)
    })
  }

  test('behavior: the decoded fields are the ones java-tron printed as raw_data', () => {
    const tx = createFixture.response
    expect(rawDataToJson(decodeRawData(hexToBytes(tx.raw_data_hex)), false)).toEqual(tx.raw_data)
    const c = constantFixture.response.transaction
    expect(rawDataToJson(decodeRawData(hexToBytes(c.raw_data_hex)), false)).toEqual(c.raw_data)
  })

  test('behavior: raw_data JSON read back gives the signed bytes (as java-tron does at broadcast)', () => {
    for (const tx of [createFixture.response, constantFixture.response.transaction]) {
      expect(encodeRawData(rawDataFromJson(tx.raw_data))).toEqual(hexToBytes(tx.raw_data_hex))
    }
  })

  test('error: a field repeated (last-one-wins would hide the first) is refused', () => {
    // createtransaction's bytes with a second expiration (field 8) appended.
    const bytes = hexToBytes(`${createFixture.response.raw_data_hex}4001`)
    expect(() => decodeRawData(bytes)).toThrow(/appears twice/)
  })

  test('error: a field outside the transfer (raw.data memo, field 10) is refused', () => {
    const bytes = hexToBytes(`${createFixture.response.raw_data_hex}52026869`)
    expect(() => decodeRawData(bytes)).toThrow(/unexpected field 10/)
  })

  test('error: truncated bytes are refused', () => {
    const hex = createFixture.response.raw_data_hex
    expect(() => decodeRawData(hexToBytes(hex.slice(0, hex.length - 20)))).toThrow(ChainsError)
  })
})

describe('readNodeTransaction', () => {
  test('behavior: returns the canonical visible JSON of the bytes, not the JSON the node printed', () => {
    const tx = structuredClone(createFixture.response)
    tx.raw_data.contract[0]!.parameter.value.amount = 999
    const { transaction, raw } = readNodeTransaction(tx)
    expect(raw.contract.type === 'TransferContract' && raw.contract.amount).toBe(1_000_000n)
    expect(transaction.raw_data.contract[0]?.parameter.value).toEqual({
      amount: 1_000_000,
      owner_address: normalizeTronAddress('41dd791d6b49e190062d650e6a23c575510d35f2f9'),
      to_address: normalizeTronAddress('4192ad11c1bf16b3b14b0bd6b5c7e2db73a0b5e83a'),
    })
  })

  test('error: a txID that is not the hash of the bytes is refused', () => {
    const tx = { ...createFixture.response, txID: triggerFixture.response.transaction.txID }
    expect(() => readNodeTransaction(tx)).toThrow(/id does not match/)
  })
})
