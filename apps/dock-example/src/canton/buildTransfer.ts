import { formatDecimal, parseDecimal } from './decimal.js'
import type { Holding } from './holdings.js'

/** CIP-0056 `TransferFactory` interface, referenced by package name. */
export const TRANSFER_FACTORY_INTERFACE =
  '#splice-api-token-transfer-instruction-v1:Splice.Api.Token.TransferInstructionV1:TransferFactory'

const EMPTY_METADATA = { values: {} as Record<string, string> }

export interface Instrument {
  admin: string
  id: string
}

/** `TransferFactory_Transfer`'s argument (Daml JSON, splice-api-token-transfer-instruction-v1). */
export interface TransferChoiceArguments {
  expectedAdmin: string
  transfer: {
    sender: string
    receiver: string
    amount: string
    instrumentId: Instrument
    requestedAt: string
    executeBefore: string
    inputHoldingCids: string[]
    meta: { values: Record<string, string> }
  }
  extraArgs: { context: { values: Record<string, unknown> }; meta: { values: Record<string, string> } }
}

/** The registry's answer to `POST /registry/transfer-instruction/v1/transfer-factory` (token standard 0.6.1). */
export interface TransferFactoryWithChoiceContext {
  factoryId: string
  transferKind: 'offer' | 'direct' | 'self'
  choiceContext: {
    choiceContextData: { values: Record<string, unknown> }
    disclosedContracts: {
      templateId: string
      contractId: string
      createdEventBlob: string
      synchronizerId: string
    }[]
  }
}

/** The unlocked holdings of the instrument to spend, largest first, only as many as `amount` needs. */
export function selectInputs(holdings: Holding[], instrument: Instrument, amount: string): string[] {
  const wanted = parseDecimal(amount)
  if (wanted === 0n) throw new Error('Amount: send more than 0')
  const free = holdings
    .filter(
      (h) => !h.locked && h.instrumentId.admin === instrument.admin && h.instrumentId.id === instrument.id,
    )
    .map((h) => ({ contractId: h.contractId, units: parseDecimal(h.amount) }))
    .sort((a, b) => (a.units > b.units ? -1 : a.units < b.units ? 1 : 0))
  const inputs: string[] = []
  let total = 0n
  for (const h of free) {
    if (total >= wanted) break
    inputs.push(h.contractId)
    total += h.units
  }
  if (total < wanted)
    throw new Error(
      `Amount: ${amount} ${instrument.id} is more than your unlocked ${instrument.id} (${formatDecimal(total)})`,
    )
  return inputs
}

/** The complete choice arguments the registry is asked with (`extraArgs` empty, as the standard wants). */
export function transferChoiceArguments(parameters: {
  sender: string
  receiver: string
  amount: string
  instrument: Instrument
  inputHoldingCids: string[]
  now: Date
}): TransferChoiceArguments {
  const { now } = parameters
  return {
    expectedAdmin: parameters.instrument.admin,
    transfer: {
      sender: parameters.sender,
      receiver: parameters.receiver,
      amount: formatDecimal(parseDecimal(parameters.amount)),
      instrumentId: parameters.instrument,
      // A little in the past: the participant's ledger time must not be before it.
      requestedAt: new Date(now.getTime() - 5_000).toISOString(),
      executeBefore: new Date(now.getTime() + 24 * 3600_000).toISOString(),
      inputHoldingCids: parameters.inputHoldingCids,
      meta: EMPTY_METADATA,
    },
    extraArgs: { context: { values: {} }, meta: EMPTY_METADATA },
  }
}

/**
 * The CIP-0103 `prepareExecuteAndWait` params: `TransferFactory_Transfer` exercised on the
 * registry's factory, its choice context as `extraArgs.context` exactly as given, its disclosed
 * contracts disclosed with the command.
 */
export function transferCommand(
  choiceArguments: TransferChoiceArguments,
  factory: TransferFactoryWithChoiceContext,
  commandId: string,
) {
  return {
    commandId,
    actAs: [choiceArguments.transfer.sender],
    commands: [
      {
        ExerciseCommand: {
          templateId: TRANSFER_FACTORY_INTERFACE,
          contractId: factory.factoryId,
          choice: 'TransferFactory_Transfer',
          choiceArgument: {
            ...choiceArguments,
            extraArgs: { context: factory.choiceContext.choiceContextData, meta: EMPTY_METADATA },
          },
        },
      },
    ],
    disclosedContracts: factory.choiceContext.disclosedContracts,
  }
}
