import { getAddress, type Hash, type Hex, hexToBigInt } from 'viem'
import type { EvmRpc } from './createEvmRpc.js'
import type { NativeHistorySource, NativeTransaction } from './nativeHistorySource.js'

interface OtsTransaction {
  hash: Hash
  blockNumber: Hex
  transactionIndex: Hex
  from: Hex
  to: Hex | null
  value: Hex
}

interface OtsReceipt {
  transactionHash: Hash
  status: Hex
  gasUsed: Hex
  effectiveGasPrice: Hex
  timestamp?: Hex
}

interface OtsSearchResult {
  txs: OtsTransaction[]
  receipts: OtsReceipt[]
  firstPage: boolean
  lastPage: boolean
}

/**
 * Native history through Otterscan's `ots_searchTransactionsBefore(address, blockNumber,
 * pageSize)` (Erigon, anvil, Reth): the transactions an address sent or received before
 * `blockNumber` (exclusive; 0 means from the latest), newest first, with their receipts.
 * https://docs.otterscan.io/api-docs/ots-api#ots_searchtransactionsbefore
 */
export function otterscanHistorySource(rpc: EvmRpc): NativeHistorySource {
  return async (address, toBlock, limit) => {
    const result = await rpc.request<OtsSearchResult>(
      'ots_searchTransactionsBefore',
      [address, Number(toBlock + 1n), limit],
      'search the account’s transactions',
    )
    const receipts = new Map(result.receipts.map((r) => [r.transactionHash, r]))
    const transactions = result.txs.map((tx): NativeTransaction => {
      const receipt = receipts.get(tx.hash)
      return {
        hash: tx.hash,
        block: hexToBigInt(tx.blockNumber),
        index: Number(tx.transactionIndex),
        from: getAddress(tx.from),
        ...(tx.to ? { to: getAddress(tx.to) } : {}),
        value: hexToBigInt(tx.value),
        ...(receipt
          ? {
              fee: hexToBigInt(receipt.gasUsed) * hexToBigInt(receipt.effectiveGasPrice),
              ...(receipt.timestamp ? { time: Number(receipt.timestamp) } : {}),
            }
          : {}),
        failed: receipt?.status === '0x0',
      }
    })
    return { transactions, complete: result.lastPage }
  }
}
