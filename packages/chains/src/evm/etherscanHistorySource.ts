import { getAddress, type Hash } from 'viem'
import { ChainsError } from '../ChainsError.js'
import type { NativeHistorySource, NativeTransaction } from './nativeHistorySource.js'

/** One entry of `txlist`: every field is a decimal (or hex) string. */
interface EtherscanTransaction {
  blockNumber: string
  timeStamp: string
  hash: Hash
  transactionIndex: string
  from: string
  to: string
  value: string
  gasPrice: string
  gasUsed: string
  isError: string
}

interface EtherscanResponse {
  status: string
  message: string
  result: EtherscanTransaction[] | string
}

export interface EtherscanHistorySourceParameters {
  /**
   * The API base, with any fixed query it needs: `https://api.etherscan.io/v2/api?chainid=1&apikey=…`,
   * a Blockscout `https://…/api`, or the API's proxy path for it.
   */
  indexerUrl: string
  fetch: typeof fetch
}

/**
 * Native history through the Etherscan-compatible account API (Etherscan, Blockscout, Routescan):
 * `GET ?module=account&action=txlist&address=…&startblock=0&endblock=…&page=1&offset=…&sort=desc`,
 * the transactions an address sent or received, newest first.
 * https://docs.etherscan.io/api-endpoints/accounts#get-a-list-of-normal-transactions-by-address
 */
export function etherscanHistorySource({
  indexerUrl,
  fetch: fetchFn,
}: EtherscanHistorySourceParameters): NativeHistorySource {
  return async (address, toBlock, limit) => {
    const [base, fixedQuery = ''] = indexerUrl.split('?', 2)
    const query = new URLSearchParams(fixedQuery)
    for (const [key, value] of Object.entries({
      module: 'account',
      action: 'txlist',
      address,
      startblock: '0',
      endblock: toBlock.toString(),
      page: '1',
      offset: String(limit),
      sort: 'desc',
    }))
      query.set(key, value)
    const body = await fetchFn(`${base}?${query}`, { headers: { accept: 'application/json' } })
      .then(async (response) => {
        if (!response.ok) throw new Error(`HTTP ${response.status}`)
        return (await response.json()) as EtherscanResponse
      })
      .catch((cause: unknown) => {
        // The URL may carry an API key: the message names the API, not the URL.
        throw new ChainsError('RPC_ERROR', 'Could not read the transaction history from the indexer.', {
          details: `txlist: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        })
      })
    if (!Array.isArray(body.result)) {
      throw new ChainsError('RPC_ERROR', 'The indexer refused the transaction history request.', {
        details: `txlist: ${body.message}: ${String(body.result).slice(0, 200)}`,
      })
    }
    // `status: "0"` with an empty list is Etherscan's "No transactions found".
    const transactions = body.result.map(
      (tx): NativeTransaction => ({
        hash: tx.hash,
        block: BigInt(tx.blockNumber),
        index: Number(tx.transactionIndex),
        from: getAddress(tx.from),
        ...(tx.to ? { to: getAddress(tx.to) } : {}),
        value: BigInt(tx.value),
        fee: BigInt(tx.gasUsed) * BigInt(tx.gasPrice),
        time: Number(tx.timeStamp),
        failed: tx.isError === '1',
      }),
    )
    return { transactions, complete: transactions.length < limit }
  }
}
