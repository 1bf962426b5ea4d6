import type { EvmTransaction } from '@stratos/keys'
import { type Hex, hexToBigInt, hexToNumber } from 'viem'
import { type DecodedEvmCall, decodeEvmCall } from './decodeEvmCall'
import type { EvmRequest } from './evmRequest'
import type { SendTransactionRequest } from './parseSendTransaction'
import type { ListedToken } from './readTokenInfo'
import { type SimulationOutcome, simulateEvmTransaction } from './simulateEvmTransaction'

/** What the review of one `eth_sendTransaction` shows, and the exact transaction signed on approval. */
export interface EvmTransactionReview {
  request: SendTransactionRequest
  call: DecodedEvmCall
  simulation: SimulationOutcome
  baseFeePerGas: bigint
  /** The most the transaction can cost in fees: gas limit x max fee per gas. */
  maxFee: bigint | null
  /** What gets signed; null when no gas limit could be set (the app gave none and it reverts). */
  unsigned: EvmTransaction | null
}

/** Gas used with a fifth on top, when the node could not estimate (a call that reverts). */
function withMargin(gasUsed: bigint): bigint {
  return gasUsed + gasUsed / 5n
}

/**
 * Builds the review of an `eth_sendTransaction`: decodes the call, reads the fees (EIP-1559: the
 * latest block's base fee, `eth_maxPriorityFeePerGas`, a cap of twice the base fee plus the tip,
 * as the wallet's own sends), the pending nonce and the gas limit (the app's, else
 * `eth_estimateGas`), and simulates exactly that transaction.
 */
export async function prepareEvmReview({
  request,
  chainId,
  tx,
  tokens,
}: {
  request: EvmRequest
  chainId: number
  tx: SendTransactionRequest
  tokens: readonly ListedToken[]
}): Promise<EvmTransactionReview> {
  const callObject = {
    from: tx.from,
    to: tx.to,
    value: `0x${tx.value.toString(16)}`,
    ...(tx.data ? { data: tx.data } : {}),
  }
  const [block, tip, nonce, estimated, call] = await Promise.all([
    request('eth_getBlockByNumber', ['latest', false]) as Promise<{ baseFeePerGas?: Hex } | null>,
    request('eth_maxPriorityFeePerGas', []) as Promise<Hex>,
    request('eth_getTransactionCount', [tx.from, 'pending']) as Promise<Hex>,
    tx.gas === undefined
      ? (request('eth_estimateGas', [callObject]) as Promise<Hex>).then(hexToBigInt, () => undefined)
      : Promise.resolve(undefined),
    decodeEvmCall({ request, to: tx.to, data: tx.data, tokens }),
  ])
  if (!block?.baseFeePerGas)
    throw new Error(
      'This network does not report an EIP-1559 base fee; the wallet sends EIP-1559 transactions only.',
    )
  const baseFeePerGas = hexToBigInt(block.baseFeePerGas)
  const maxPriorityFeePerGas = hexToBigInt(tip)
  const maxFeePerGas = 2n * baseFeePerGas + maxPriorityFeePerGas
  const gasLimit = tx.gas ?? estimated
  const simulation = await simulateEvmTransaction({
    request,
    tokens,
    tx: { ...tx, gas: gasLimit, nonce: hexToNumber(nonce), maxFeePerGas, maxPriorityFeePerGas },
  })
  const gas =
    gasLimit ??
    (simulation.kind !== 'call-only' && simulation.gasUsed ? withMargin(simulation.gasUsed) : undefined)
  return {
    request: tx,
    call,
    simulation,
    baseFeePerGas,
    maxFee: gas === undefined ? null : gas * maxFeePerGas,
    unsigned:
      gas === undefined
        ? null
        : {
            chainId,
            nonce: hexToNumber(nonce),
            to: tx.to,
            value: tx.value,
            gas,
            maxFeePerGas,
            maxPriorityFeePerGas,
            ...(tx.data ? { data: tx.data } : {}),
          },
  }
}
