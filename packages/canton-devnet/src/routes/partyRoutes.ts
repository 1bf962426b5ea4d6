import { randomUUID } from 'node:crypto'
import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { PartyRecord } from '../store/LedgerStore.js'
import { generateExternalPartyTopology } from '../topology/generateExternalPartyTopology.js'
import { verifyExternalPartyOnboarding } from '../topology/verifyExternalPartyOnboarding.js'
import { type DevnetEnv, optionalInteger, readJson, requireAdmin } from './http.js'

const partyJson = (p: PartyRecord) => ({
  party: p.party,
  isLocal: true,
  localMetadata: { resourceVersion: '0', annotations: p.annotations },
  identityProviderId: p.identityProviderId,
})

function annotationsOf(body: Record<string, DamlJson>): Record<string, string> {
  const a = body.localMetadata?.annotations
  if (a === undefined) return {}
  if (typeof a !== 'object' || a === null || !Object.values(a).every((v) => typeof v === 'string')) {
    throw new CantonError('INVALID_FIELD', 'localMetadata.annotations must map strings to strings')
  }
  return a
}

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
    const pageSize = Math.min(
      optionalInteger(c.req.query('pageSize'), 'query parameter pageSize') || 10000,
      10000,
    )
    const token = c.req.query('pageToken') ?? ''
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : ''
    const parties = ctx.store.listParties(after, pageSize + 1, c.req.query('filter-party') ?? '')
    const page = parties.slice(0, pageSize)
    return c.json({
      partyDetails: page.map(partyJson),
      nextPageToken: parties.length > pageSize ? Buffer.from(page.at(-1)!.party).toString('base64url') : '',
    })
  })

  app.post('/parties', async (c) => {
    requireAdmin(c.get('principal'))
    const body = await readJson(c)
    const hint =
      body.partyIdHint === undefined || body.partyIdHint === '' ? `party-${randomUUID()}` : body.partyIdHint
    if (typeof hint !== 'string' || !/^[a-zA-Z0-9_-]{1,185}$/.test(hint)) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Invalid party id hint ${JSON.stringify(body.partyIdHint)}: use [a-zA-Z0-9_-]`,
      )
    }
    if (body.synchronizerId && body.synchronizerId !== ctx.synchronizerId) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Unknown or not connected synchronizer ${body.synchronizerId}`,
      )
    }
    const party: PartyRecord = {
      party: `${hint}::${namespace}`,
      isLocal: true,
      annotations: annotationsOf(body),
      identityProviderId: '',
    }
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
