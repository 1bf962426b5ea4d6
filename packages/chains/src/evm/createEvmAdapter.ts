import {
  decodeFunctionResult,
  encodeFunctionData,
  erc20Abi,
  erc20Abi_bytes32,
  type Hash,
  type Hex,
  hexToBigInt,
  hexToString,
  keccak256,
  numberToHex,
  recoverTransactionAddress,
} from 'viem'
import type {
  ChainAdapter,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TransactionSigner,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { assertEvmAddress } from './assertEvmAddress.js'
import { buildEvmTransfer } from './buildEvmTransfer.js'
import { createEvmRpc, type EvmRpc, rpcRefusal } from './createEvmRpc.js'
import { describeRevert } from './describeRevert.js'
import { etherscanHistorySource } from './etherscanHistorySource.js'
import { getEvmHistory } from './getEvmHistory.js'
import type { NativeHistorySource } from './nativeHistorySource.js'
import { otterscanHistorySource } from './otterscanHistorySource.js'
import { readErc20Balance } from './readErc20Balance.js'

export interface CreateEvmAdapterParameters {
  /** JSON-RPC URL: the node, or the API's proxy path for it (`/api/chains/<networkId>`). */
  endpoint: string
  fetch?: typeof fetch | undefined
  /** The chain the network is configured as: transfers are built for it, and refused elsewhere. */
  chainId: number
  /**
   * An Etherscan-compatible API (`…/api?chainid=…&apikey=…`, Blockscout's `…/api`) for native
   * history, used when the node has no Otterscan `ots_` methods.
   */
  indexerUrl?: string | undefined
  /** Symbol of the native coin in messages (`ETH`, `POL`); `ETH` when omitted. */
  nativeSymbol?: string | undefined
  /**
   * Blocks per `eth_getLogs` call; 5 000 when omitted. Halved on its own when the provider says a
   * range is too large; set it to the provider's cap to spare those refusals.
   */
  logBlockRange?: number | undefined
}

/** Most `eth_getLogs` ranges one history page scans. */
const MAX_LOG_RANGES = 10
const DEFAULT_LIMIT = 25

/**
 * The `ChainAdapter` of EVM chains over standard JSON-RPC (see `evmUpstream` for the exact
 * methods). Runs unchanged in the browser, Node and workerd: viem's HTTP transport on `fetch`.
 */
export function createEvmAdapter(parameters: CreateEvmAdapterParameters): ChainAdapter {
  const { chainId } = parameters
  const nativeSymbol = parameters.nativeSymbol ?? 'ETH'
  const fetchFn = parameters.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const rpc = createEvmRpc({ endpoint: parameters.endpoint, fetch: fetchFn })
  const native = nativeHistory(rpc, parameters.indexerUrl, fetchFn)
  const logRange = { blocks: BigInt(parameters.logBlockRange ?? 5_000) }
  /** Who each transfer signed here must come from: broadcast checks the signature against it. */
  const signedFrom = new WeakMap<SignedTransaction, string>()

  return {
    family: 'evm',

    async identify() {
      const [id, height] = await Promise.all([
        rpc.request<Hex>('eth_chainId', [], 'read the chain id'),
        rpc.request<Hex>('eth_blockNumber', [], 'read the latest block'),
      ])
      return { family: 'evm', id: hexToBigInt(id).toString(), height: hexToBigInt(height) }
    },

    async getToken(address) {
      const token = assertEvmAddress(address, 'The token contract')
      const call = (functionName: 'decimals' | 'symbol') =>
        rpc
          .request<Hex>(
            'eth_call',
            [{ to: token, data: encodeFunctionData({ abi: erc20Abi, functionName }) }, 'latest'],
            `read the token’s ${functionName}`,
          )
          .catch((error: unknown) => {
            // A revert means the contract has no such function; anything else is the node's fault.
            if (rpcRefusal(error)) return '0x' as const
            throw error
          })
      const [code, decimalsData, symbolData] = await Promise.all([
        rpc.request<Hex>('eth_getCode', [token, 'latest'], 'read the token contract'),
        call('decimals'),
        call('symbol'),
      ])
      if (code === '0x') {
        throw new ChainsError('TOKEN_NOT_FOUND', `There is no contract at ${token} on chain ${chainId}.`)
      }
      let decimals: number
      try {
        decimals = decodeFunctionResult({ abi: erc20Abi, functionName: 'decimals', data: decimalsData })
      } catch (cause) {
        throw new ChainsError(
          'TOKEN_NOT_FOUND',
          `The contract at ${token} does not report decimals: it is not an ERC-20 token.`,
          { cause },
        )
      }
      const symbol = decodeSymbol(symbolData)
      return { address: token, decimals, ...(symbol ? { symbol } : {}) } satisfies TokenInfo
    },

    async getBalances(address, tokens) {
      const owner = assertEvmAddress(address, 'The account')
      const contracts = tokens.map((t) => assertEvmAddress(t.address, `The ${t.symbol} token contract`))
      const [nativeBalance, ...tokenBalances] = await Promise.all([
        rpc.request<Hex>('eth_getBalance', [owner, 'latest'], 'read the balance').then(hexToBigInt),
        ...contracts.map((token) => readErc20Balance(rpc, token, owner)),
      ])
      return {
        native: nativeBalance as bigint,
        tokens: tokens.map((t, i) => ({ token: t.address, amount: tokenBalances[i] as bigint })),
      }
    },

    async estimateFee(request) {
      return (await buildEvmTransfer({ rpc, chainId, nativeSymbol, request, checkFunds: false })).fee
    },

    async prepareTransfer(request) {
      const built = await buildEvmTransfer({ rpc, chainId, nativeSymbol, request, checkFunds: true })
      return {
        request,
        fee: built.fee,
        unsigned: { family: 'evm', transaction: built.transaction },
        notes: built.notes,
      }
    },

    signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index = 0): SignedTransaction {
      const { unsigned } = prepared
      if (unsigned.family !== 'evm') {
        throw new ChainsError('WRONG_NETWORK', `This is a ${unsigned.family} transfer, not an EVM one.`)
      }
      if (unsigned.transaction.chainId !== chainId) {
        throw new ChainsError(
          'WRONG_NETWORK',
          `This transfer was prepared for chain ${unsigned.transaction.chainId}, not chain ${chainId}.`,
        )
      }
      const signed: SignedTransaction = {
        family: 'evm',
        raw: signer.signEvmTransaction(unsigned.transaction, index),
      }
      signedFrom.set(signed, prepared.request.from)
      return signed
    },

    async broadcast(signed) {
      if (signed.family !== 'evm') {
        throw new ChainsError(
          'WRONG_NETWORK',
          `This is a signed ${signed.family} transaction, not an EVM one.`,
        )
      }
      const from = signedFrom.get(signed)
      if (from !== undefined) {
        // A signer index that is not the reviewed sender's would spend from another account.
        const signer = await recoverTransactionAddress({ serializedTransaction: signed.raw as never })
        if (signer.toLowerCase() !== from.toLowerCase()) {
          throw new ChainsError(
            'TRANSACTION_REJECTED',
            `The transaction was signed by ${signer}, not by the sending account ${from}: it was not sent.`,
          )
        }
      }
      try {
        const txId = await rpc.request<Hash>('eth_sendRawTransaction', [signed.raw], 'send the transaction')
        return { txId: txId ?? keccak256(signed.raw) }
      } catch (error) {
        const refusal = rpcRefusal(error)
        if (!refusal) throw error
        throw new ChainsError(
          'TRANSACTION_REJECTED',
          `The network refused the transaction: ${refusal.message}`,
          {
            details: `eth_sendRawTransaction: code ${refusal.code}`,
            cause: error,
          },
        )
      }
    },

    async getTransactionStatus(txId) {
      const receipt = await rpc.request<{ status: Hex; gasUsed: Hex; blockNumber: Hex } | null>(
        'eth_getTransactionReceipt',
        [txId],
        'read the transaction receipt',
      )
      if (!receipt) return { state: 'pending' }
      if (receipt.status === '0x1') return { state: 'confirmed' }
      return { state: 'failed', error: await failureReason(rpc, txId as Hash, receipt) }
    },

    async getHistory(address, options = {}) {
      const owner = assertEvmAddress(address, 'The account')
      const tokens = (options.tokens ?? []).map((t) => {
        assertEvmAddress(t.address, `The ${t.symbol} token contract`)
        return t
      })
      const limit = Math.min(Math.max(Math.trunc(options.limit ?? DEFAULT_LIMIT), 1), 100)
      return getEvmHistory({
        rpc,
        address: owner,
        tokens,
        cursor: options.cursor,
        limit,
        native,
        logRange,
        maxLogRanges: MAX_LOG_RANGES,
      })
    },
  }
}

/** `symbol()` as a string, or as `bytes32` (early tokens such as MKR); absent when neither. */
function decodeSymbol(data: Hex): string | undefined {
  if (data === '0x') return undefined
  try {
    return decodeFunctionResult({ abi: erc20Abi, functionName: 'symbol', data })
  } catch {
    try {
      const raw = decodeFunctionResult({ abi: erc20Abi_bytes32, functionName: 'symbol', data })
      return hexToString(raw).replace(/\0+$/, '') || undefined
    } catch {
      return undefined
    }
  }
}

/**
 * Native history from the node's Otterscan search when it has one, else from the indexer. The
 * first "method not found" is remembered: the node is not asked again.
 */
function nativeHistory(
  rpc: EvmRpc,
  indexerUrl: string | undefined,
  fetchFn: typeof fetch,
): NativeHistorySource {
  const otterscan = otterscanHistorySource(rpc)
  const indexer = indexerUrl ? etherscanHistorySource({ indexerUrl, fetch: fetchFn }) : undefined
  let nodeSearches = true
  return async (address, toBlock, limit) => {
    if (nodeSearches) {
      try {
        return await otterscan(address, toBlock, limit)
      } catch (error) {
        const refusal = rpcRefusal(error)
        if (!refusal || !isMethodMissing(refusal)) throw error
        nodeSearches = false
      }
    }
    return indexer?.(address, toBlock, limit)
  }
}

function isMethodMissing(refusal: { code: number; message: string }): boolean {
  return (
    refusal.code === -32601 ||
    /method .*(not (found|supported|available|allowed))|does not exist|unsupported method|unknown method/i.test(
      refusal.message,
    )
  )
}

/**
 * Why a mined transaction reverted: replayed with `eth_call` on the state before its block
 * (exact unless an earlier transaction in the same block changed what it depended on).
 */
async function failureReason(
  rpc: EvmRpc,
  txId: Hash,
  receipt: { gasUsed: Hex; blockNumber: Hex },
): Promise<string> {
  const paid = 'The network fee was still paid.'
  const tx = await rpc.request<{ from: Hex; to: Hex | null; input: Hex; value: Hex; gas: Hex } | null>(
    'eth_getTransactionByHash',
    [txId],
    'read the transaction',
  )
  if (tx && receipt.gasUsed === tx.gas) return `The transaction ran out of gas. ${paid}`
  if (tx) {
    const parent = numberToHex(hexToBigInt(receipt.blockNumber) - 1n)
    try {
      await rpc.request<Hex>(
        'eth_call',
        [
          { from: tx.from, ...(tx.to ? { to: tx.to } : {}), data: tx.input, value: tx.value, gas: tx.gas },
          parent,
        ],
        'replay the transaction',
      )
    } catch (error) {
      const refusal = rpcRefusal(error)
      if (refusal) {
        const reason = describeRevert(refusal.data) ?? refusal.message
        return `The transaction failed: the contract refused it (${reason}). ${paid}`
      }
    }
  }
  return `The transaction failed on chain (reverted). ${paid}`
}
