import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import { EventFilter } from '../engine/EventFilter.js'
import { createdEventJson } from '../engine/renderEvents.js'
import { type DevnetEnv, optionalInteger, readJson } from './http.js'
import { invalidField, isPartyString } from './identifiers.js'

/** The Ledger API version the devnet reports (clients pick their codegen by its prefix). */
export const LEDGER_API_VERSION = '3.5.1'

/** Parses an event format (or the legacy filter) and checks the caller may read as its parties. */
export function readableFilter(
  ctx: DevnetContext,
  c: { get(k: 'principal'): import('../auth/Principal.js').Principal },
  format: unknown,
  what: string,
) {
  const filter = EventFilter.parse(ctx.registry, format, what)
  const principal = c.get('principal')
  if (filter.parties === undefined) {
    if (!principal.readsAnyParty) {
      throw new CantonError(
        'PERMISSION_DENIED',
        `The user ${principal.userId} may not read as any party (filtersForAnyParty)`,
      )
    }
  } else {
    for (const p of filter.parties) {
      if (!principal.canReadAs(p))
        throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read as ${p}`)
    }
  }
  return filter
}

/** /v2/version, /v2/state/*: version, ledger end, synchronizers and the active contract set. */
export function stateRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  app.get('/version', (c) =>
    c.json({
      version: LEDGER_API_VERSION,
      features: {
        experimental: { staticTime: { supported: false }, commandInspectionService: { supported: false } },
        userManagement: { supported: true, maxRightsPerUser: 1000, maxUsersPageSize: 1000 },
        partyManagement: { maxPartiesPageSize: 10000 },
        offsetCheckpoint: { maxOffsetCheckpointEmissionDelay: { seconds: 75, nanos: 0 } },
        packageFeature: { maxVettedPackagesPageSize: 100 },
      },
    }),
  )

  app.get('/state/ledger-end', (c) => c.json({ offset: ctx.store.ledgerEnd() }))

  // As CantonSyncService.getConnectedSynchronizers: without a party, every synchronizer with an
  // unspecified permission; with one, only those where the participant hosts it, with its permission.
  app.get('/state/connected-synchronizers', (c) => {
    const synchronizer = { synchronizerAlias: 'global', synchronizerId: ctx.synchronizerId }
    const party = c.req.query('party') ?? ''
    if (party === '')
      return c.json({
        connectedSynchronizers: [{ ...synchronizer, permission: 'PARTICIPANT_PERMISSION_UNSPECIFIED' }],
      })
    if (!isPartyString(party)) throw invalidField('party', `${JSON.stringify(party)} is not a party id`)
    const principal = c.get('principal')
    if (!principal.canReadAs(party))
      throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read as ${party}`)
    const participantId = c.req.query('participantId') ?? ''
    const hosted = ctx.store.getParty(party)
    if (!hosted || (participantId !== '' && participantId !== ctx.participantId))
      return c.json({ connectedSynchronizers: [] })
    // External parties are hosted with confirmation rights: their own key submits.
    const permission = hosted.publicKey
      ? 'PARTICIPANT_PERMISSION_CONFIRMATION'
      : 'PARTICIPANT_PERMISSION_SUBMISSION'
    return c.json({ connectedSynchronizers: [{ ...synchronizer, permission }] })
  })

  app.post('/state/active-contracts', async (c) => {
    const body = await readJson(c)
    const limit = optionalInteger(c.req.query('limit'), 'query parameter limit')
    const ledgerEnd = ctx.store.ledgerEnd()
    const atOffset = optionalInteger(body.activeAtOffset, 'body.activeAtOffset') ?? ledgerEnd
    if (atOffset > ledgerEnd) {
      throw new CantonError('OFFSET_AFTER_LEDGER_END', `Offset ${atOffset} is after ledger end ${ledgerEnd}`)
    }
    const filter = readableFilter(
      ctx,
      c,
      body.eventFormat ?? body.filter,
      body.eventFormat ? 'eventFormat' : 'filter',
    )
    const contracts = ctx.store.queryActive(filter.parties, filter.indexKeys(), atOffset)
    const out: unknown[] = []
    for (const contract of contracts) {
      const template = ctx.registry.templateOf(contract.templateId)
      const witnesses = filter.readersAmong([...contract.signatories, ...contract.observers])
      const match = filter.match(template, witnesses)
      if (!match || witnesses.length === 0) continue
      out.push({
        workflowId: '',
        contractEntry: {
          JsActiveContract: {
            createdEvent: createdEventJson(ctx.registry, contract, {
              offset: contract.createdOffset,
              nodeId: contract.nodeId,
              witnesses,
              match,
              acsDelta: true,
            }),
            synchronizerId: ctx.synchronizerId,
            reassignmentCounter: 0,
          },
        },
      })
      if (limit !== undefined && out.length >= limit) break
    }
    return c.json(out)
  })

  return app
}
