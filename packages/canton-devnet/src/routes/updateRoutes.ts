import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { DamlJson } from '../daml/DamlJson.js'
import { renderTransaction } from '../engine/renderEvents.js'
import { type DevnetEnv, listLimit, optionalInteger, readJson, requiredString, stringArray } from './http.js'
import { readableFilter } from './stateRoutes.js'
import { type ParsedTransactionFormat, parseTransactionFormat } from './transactionFormat.js'

/** Reads an UpdateFormat (or the legacy filter + ACS delta); undefined when it selects no transactions. */
function updateFormatOf(
  ctx: DevnetContext,
  c: Parameters<typeof readableFilter>[1],
  body: Record<string, DamlJson>,
): ParsedTransactionFormat | undefined {
  if (body.updateFormat !== undefined) {
    const tx = body.updateFormat?.includeTransactions
    return tx ? parseTransactionFormat(ctx, c, tx, [], 'updateFormat.includeTransactions') : undefined
  }
  if (body.filter !== undefined)
    return { filter: readableFilter(ctx, c, body.filter, 'filter'), shape: 'TRANSACTION_SHAPE_ACS_DELTA' }
  throw new CantonError('MISSING_FIELD', 'The submitted request is missing a mandatory field: update_format')
}

/** /v2/updates: the transaction stream over an offset range, and lookups by update id. */
export function updateRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  /** The update `updateId` rendered for the caller under `format`; undefined if absent or invisible. */
  const visibleTransaction = (
    c: import('hono').Context<DevnetEnv>,
    updateId: string,
    format: ParsedTransactionFormat,
  ) => {
    const update = ctx.store.getUpdateById(updateId)
    return update
      ? renderTransaction(
          ctx.registry,
          update,
          format.filter,
          format.shape,
          ctx.synchronizerId,
          c.get('principal').userId,
        )
      : undefined
  }

  const list = async (c: import('hono').Context<DevnetEnv>) => {
    const body = await readJson(c)
    const begin = optionalInteger(body.beginExclusive, 'body.beginExclusive') ?? 0
    const ledgerEnd = ctx.store.ledgerEnd()
    const end = optionalInteger(body.endInclusive, 'body.endInclusive') ?? ledgerEnd
    if (begin > ledgerEnd)
      throw new CantonError(
        'OFFSET_AFTER_LEDGER_END',
        `Begin offset ${begin} is after ledger end ${ledgerEnd}`,
      )
    if (end > ledgerEnd)
      throw new CantonError('OFFSET_AFTER_LEDGER_END', `End offset ${end} is after ledger end ${ledgerEnd}`)
    const { take, check } = listLimit(c, ctx.listMaxElements)
    const format = updateFormatOf(ctx, c, body)
    if (!format) return c.json([])
    const userId = c.get('principal').userId
    const descending = body.descendingOrder === true
    const out: unknown[] = []
    let low = begin
    let high = end
    // Read in slices: parties may witness nodes the filter drops, so a slice can yield fewer items.
    while (out.length < take && low < high) {
      const slice = ctx.store.listUpdates(low, high, format.filter.parties, 200, descending)
      if (slice.length === 0) break
      for (const u of slice) {
        const tx = renderTransaction(ctx.registry, u, format.filter, format.shape, ctx.synchronizerId, userId)
        if (tx) out.push({ update: { Transaction: { value: tx } } })
        if (out.length >= take) break
      }
      if (descending) high = slice.at(-1)!.offset - 1
      else low = slice.at(-1)!.offset
    }
    return c.json(check(out))
  }
  app.post('/updates', list)
  app.post('/updates/flats', list)

  app.post('/updates/update-by-id', async (c) => {
    const body = await readJson(c)
    const updateId = requiredString(body.updateId, 'update_id')
    const format = body.updateFormat ? updateFormatOf(ctx, c, body) : undefined
    const tx = format && visibleTransaction(c, updateId, format)
    if (!tx)
      throw new CantonError('UPDATE_NOT_FOUND', 'Update not found, or not visible.', {
        resources: [['UPDATE_ID', updateId]],
      })
    return c.json({ update: { Transaction: { value: tx } } })
  })

  app.post('/updates/transaction-by-id', async (c) => {
    const body = await readJson(c)
    const updateId = requiredString(body.updateId, 'update_id')
    const parties = stringArray(body.requestingParties, 'requesting_parties')
    const format = body.transactionFormat
      ? parseTransactionFormat(ctx, c, body.transactionFormat, [])
      : parties.length > 0
        ? {
            filter: readableFilter(
              ctx,
              c,
              { filtersByParty: Object.fromEntries(parties.map((p) => [p, {}])) },
              'requestingParties',
            ),
            shape: 'TRANSACTION_SHAPE_ACS_DELTA' as const,
          }
        : undefined
    if (!format)
      throw new CantonError(
        'MISSING_FIELD',
        'The submitted request is missing a mandatory field: transaction_format',
      )
    const tx = visibleTransaction(c, updateId, format)
    if (!tx)
      throw new CantonError('UPDATE_NOT_FOUND', 'Transaction not found, or not visible.', {
        resources: [['UPDATE_ID', updateId]],
      })
    return c.json({ transaction: tx })
  })

  return app
}
