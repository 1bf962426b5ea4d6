import { hex } from '@scure/base'
import { Address, OutScript, Script } from '@scure/btc-signer'
import { BITCOIN_NETWORKS } from '../bitcoinNetwork.js'
import type {
  EsploraAddress,
  EsploraAddressStats,
  EsploraStatus,
  EsploraTx,
  EsploraTxOut,
  EsploraUtxo,
} from '../esplora.js'
import type { BitcoinChainState, TxRecord } from './BitcoinChainState.js'
import { ESPLORA_SCRIPT_TYPES, standardOutputType } from './consensus.js'

const REGTEST = BITCOIN_NETWORKS.regtest
/** electrs rest.rs: CHAIN_TXS_PER_PAGE and MAX_MEMPOOL_TXS. */
const CHAIN_TXS_PER_PAGE = 25
const MAX_MEMPOOL_TXS = 50

/** Script in rust-bitcoin's asm form, as Esplora shows it (`OP_0 OP_PUSHBYTES_20 ab..`). */
export function scriptAsm(script: Uint8Array): string {
  let ops: (string | number | Uint8Array)[]
  try {
    ops = Script.decode(script) as (string | number | Uint8Array)[]
  } catch {
    return ''
  }
  return ops
    .map((op) => {
      if (op instanceof Uint8Array) {
        const push =
          op.length <= 75 ? `OP_PUSHBYTES_${op.length}` : op.length <= 0xff ? 'OP_PUSHDATA1' : 'OP_PUSHDATA2'
        return `${push} ${hex.encode(op)}`
      }
      if (typeof op === 'number')
        return op === 0 ? 'OP_0' : op === -1 ? 'OP_PUSHNUM_NEG1' : `OP_PUSHNUM_${op}`
      return op.startsWith('OP_') ? op : `OP_${op}`
    })
    .join(' ')
}

export function txOutView(script: Uint8Array, value: bigint): EsploraTxOut {
  const type = standardOutputType(script)
  let address: string | undefined
  if (type && type !== 'op_return') {
    try {
      address = Address(REGTEST).encode(OutScript.decode(script))
    } catch {
      address = undefined
    }
  }
  return {
    scriptpubkey: hex.encode(script),
    scriptpubkey_asm: scriptAsm(script),
    scriptpubkey_type: type ? ESPLORA_SCRIPT_TYPES[type] : 'unknown',
    ...(address ? { scriptpubkey_address: address } : {}),
    value: Number(value),
  }
}

export function statusView(record: TxRecord | undefined): EsploraStatus {
  if (!record?.block) return { confirmed: false }
  return {
    confirmed: true,
    block_height: record.block.height,
    block_hash: record.block.hash,
    block_time: record.block.time,
  }
}

/** A transaction in Esplora's format (Blockstream/esplora API.md "Transaction format"). */
export function txView(record: TxRecord): EsploraTx {
  const { tx } = record
  const vin = Array.from({ length: tx.inputsLength }, (_, i) => {
    const input = tx.getInput(i)
    const scriptSig = input.finalScriptSig ?? new Uint8Array()
    const witness = input.finalScriptWitness ?? []
    const prevout = record.coinbase ? null : record.prevouts[i]!
    return {
      txid: hex.encode(input.txid!),
      vout: input.index!,
      prevout: prevout ? txOutView(prevout.script, prevout.value) : null,
      scriptsig: hex.encode(scriptSig),
      scriptsig_asm: scriptAsm(scriptSig),
      ...(witness.length > 0 ? { witness: witness.map((w) => hex.encode(w)) } : {}),
      is_coinbase: record.coinbase,
      sequence: input.sequence!,
    }
  })
  const vout = Array.from({ length: tx.outputsLength }, (_, i) => {
    const output = tx.getOutput(i)
    return txOutView(output.script!, output.amount!)
  })
  return {
    txid: record.txid,
    version: tx.version,
    locktime: tx.lockTime,
    vin,
    vout,
    size: record.raw.length,
    weight: record.weight,
    fee: Number(record.fee),
    status: statusView(record),
  }
}

function touches(record: TxRecord, script: string): boolean {
  if (record.prevouts.some((coin) => hex.encode(coin.script) === script)) return true
  for (let i = 0; i < record.tx.outputsLength; i++)
    if (hex.encode(record.tx.getOutput(i).script!) === script) return true
  return false
}

/** Newest first: mempool by arrival, then blocks by height and position (electrs history order). */
function newestFirst(a: TxRecord, b: TxRecord): number {
  if (!a.block || !b.block) return b.seq - a.seq
  return b.block.height - a.block.height || b.block.index - a.block.index
}

export function addressHistory(state: BitcoinChainState, script: Uint8Array) {
  const want = hex.encode(script)
  const related = [...state.txs.values()].filter((record) => touches(record, want))
  return {
    mempool: related.filter((r) => !r.block).sort(newestFirst),
    chain: related.filter((r) => r.block).sort(newestFirst),
  }
}

/** `GET /address/:address/txs`: up to 50 mempool transactions, then the first 25 confirmed. */
export function addressTxsView(state: BitcoinChainState, script: Uint8Array): EsploraTx[] {
  const { mempool, chain } = addressHistory(state, script)
  return [...mempool.slice(0, MAX_MEMPOOL_TXS), ...chain.slice(0, CHAIN_TXS_PER_PAGE)].map(txView)
}

/** `GET /address/:address/txs/chain[/:last_seen_txid]`: 25 confirmed after `lastSeen`. */
export function addressChainTxsView(
  state: BitcoinChainState,
  script: Uint8Array,
  lastSeen?: string,
): EsploraTx[] {
  const { chain } = addressHistory(state, script)
  const start = lastSeen === undefined ? 0 : chain.findIndex((r) => r.txid === lastSeen) + 1
  // electrs answers an empty page when the last seen txid is not in the address's history.
  if (lastSeen !== undefined && start === 0) return []
  return chain.slice(start, start + CHAIN_TXS_PER_PAGE).map(txView)
}

/** `GET /address/:address`: funded and spent outputs, confirmed and in the mempool. */
export function addressView(state: BitcoinChainState, address: string, script: Uint8Array): EsploraAddress {
  const want = hex.encode(script)
  const stats = (): EsploraAddressStats => ({
    funded_txo_count: 0,
    funded_txo_sum: 0,
    spent_txo_count: 0,
    spent_txo_sum: 0,
    tx_count: 0,
  })
  const chain = stats()
  const mempool = stats()
  for (const record of state.txs.values()) {
    const bucket = record.block ? chain : mempool
    let touched = false
    for (const coin of record.prevouts) {
      if (hex.encode(coin.script) !== want) continue
      bucket.spent_txo_count++
      bucket.spent_txo_sum += Number(coin.value)
      touched = true
    }
    for (let i = 0; i < record.tx.outputsLength; i++) {
      const output = record.tx.getOutput(i)
      if (hex.encode(output.script!) !== want) continue
      bucket.funded_txo_count++
      bucket.funded_txo_sum += Number(output.amount!)
      touched = true
    }
    if (touched) bucket.tx_count++
  }
  return { address, chain_stats: chain, mempool_stats: mempool }
}

/** `GET /address/:address/utxo`: unspent outputs, confirmed and in the mempool, none spent by the mempool. */
export function utxoView(state: BitcoinChainState, script: Uint8Array): EsploraUtxo[] {
  const want = hex.encode(script)
  const utxos: EsploraUtxo[] = []
  for (const record of state.txs.values()) {
    for (let vout = 0; vout < record.tx.outputsLength; vout++) {
      const output = record.tx.getOutput(vout)
      if (hex.encode(output.script!) !== want || state.isSpent(record.txid, vout)) continue
      utxos.push({ txid: record.txid, vout, status: statusView(record), value: Number(output.amount!) })
    }
  }
  return utxos
}
