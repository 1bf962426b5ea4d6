import { describeRevert } from '@stratos/chains/evm'
import { getAddress, type Hex, hexToBigInt, numberToHex } from 'viem'
import { ApiRequestError } from '../../../lib/AppError'
import { type EvmRequest, EvmRpcError } from './evmRequest'
import { type ListedToken, readTokenInfo, type TokenInfo } from './readTokenInfo'

/** The address `eth_simulateV1` logs native transfers from (ERC-7528), with `traceTransfers`. */
export const NATIVE_TRANSFER_LOG_ADDRESS = '0xeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee'
/** keccak256("Transfer(address,address,uint256)"): ERC-20 transfers and the native pseudo-logs. */
const TRANSFER_TOPIC = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef'

/** The transaction as simulated: what the user would sign, fees and nonce included when known. */
export interface SimulatedTransaction {
  from: `0x${string}`
  to: `0x${string}`
  value: bigint
  data?: Hex | undefined
  gas?: bigint | undefined
  nonce?: number | undefined
  maxFeePerGas?: bigint | undefined
  maxPriorityFeePerGas?: bigint | undefined
}

/** How much of one asset the user's account gains (positive) or loses (negative). */
export interface BalanceChange {
  /** null for the native coin. */
  token: TokenInfo | null
  delta: bigint
}

export type SimulationOutcome =
  /** `eth_simulateV1` ran it: the user's balance changes (the network fee aside) and the gas used. */
  | { kind: 'simulated'; changes: BalanceChange[]; gasUsed: bigint }
  /** It would fail: the revert reason, or the node's refusal (funds, nonce, fee). */
  | { kind: 'would-fail'; reason: string; gasUsed?: bigint }
  /** The node cannot simulate: `eth_call` found no revert; balance changes are not known. */
  | { kind: 'call-only' }

interface SimulatedCall {
  status: Hex
  returnData?: Hex
  gasUsed: Hex
  logs?: { address: string; topics: Hex[]; data: Hex }[]
  error?: { code?: number; message?: string; data?: Hex }
}

function callObject(tx: SimulatedTransaction, withFees: boolean) {
  return {
    from: tx.from,
    to: tx.to,
    value: numberToHex(tx.value),
    ...(tx.data ? { data: tx.data } : {}),
    ...(tx.gas !== undefined ? { gas: numberToHex(tx.gas) } : {}),
    ...(withFees && tx.nonce !== undefined ? { nonce: numberToHex(tx.nonce) } : {}),
    ...(withFees && tx.maxFeePerGas !== undefined ? { maxFeePerGas: numberToHex(tx.maxFeePerGas) } : {}),
    ...(withFees && tx.maxPriorityFeePerGas !== undefined
      ? { maxPriorityFeePerGas: numberToHex(tx.maxPriorityFeePerGas) }
      : {}),
  }
}

/** True when the node (or the proxy) does not offer `eth_simulateV1` at all. */
function simulationUnavailable(error: unknown): boolean {
  if (error instanceof ApiRequestError) return error.status === 400 || error.status === 404
  if (error instanceof EvmRpcError)
    return (
      error.code === -32601 ||
      /method not found|does not exist|not (available|supported|implemented)|unknown method/i.test(
        error.message,
      )
    )
  return false
}

function revertData(value: unknown): Hex | undefined {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]*$/.test(value)) return value as Hex
  if (typeof value === 'object' && value !== null && 'data' in value) return revertData(value.data)
  return undefined
}

function failureReason(data: Hex | undefined, message: string | undefined): string {
  return describeRevert(data) ?? message ?? 'the contract reverted without giving a reason'
}

function topicAddress(topic: Hex | undefined): string | null {
  return topic && topic.length === 66 ? `0x${topic.slice(26)}`.toLowerCase() : null
}

/** The user's balance changes from the Transfer logs (ERC-20) and the native pseudo-logs of a call. */
async function balanceChanges(
  request: EvmRequest,
  user: string,
  logs: NonNullable<SimulatedCall['logs']>,
  tokens: readonly ListedToken[],
): Promise<BalanceChange[]> {
  const me = user.toLowerCase()
  const deltas = new Map<string, bigint>()
  for (const log of logs) {
    // ERC-20 Transfer: three topics and the amount as data (ERC-721 indexes the token id: four topics).
    if (log.topics[0] !== TRANSFER_TOPIC || log.topics.length !== 3 || log.data.length !== 66) continue
    const from = topicAddress(log.topics[1])
    const to = topicAddress(log.topics[2])
    const amount = hexToBigInt(log.data)
    const asset = log.address.toLowerCase()
    if (from === me) deltas.set(asset, (deltas.get(asset) ?? 0n) - amount)
    if (to === me) deltas.set(asset, (deltas.get(asset) ?? 0n) + amount)
  }
  const changes: BalanceChange[] = []
  for (const [asset, delta] of deltas) {
    if (delta === 0n) continue
    changes.push({
      token:
        asset === NATIVE_TRANSFER_LOG_ADDRESS
          ? null
          : await readTokenInfo(request, getAddress(asset), tokens),
      delta,
    })
  }
  // The native coin first, then tokens in the order they moved.
  return changes.sort((a, b) => Number(a.token !== null) - Number(b.token !== null))
}

/**
 * Runs `tx` on the chain's latest state before anyone signs it: `eth_simulateV1` (execution-apis,
 * `traceTransfers` so native transfers show as logs, `validation` so the fee, the nonce and the
 * balance are checked as they would be in a block) gives the user's balance changes, or the
 * revert reason. A node without `eth_simulateV1` gets `eth_call`, which says only whether it reverts.
 */
export async function simulateEvmTransaction({
  request,
  tx,
  tokens,
}: {
  request: EvmRequest
  tx: SimulatedTransaction
  tokens: readonly ListedToken[]
}): Promise<SimulationOutcome> {
  let blocks: { calls: SimulatedCall[] }[]
  try {
    blocks = (await request('eth_simulateV1', [
      { blockStateCalls: [{ calls: [callObject(tx, true)] }], traceTransfers: true, validation: true },
      'latest',
    ])) as { calls: SimulatedCall[] }[]
  } catch (error) {
    if (simulationUnavailable(error)) return callOnly(request, tx)
    if (error instanceof EvmRpcError)
      return { kind: 'would-fail', reason: failureReason(revertData(error.data), error.message) }
    throw error
  }
  const call = blocks?.[0]?.calls?.[0]
  if (!call) throw new EvmRpcError(-32603, 'The node answered eth_simulateV1 without the call')
  const gasUsed = hexToBigInt(call.gasUsed)
  if (call.status !== '0x1')
    return {
      kind: 'would-fail',
      reason: failureReason(revertData(call.error?.data) ?? revertData(call.returnData), call.error?.message),
      gasUsed,
    }
  return {
    kind: 'simulated',
    changes: await balanceChanges(request, tx.from, call.logs ?? [], tokens),
    gasUsed,
  }
}

async function callOnly(request: EvmRequest, tx: SimulatedTransaction): Promise<SimulationOutcome> {
  try {
    await request('eth_call', [callObject(tx, false), 'latest'])
    return { kind: 'call-only' }
  } catch (error) {
    if (error instanceof EvmRpcError)
      return { kind: 'would-fail', reason: failureReason(revertData(error.data), error.message) }
    throw error
  }
}
