import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import { createdEventJson } from '../engine/renderEvents.js'
import { type DevnetEnv, readJson, requiredString } from './http.js'
import { readableFilter } from './stateRoutes.js'

/**
 * `/v2/events/events-by-contract-id`: a contract's create and consuming exercise, in ACS-delta
 * presentation, for readers who are its stakeholders (the devnet never prunes).
 */
export function eventRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  app.post('/events/events-by-contract-id', async (c) => {
    const body = await readJson(c)
    const contractId = requiredString(body.contractId, 'contract_id')
    if (body.eventFormat === undefined)
      throw new CantonError(
        'MISSING_FIELD',
        'The submitted request is missing a mandatory field: event_format',
      )
    const filter = readableFilter(ctx, c, body.eventFormat, 'eventFormat')
    const contract = ctx.store.lookupAny(contractId)
    const template = contract ? ctx.registry.templateOf(contract.templateId) : undefined
    const witnesses = contract ? filter.readersAmong([...contract.signatories, ...contract.observers]) : []
    const match = template && witnesses.length > 0 ? filter.match(template, witnesses) : undefined
    if (!contract || !match)
      throw new CantonError('CONTRACT_EVENTS_NOT_FOUND', 'Contract events not found, or not visible.', {
        resources: [['CONTRACT_ID', contractId]],
      })
    const archive =
      contract.archivedOffset === null
        ? undefined
        : ctx.store
            .getUpdateByOffset(contract.archivedOffset)
            ?.nodes.find((n) => n.kind === 'exercise' && n.consuming && n.contractId === contractId)
    return c.json({
      created: {
        createdEvent: createdEventJson(ctx.registry, contract, {
          offset: contract.createdOffset,
          nodeId: contract.nodeId,
          witnesses,
          match,
          acsDelta: true,
        }),
        synchronizerId: ctx.synchronizerId,
      },
      ...(archive && contract.archivedOffset !== null
        ? {
            archived: {
              archivedEvent: {
                offset: contract.archivedOffset,
                nodeId: archive.nodeId,
                contractId,
                templateId: contract.templateId,
                witnessParties: witnesses,
                packageName: contract.packageName,
                implementedInterfaces: filter.implementedInterfaces(template!, witnesses),
              },
              synchronizerId: ctx.synchronizerId,
            },
          }
        : {}),
    })
  })

  return app
}
