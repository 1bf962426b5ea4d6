import type { Principal } from '../auth/Principal.js'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import { EventFilter } from '../engine/EventFilter.js'
import { renderTransaction, type TransactionShape } from '../engine/renderEvents.js'
import type { UpdateRecord } from '../store/LedgerStore.js'
import { readableFilter } from './stateRoutes.js'

export interface ParsedTransactionFormat {
  filter: EventFilter
  shape: TransactionShape
}

/** Parses a `TransactionFormat`; defaults to a wildcard ACS delta for `defaultParties`. */
export function parseTransactionFormat(
  ctx: DevnetContext,
  c: { get(k: 'principal'): Principal },
  format: unknown,
  defaultParties: string[],
  what = 'transactionFormat',
): ParsedTransactionFormat {
  if (format === undefined || format === null) {
    return {
      filter: EventFilter.wildcard(ctx.registry, defaultParties),
      shape: 'TRANSACTION_SHAPE_ACS_DELTA',
    }
  }
  const f = format as { eventFormat?: unknown; transactionShape?: unknown }
  const shape = f.transactionShape ?? 'TRANSACTION_SHAPE_ACS_DELTA'
  if (shape !== 'TRANSACTION_SHAPE_ACS_DELTA' && shape !== 'TRANSACTION_SHAPE_LEDGER_EFFECTS') {
    throw new CantonError('INVALID_FIELD', `Invalid field ${what}.transactionShape: ${String(shape)}`)
  }
  return { filter: readableFilter(ctx, c, f.eventFormat, `${what}.eventFormat`), shape }
}

/** Renders a transaction for a format; an empty event list still yields the transaction. */
export function transactionJson(
  ctx: DevnetContext,
  update: UpdateRecord,
  format: ParsedTransactionFormat,
  userId: string,
) {
  return (
    renderTransaction(ctx.registry, update, format.filter, format.shape, ctx.synchronizerId, userId) ?? {
      updateId: update.updateId,
      commandId: update.userId === userId ? update.commandId : '',
      workflowId: update.workflowId,
      effectiveAt: update.effectiveAt,
      events: [],
      offset: update.offset,
      synchronizerId: ctx.synchronizerId,
      recordTime: update.recordTime,
      ...(update.externalTransactionHash ? { externalTransactionHash: update.externalTransactionHash } : {}),
    }
  )
}
