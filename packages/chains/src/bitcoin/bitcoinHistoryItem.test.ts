import { describe, expect, test } from 'vitest'
import { bitcoinHistoryItem } from './bitcoinHistoryItem.js'
import type { EsploraTx, EsploraTxOut } from './esplora.js'

const ME = 'bcrt1qme'
const out = (address: string | undefined, value: number): EsploraTxOut => ({
  scriptpubkey: '00',
  scriptpubkey_asm: '',
  scriptpubkey_type: address ? 'v0_p2wpkh' : 'op_return',
  ...(address ? { scriptpubkey_address: address } : {}),
  value,
})
const tx = (inputs: (EsploraTxOut | null)[], outputs: EsploraTxOut[], fee: number): EsploraTx => ({
  txid: 'ab'.repeat(32),
  version: 2,
  locktime: 0,
  vin: inputs.map((prevout) => ({
    txid: 'cd'.repeat(32),
    vout: 0,
    prevout,
    scriptsig: '',
    scriptsig_asm: '',
    is_coinbase: prevout === null,
    sequence: 0xfffffffd,
  })),
  vout: outputs,
  size: 200,
  weight: 600,
  fee,
  status: { confirmed: true, block_height: 5, block_hash: 'ef'.repeat(32), block_time: 1_700_000_000 },
})

describe('bitcoinHistoryItem', () => {
  test('behavior: a coinbase paying the address is `in` with no counterparty', () => {
    expect(bitcoinHistoryItem(tx([null], [out(ME, 5_000_000_000)], 0), ME)).toEqual({
      txId: 'ab'.repeat(32),
      direction: 'in',
      amount: 5_000_000_000n,
      state: 'confirmed',
      time: 1_700_000_000,
    })
  })

  test('behavior: with inputs of others too (a coinjoin) `out` is the net that left, without a fee', () => {
    const item = bitcoinHistoryItem(
      tx([out(ME, 60_000), out('bcrt1qother', 60_000)], [out(ME, 10_000), out('bcrt1qx', 109_000)], 1_000),
      ME,
    )
    expect(item).toMatchObject({ direction: 'out', amount: 50_000n, counterparty: 'bcrt1qx' })
    expect(item.fee).toBeUndefined()
  })

  test('behavior: a pending transaction has no time', () => {
    const pending = { ...tx([out('bcrt1qx', 9_000)], [out(ME, 8_000)], 1_000), status: { confirmed: false } }
    expect(bitcoinHistoryItem(pending, ME)).toEqual({
      txId: 'ab'.repeat(32),
      direction: 'in',
      amount: 8_000n,
      counterparty: 'bcrt1qx',
      state: 'pending',
    })
  })
})
