import { cantonDeFiVaultAbi } from '@stratos/contracts'
import type { Logger } from 'pino'
import { type Address, encodeFunctionData, type Hex, type PublicClient, type TransactionReceipt } from 'viem'
import type { CantonIntent, JournalEntry } from '../types.js'
import { throwIfAborted } from './ChainError.js'
import type { TxSender } from './createTxSender.js'
import { decodeVaultRevert } from './decodeVaultRevert.js'
import { findIntentExecution } from './findIntentExecution.js'
import type { SendOutcome } from './TxSenderContext.js'

export interface CreateVaultExecutorParameters {
  sender: TxSender
  client: PublicClient
  /** First block searched for `IntentExecuted` events (the vault's deployment block). Default 0. */
  logsFromBlock?: bigint | undefined
  /** Gas limit = estimate * this / 100. Default 125. */
  gasLimitPercent?: number | undefined
  logger?: Logger | undefined
}

export type ExecutionOutcome =
  | {
      status: 'confirmed'
      txHash: Hex
      gasUsed: bigint
      /** True when the intent had already been executed on chain (found through `IntentExecuted`). */
      alreadyExecuted: boolean
    }
  | {
      status: 'failed'
      /** The vault's error name (`IntentExpired`, `AdapterCallFailed`, …) or `Reverted`. */
      errorName: string
      reason: string
      txHash?: Hex
    }

export interface VaultExecutor {
  /**
   * Executes a signed journal entry through `vault.execute(intent, signature)` and waits for the
   * confirmation depth. Entries that already have transactions (a takeover) are resumed from
   * them. Throws only for what a retry may cure (node unreachable, leadership lost).
   */
  execute(entry: JournalEntry, signal?: AbortSignal): Promise<ExecutionOutcome>
}

/** The vault's `Intent` struct of a Canton intent. */
export function intentStruct(intent: CantonIntent) {
  return {
    vaultId: intent.vaultId,
    intentId: intent.intentId,
    nonce: intent.nonce,
    adapter: intent.adapter,
    data: intent.callData,
    value: intent.value,
    deadline: intent.deadline,
  }
}

/** Calldata of `vault.execute(intent, signature)`. */
export function executeCalldata(intent: CantonIntent, signature: Hex): Hex {
  return encodeFunctionData({
    abi: cantonDeFiVaultAbi,
    functionName: 'execute',
    args: [intentStruct(intent), signature],
  })
}

export function createVaultExecutor(parameters: CreateVaultExecutorParameters): VaultExecutor {
  const { sender, client } = parameters
  const gasLimitPercent = BigInt(parameters.gasLimitPercent ?? 125)
  const log = parameters.logger

  async function alreadyExecuted(intent: CantonIntent, signal?: AbortSignal): Promise<ExecutionOutcome> {
    const execution = await findIntentExecution({
      client,
      vault: intent.vault,
      intentId: intent.intentId,
      ...(parameters.logsFromBlock === undefined ? {} : { fromBlock: parameters.logsFromBlock }),
    })
    if (!execution)
      throw new Error(`intent ${intent.intentId} is used on chain but no IntentExecuted event was found`)
    const receipt = await sender.waitForConfirmations(execution.transactionHash, signal)
    if (!receipt)
      throw new Error(`execution of ${intent.intentId} (${execution.transactionHash}) was reorged out`)
    log?.info(
      { intentId: intent.intentId, txHash: receipt.transactionHash },
      'intent already executed on chain',
    )
    return {
      status: 'confirmed',
      txHash: receipt.transactionHash,
      gasUsed: receipt.gasUsed,
      alreadyExecuted: true,
    }
  }

  function isIntentUsed(intent: CantonIntent): Promise<boolean> {
    return client.readContract({
      address: intent.vault,
      abi: cantonDeFiVaultAbi,
      functionName: 'isIntentUsed',
      args: [intent.intentId],
    })
  }

  /** Estimates (classifying a revert) and sends; undefined outcome means a final answer was reached. */
  async function sendFresh(
    entry: JournalEntry,
    signal?: AbortSignal,
  ): Promise<SendOutcome | ExecutionOutcome> {
    const { intent } = entry
    if (!entry.intentSignature) throw new Error(`intent ${entry.intentId} has no signature`)
    const data = executeCalldata(intent, entry.intentSignature)
    let gas: bigint
    try {
      // The vault requires msg.value == intent.value: the relayer attaches it (from its own balance).
      gas = await client.estimateGas({ account: sender.address, to: intent.vault, data, value: intent.value })
    } catch (error) {
      const revert = decodeVaultRevert(error)
      if (!revert) throw error
      if (revert.name === 'IntentAlreadyUsed') return alreadyExecuted(intent, signal)
      return { status: 'failed', errorName: revert.name, reason: revert.reason }
    }
    throwIfAborted(signal)
    return sender.send(
      entry.intentId,
      { to: intent.vault, data, value: intent.value, gas: (gas * gasLimitPercent) / 100n },
      signal,
    )
  }

  async function revertReason(receipt: TransactionReceipt): Promise<{ errorName: string; reason: string }> {
    const tx = await client.getTransaction({ hash: receipt.transactionHash })
    if (receipt.gasUsed >= tx.gas) return { errorName: 'OutOfGas', reason: `OutOfGas(${tx.gas})` }
    try {
      // Replayed on the state before its block: close enough to name the error.
      await client.call({
        account: receipt.from as Address,
        to: receipt.to as Address,
        data: tx.input,
        value: tx.value,
        gas: tx.gas,
        blockNumber: receipt.blockNumber - 1n,
      })
    } catch (error) {
      const revert = decodeVaultRevert(error)
      if (revert) return { errorName: revert.name, reason: revert.reason }
    }
    return { errorName: 'Reverted', reason: 'Reverted on chain (reason not recoverable)' }
  }

  return {
    async execute(entry, signal) {
      const { intent } = entry
      let result: SendOutcome | ExecutionOutcome =
        entry.txs.length > 0
          ? await sender.watch(entry.intentId, entry.txs, signal)
          : await sendFresh(entry, signal)
      for (;;) {
        throwIfAborted(signal)
        if (result.status === 'confirmed' || result.status === 'failed') return result
        if (result.status === 'mined') {
          const { receipt } = result
          if (receipt.status === 'success')
            return {
              status: 'confirmed',
              txHash: result.hash,
              gasUsed: receipt.gasUsed,
              alreadyExecuted: false,
            }
          // Another transaction may have executed it first (an older fee-bumped or re-signed one).
          if (await isIntentUsed(intent)) return alreadyExecuted(intent, signal)
          const { errorName, reason } = await revertReason(receipt)
          return { status: 'failed', errorName, reason, txHash: result.hash }
        }
        // The nonce went to another transaction: executed elsewhere, or send again with a new nonce.
        if (await isIntentUsed(intent)) return alreadyExecuted(intent, signal)
        log?.warn(
          { intentId: entry.intentId, nonce: result.nonce },
          'nonce taken by another transaction; re-sending',
        )
        await sender.reconcile()
        result = await sendFresh(entry, signal)
      }
    },
  }
}
