import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { PartyRecord } from '../store/LedgerStore.js'
import { generateExternalPartyTopology } from '../topology/generateExternalPartyTopology.js'
import { verifyExternalPartyOnboarding } from '../topology/verifyExternalPartyOnboarding.js'
import { type DevnetEnv, readJson, requireAdmin } from './http.js'
import {
  checkAnnotations,
  invalidArgument,
  invalidField,
  isPartyString,
  isUserId,
  pageSizeOf,
} from './identifiers.js'
import { decodePageToken, encodePageToken } from './pageTokens.js'

/** `partyManagement.maxPartiesPageSize` the devnet reports in `/v2/version` (Canton's default). */
export const MAX_PARTIES_PAGE_SIZE = 10000

const partyJson = (p: PartyRecord) => ({
  party: p.party,
  isLocal: true,
  localMetadata: { resourceVersion: '0', annotations: p.annotations },
  identityProviderId: p.identityProviderId,
})

function grantActAs(ctx: DevnetContext, userId: unknown, party: string) {
  if (typeof userId !== 'string' || userId === '') return
  if (!ctx.store.getUser(userId))
    throw new CantonError('USER_NOT_FOUND', `User not found: ${userId}`, { resources: [['USER', userId]] })
  ctx.store.grantRights(userId, [{ kind: 'CanActAs', party }])
}

/** /v2/parties: hosted and external party allocation, listing and lookup. */
export function partyRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()
  const namespace = ctx.participantId.split('::')[1]!

  app.get('/parties', (c) => {
    requireAdmin(c.get('principal'))
    const after = decodePageToken(c.req.query('pageToken'), isPartyString)
    const pageSize = pageSizeOf(c.req.query('pageSize'), {
      max: MAX_PARTIES_PAGE_SIZE,
      aboveMax: 'refuse',
      negative: 'Page size must be non-negative',
    })
    const filter = c.req.query('filter-party') ?? ''
    if (filter !== '' && (!isPartyString(filter) || filter.length > 185))
      throw invalidField('filterString', `${JSON.stringify(filter)} is not a party id prefix`)
    const page = ctx.store.listParties(after, pageSize, filter)
    // As Canton: a full page carries a token, even when the next page turns out empty.
    return c.json({
      partyDetails: page.map(partyJson),
      nextPageToken: page.length < pageSize ? '' : encodePageToken(page.at(-1)!.party),
    })
  })

  app.post('/parties', async (c) => {
    requireAdmin(c.get('principal'))
    const body = await readJson(c)
    const hint =
      body.partyIdHint === undefined || body.partyIdHint === '' ? `party-${randomUUID()}` : body.partyIdHint
    // ApiPartyManagementService.allocateParty: a Party string, then a UniqueIdentifier identifier.
    if (typeof hint !== 'string' || !isPartyString(hint))
      throw invalidArgument(
        `Invalid party id hint ${JSON.stringify(body.partyIdHint)}: use letters, digits, space, colon, minus and underscore (at most 255)`,
      )
    if (hint.includes('::'))
      throw invalidArgument('Invalid party ID: String contains reserved delimiter `::`.')
    if (hint.length > 185)
      throw invalidArgument(`Invalid party ID: the identifier is too long (${hint.length} > 185)`)
    const metadata = body.localMetadata
    if (
      metadata !== undefined &&
      (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata))
    )
      throw invalidField('party_details.local_metadata', 'expected an object')
    if (metadata?.resourceVersion !== undefined && metadata.resourceVersion !== '')
      throw invalidField('party_details.local_metadata.resource_version', 'must be empty')
    const annotations = checkAnnotations(metadata?.annotations, 'party_details.local_metadata.annotations')
    if (body.synchronizerId && body.synchronizerId !== ctx.synchronizerId) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Unknown or not connected synchronizer ${body.synchronizerId}`,
      )
    }
    if (
      body.userId !== undefined &&
      body.userId !== '' &&
      (typeof body.userId !== 'string' || !isUserId(body.userId))
    )
      throw invalidField('user_id', `${JSON.stringify(body.userId)} is not a valid user id`)
    const party: PartyRecord = {
      party: `${hint}::${namespace}`,
      isLocal: true,
      annotations,
      identityProviderId: '',
    }
    if (ctx.store.getParty(party.party))
      throw invalidArgument(`Party already exists: party ${party.party} is already allocated on this node`)
    ctx.store.db.transaction(() => {
      ctx.store.addParty(party)
      grantActAs(ctx, body.userId, party.party)
    })()
    return c.json({ partyDetails: partyJson(party) })
  })

  app.get('/parties/participant-id', (c) => c.json({ participantId: ctx.participantId }))

  app.post('/parties/external/generate-topology', async (c) => {
    const body = await readJson(c)
    return c.json(
      generateExternalPartyTopology({
        participantUid: ctx.participantId,
        synchronizerId: ctx.synchronizerId,
        request: body,
      }),
    )
  })

  app.post('/parties/external/allocate', async (c) => {
    requireAdmin(c.get('principal'))
    const body = await readJson(c)
    const verified = verifyExternalPartyOnboarding({
      participantUid: ctx.participantId,
      synchronizerId: ctx.synchronizerId,
      request: body,
    })
    ctx.store.db.transaction(() => {
      ctx.store.addParty({
        party: verified.partyId,
        isLocal: true,
        publicKey: Buffer.from(verified.publicKey).toString('hex'),
        fingerprint: verified.fingerprint,
        annotations: {},
        identityProviderId: '',
      })
      grantActAs(ctx, body.userId, verified.partyId)
    })()
    return c.json({ partyId: verified.partyId })
  })

  app.get('/parties/:party', (c) => {
    const principal = c.get('principal')
    const requested = [c.req.param('party'), ...(c.req.queries('parties') ?? [])]
    if (!principal.isAdmin && !requested.every((p) => principal.canReadAs(p))) {
      throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read these parties`)
    }
    const found = requested.map((p) => ctx.store.getParty(p)).filter((p): p is PartyRecord => !!p)
    return c.json({ partyDetails: found.map(partyJson) })
  })

  return app
}
