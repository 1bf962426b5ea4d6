import { cantonDeFiVaultAbi } from '@stratos/contracts'
import type { Address, Hex, PublicClient } from 'viem'

export interface FindIntentExecutionParameters {
  client: PublicClient
  vault: Address
  intentId: Hex
  /** First block to search; the vault's deployment block in production (nodes cap log ranges). */
  fromBlock?: bigint
}

export interface IntentExecution {
  transactionHash: Hex
  blockNumber: bigint
  relayer: Address
}

/** The transaction that executed an intent, from the vault's `IntentExecuted` event; undefined if none. */
export async function findIntentExecution({
  client,
  vault,
  intentId,
  fromBlock = 0n,
}: FindIntentExecutionParameters): Promise<IntentExecution | undefined> {
  const logs = await client.getContractEvents({
    address: vault,
    abi: cantonDeFiVaultAbi,
    eventName: 'IntentExecuted',
    args: { intentId },
    fromBlock,
    toBlock: 'latest',
  })
  const log = logs[0]
  if (!log || log.transactionHash === null || log.blockNumber === null) return undefined
  return {
    transactionHash: log.transactionHash,
    blockNumber: log.blockNumber,
    relayer: (log.args as { relayer: Address }).relayer,
  }
}
