import type { CreatedEvent, JsGetUpdatesResponse, JsTransaction } from '@stratos/canton'
import type { CantonHistoryItem, CantonHistoryResponse, CantonInstrument } from '@stratos/schemas'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { formatDecimal, parseDecimal } from '../../canton/decimal.js'
import {
  HOLDING_INTERFACE,
  INSTRUCTION_CHOICES,
  qualifiedName,
  TRANSFER_INSTRUCTION_INTERFACE,
} from '../../canton/tokenStandard.js'

/** CIP-0056 `Transfer` (the TransferInstruction view's `transfer`, the factory choice's argument). */
interface TransferView {
  sender: string
  receiver: string
  amount: string
  instrumentId: CantonInstrument
}

interface HoldingView {
  owner: string
  instrumentId: CantonInstrument
  amount: string
}

interface ExercisedEventView {
  contractId: string
  templateId: string
  choice: string
  choiceArgument?: unknown
  actingParties?: string[]
  exerciseResult?: unknown
}

type LedgerEvent =
  | { CreatedEvent: CreatedEvent }
  | { ExercisedEvent: ExercisedEventView }
  | { ArchivedEvent: { contractId: string; templateId: string } }

const KIND_OF_CHOICE = {
  [INSTRUCTION_CHOICES.accept]: 'transfer-accepted',
  [INSTRUCTION_CHOICES.reject]: 'transfer-rejected',
  [INSTRUCTION_CHOICES.withdraw]: 'transfer-withdrawn',
} as const satisfies Record<string, CantonHistoryItem['kind']>

const TRANSFER_FACTORY_CHOICE = 'TransferFactory_Transfer'

/** `TransferInstructionResult.output` tags (token-standard transfer-instruction-v1). */
const STATUS_OF_OUTPUT: Record<string, CantonHistoryItem['status']> = {
  TransferInstructionResult_Pending: 'pending',
  TransferInstructionResult_Completed: 'completed',
  TransferInstructionResult_Failed: 'failed',
}

export interface CantonHistoryParameters {
  partyId: string
  limit: number
  /** Only updates at offsets below this one (the previous page's `nextBefore`). */
  before?: number | undefined
}

/**
 * The party's transactions, newest first, as history items. Reads `POST /v2/updates` in
 * ledger-effects shape (so exercised choices show) from the offset before `before` back to the
 * ledger's start, newest first, at most `limit` transactions: one item per transaction, so the
 * oldest offset returned is where the next page ends. Token-standard events are read through
 * their interface views, so any CIP-0056 instrument reads the same; anything else is `other`.
 */
export async function cantonHistory(
  canton: CantonLedger,
  { partyId, limit, before }: CantonHistoryParameters,
): Promise<CantonHistoryResponse> {
  const ledgerEnd = await canton.client.ledgerEnd()
  const end = before === undefined ? ledgerEnd : Math.min(before - 1, ledgerEnd)
  if (end <= 0) return { partyId, items: [], nextBefore: null }
  const responses = await canton.client.updates({
    parties: [partyId],
    wildcard: true,
    interfaceIds: [HOLDING_INTERFACE, TRANSFER_INSTRUCTION_INTERFACE],
    includeInterfaceView: true,
    beginExclusive: 0,
    endInclusive: end,
    transactionShape: 'TRANSACTION_SHAPE_LEDGER_EFFECTS',
    descendingOrder: true,
    limit,
  })
  const transactions = responses
    .flatMap(transactionOf)
    .sort((a, b) => b.offset - a.offset)
    .slice(0, limit)
  const instructions = await instructionTransfers(canton, partyId, transactions)
  const items = transactions.map((tx) => describe(tx, partyId, instructions))
  const oldest = transactions.at(-1)
  return {
    partyId,
    items,
    nextBefore: oldest && transactions.length >= limit && oldest.offset > 1 ? oldest.offset : null,
  }
}

function transactionOf(response: JsGetUpdatesResponse): JsTransaction[] {
  const update = response.update as Record<string, { value?: JsTransaction } | undefined>
  const tx = update.Transaction?.value
  return tx ? [tx] : []
}

function eventsOf(tx: JsTransaction): LedgerEvent[] {
  return (tx.events ?? []) as unknown as LedgerEvent[]
}

/** The interface view of `interfaceId` in a created event, when the participant computed it. */
function viewOf<T>(event: CreatedEvent, interfaceId: string): T | undefined {
  const wanted = qualifiedName(interfaceId)
  const view = event.interfaceViews?.find((v) => qualifiedName(v.interfaceId) === wanted)
  return (view?.viewValue ?? undefined) as T | undefined
}

/**
 * The transfer of every TransferInstruction exercised in these transactions: from creates on the
 * same page, else from the participant's events of that contract (the create is usually older).
 */
async function instructionTransfers(
  canton: CantonLedger,
  partyId: string,
  transactions: JsTransaction[],
): Promise<Map<string, TransferView>> {
  const transfers = new Map<string, TransferView>()
  const wanted = new Set<string>()
  for (const tx of transactions) {
    for (const event of eventsOf(tx)) {
      if ('CreatedEvent' in event) {
        const view = viewOf<{ transfer: TransferView }>(event.CreatedEvent, TRANSFER_INSTRUCTION_INTERFACE)
        if (view?.transfer) transfers.set(event.CreatedEvent.contractId, view.transfer)
      } else if ('ExercisedEvent' in event && event.ExercisedEvent.choice in KIND_OF_CHOICE) {
        wanted.add(event.ExercisedEvent.contractId)
      }
    }
  }
  const missing = [...wanted].filter((cid) => !transfers.has(cid))
  await Promise.all(
    missing.map(async (contractId) => {
      // Pruned or not visible: the item then shows what its own events tell.
      const events = await canton.client
        .eventsByContractId(contractId, {
          parties: [partyId],
          interfaceIds: [TRANSFER_INSTRUCTION_INTERFACE],
          includeInterfaceView: true,
        })
        .catch(() => undefined)
      const created = events?.created?.createdEvent
      const view = created && viewOf<{ transfer: TransferView }>(created, TRANSFER_INSTRUCTION_INTERFACE)
      if (view?.transfer) transfers.set(contractId, view.transfer)
    }),
  )
  return transfers
}

/** One transaction as the party would describe it; never throws (unknown shapes are `other`). */
function describe(tx: JsTransaction, partyId: string, instructions: Map<string, TransferView>) {
  const base = { updateId: tx.updateId, offset: tx.offset, recordTime: tx.recordTime ?? tx.effectiveAt }
  const events = eventsOf(tx)
  try {
    return { ...base, ...interpret(events, partyId, instructions) }
  } catch {
    return { ...base, ...other(events) }
  }
}

type Interpreted = Omit<CantonHistoryItem, 'updateId' | 'offset' | 'recordTime'>

function interpret(
  events: LedgerEvent[],
  partyId: string,
  instructions: Map<string, TransferView>,
): Interpreted {
  const exercises = events.flatMap((e) => ('ExercisedEvent' in e ? [e.ExercisedEvent] : []))
  const creates = events.flatMap((e) => ('CreatedEvent' in e ? [e.CreatedEvent] : []))

  // Accept / reject / withdraw of a pending instruction.
  const action = exercises.find((e) => e.choice in KIND_OF_CHOICE)
  if (action) {
    const kind = KIND_OF_CHOICE[action.choice as keyof typeof KIND_OF_CHOICE]
    const transfer = instructions.get(action.contractId)
    const actor = action.actingParties?.includes(partyId) ?? false
    const role: 'sender' | 'receiver' = transfer
      ? transfer.sender === partyId
        ? 'sender'
        : 'receiver'
      : // The receiver accepts or rejects, the sender withdraws.
        (kind === 'transfer-withdrawn') === actor
        ? 'sender'
        : 'receiver'
    const counterparty = transfer
      ? role === 'sender'
        ? transfer.receiver
        : transfer.sender
      : action.actingParties?.find((p) => p !== partyId)
    return {
      kind,
      role,
      ...defined({ counterparty, status: statusOf(action.exerciseResult) }),
      ...(transfer ? amountOf(transfer) : {}),
    }
  }

  // A transfer the party sent through the instrument's factory.
  const factory = exercises.find((e) => e.choice === TRANSFER_FACTORY_CHOICE)
  const sent = (factory?.choiceArgument as { transfer?: TransferView } | undefined)?.transfer
  if (factory && sent && (sent.sender === partyId || sent.receiver === partyId)) {
    const role = sent.sender === partyId ? 'sender' : 'receiver'
    return {
      kind: role === 'sender' ? 'transfer-sent' : 'transfer-received',
      role,
      counterparty: role === 'sender' ? sent.receiver : sent.sender,
      ...amountOf(sent),
      ...defined({ status: statusOf(factory.exerciseResult) }),
    }
  }

  // An instruction created for the party (the receiver sees only the instruction's create).
  for (const created of creates) {
    const transfer = viewOf<{ transfer: TransferView }>(created, TRANSFER_INSTRUCTION_INTERFACE)?.transfer
    if (!transfer || (transfer.sender !== partyId && transfer.receiver !== partyId)) continue
    const role = transfer.sender === partyId ? 'sender' : 'receiver'
    return {
      kind: role === 'sender' ? 'transfer-sent' : 'transfer-received',
      role,
      counterparty: role === 'sender' ? transfer.receiver : transfer.sender,
      ...amountOf(transfer),
      status: 'pending',
    }
  }

  // Holdings that appear for the party without any choice it sees: the instrument admin minted.
  const received = creates
    .map((c) => viewOf<HoldingView>(c, HOLDING_INTERFACE))
    .filter((v): v is HoldingView => v?.owner === partyId)
  const first = received[0]
  if (exercises.length === 0 && first) {
    const sameInstrument = received.filter(
      (h) => h.instrumentId.admin === first.instrumentId.admin && h.instrumentId.id === first.instrumentId.id,
    )
    const total = sameInstrument.reduce((sum, h) => sum + parseDecimal(h.amount), 0n)
    return {
      kind: 'mint',
      counterparty: first.instrumentId.admin,
      amount: formatDecimal(total),
      instrumentId: { admin: first.instrumentId.admin, id: first.instrumentId.id },
      status: 'completed',
    }
  }
  return other(events)
}

/** `other`, naming the first choice exercised (or template created) so the user can look it up. */
function other(events: LedgerEvent[]): Interpreted {
  for (const event of events) {
    if ('ExercisedEvent' in event)
      return {
        kind: 'other',
        template: qualifiedName(event.ExercisedEvent.templateId),
        choice: event.ExercisedEvent.choice,
      }
  }
  const first = events[0]
  const templateId =
    first && 'CreatedEvent' in first
      ? first.CreatedEvent.templateId
      : first && 'ArchivedEvent' in first
        ? first.ArchivedEvent.templateId
        : undefined
  return { kind: 'other', ...defined({ template: templateId && qualifiedName(templateId) }) }
}

function amountOf(transfer: TransferView) {
  return {
    amount: formatDecimal(parseDecimal(transfer.amount)),
    instrumentId: { admin: transfer.instrumentId.admin, id: transfer.instrumentId.id },
  }
}

function statusOf(result: unknown): CantonHistoryItem['status'] {
  const tag = (result as { output?: { tag?: unknown } } | null | undefined)?.output?.tag
  return typeof tag === 'string' ? STATUS_OF_OUTPUT[tag] : undefined
}

/** Drops undefined fields (the contract has optional fields, not undefined values). */
function defined<T extends Record<string, unknown>>(value: T) {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>
  }
}
