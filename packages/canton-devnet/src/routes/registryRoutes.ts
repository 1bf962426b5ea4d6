import { Hono } from 'hono'
import type { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { DamlJson } from '../daml/DamlJson.js'
import { createdEventBlob } from '../engine/createdEventBlob.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import type { DevnetEnv } from './http.js'
import { readJson } from './http.js'

/**
 * The token standard's transfer-instruction registry API (token-standard-0.6.1
 * transfer-instruction-v1.yaml) for the devnet's test instrument: the factory to use, with the
 * factory contract to disclose, and empty choice contexts for accept / reject / withdraw. Public
 * (no token), like a registry's off-ledger API. Errors use the registry spec's `{ error }` shape.
 */
export function registryRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()
  const fail = (status: 400 | 404, error: string) =>
    new Response(JSON.stringify({ error }), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })

  app.post('/transfer-instruction/v1/transfer-factory', async (c) => {
    let body: Record<string, DamlJson>
    try {
      body = await readJson(c)
    } catch (e) {
      return fail(400, (e as CantonError).message)
    }
    const args = body.choiceArguments
    const admin = args?.expectedAdmin
    if (typeof admin !== 'string') return fail(400, 'choiceArguments.expectedAdmin is required')
    const factories = ctx.store.queryActive(
      [admin],
      [ctx.registry.resolveTemplate(TokenStandard.transferFactoryTemplateId)!.nameKey],
      ctx.store.ledgerEnd(),
    )
    const factory = factories.find((f) => (f.arg as { admin: string }).admin === admin)
    if (!factory) return fail(404, `No transfer factory for admin ${admin}`)
    const transfer = args?.transfer
    const transferKind =
      transfer?.sender !== undefined && transfer.sender === transfer.receiver ? 'self' : 'offer'
    return c.json({
      factoryId: factory.contractId,
      transferKind,
      choiceContext: {
        choiceContextData: { values: {} },
        disclosedContracts: [
          {
            templateId: factory.templateId,
            contractId: factory.contractId,
            createdEventBlob: createdEventBlob(factory),
            synchronizerId: ctx.synchronizerId,
            ...(body.excludeDebugFields
              ? {}
              : {
                  debugPackageName: factory.packageName,
                  debugPayload: factory.arg,
                  debugCreatedAt: factory.createdAt,
                }),
          },
        ],
      },
    })
  })

  for (const action of ['accept', 'reject', 'withdraw']) {
    app.post(`/transfer-instruction/v1/:cid/choice-contexts/${action}`, (c) => {
      const cid = c.req.param('cid')
      if (!ctx.store.lookupActive(cid)) return fail(404, `Transfer instruction ${cid} not found`)
      return c.json({ choiceContextData: { values: {} }, disclosedContracts: [] })
    })
  }
  return app
}
