import { TransferInstructionV1 } from '@canton-network/core-token-standard'
import { type Context, Hono } from 'hono'
import type { DevnetContext } from '../DevnetContext.js'
import { Numeric } from '../daml/Numeric.js'
import { createdEventBlob } from '../engine/createdEventBlob.js'
import type { StoredContract } from '../engine/TxTree.js'
import { TokenStandard } from '../templates/registerTokenStandard.js'
import type { DevnetEnv } from './http.js'

/** The token-standard APIs a devnet registry serves, with their minor versions (token-metadata-v1 `SupportedApis`). */
const SUPPORTED_APIS = { 'splice-api-token-metadata-v1': 1, 'splice-api-token-transfer-instruction-v1': 1 }

type Fail = (status: 400 | 401 | 404, error: string) => Response

/**
 * The token standard's registry APIs (token-standard-0.6.1 transfer-instruction-v1.yaml and
 * token-metadata-v1.yaml) for the devnet's test instruments. Mounted twice:
 * - `/registry/...`: one registry for every admin (the transfer-instruction API only);
 * - `/registries/{admin}/registry/...`: the registry of one admin, as a real registry is (a
 *   scan-proxy or a utility registry URL), with the metadata API (`info`, `instruments`) too.
 *
 * Every transfer-factory request is decoded with the official daml.js codec of
 * `TransferFactory_Transfer` (`@canton-network/core-token-standard`), as Splice's registry decodes
 * it strictly: a missing field is a 400 naming the decoder's complaint. The factory of an admin is
 * its `TestTransferFactory` (transferKind `offer`, or `self`) or its `TestDirectTransferFactory`
 * (transferKind `direct`: the choice context names the admin's `TestInstrumentRules`, disclosed
 * with the factory, and the choice refuses to run without it). Errors use the registry spec's
 * `{ error }` shape. Without `ctx.registryToken` the API is public; with it, every request must carry
 * `Authorization: Bearer <registryToken>` (as a validator's scan-proxy requires a token).
 */
export function registryRoutes(ctx: DevnetContext) {
  const { registryToken } = ctx
  const app = new Hono<DevnetEnv>()
  const fail: Fail = (status, error) =>
    new Response(JSON.stringify({ error }), { status, headers: { 'Content-Type': 'application/json' } })

  if (registryToken) {
    app.use('*', async (c, next) => {
      if (c.req.header('Authorization') !== `Bearer ${registryToken}`)
        return fail(401, 'This registry needs an Authorization: Bearer token')
      return next()
    })
  }

  const templateKey = (ref: string) => ctx.registry.resolveTemplate(ref)!.nameKey
  const activeOf = (admin: string, ref: string) =>
    ctx.store
      .queryActive([admin], [templateKey(ref)], ctx.store.ledgerEnd())
      .filter((contract) => (contract.arg as { admin: string }).admin === admin)
  const disclosed = (contract: StoredContract, excludeDebugFields: boolean) => ({
    templateId: contract.templateId,
    contractId: contract.contractId,
    createdEventBlob: createdEventBlob(contract),
    synchronizerId: ctx.synchronizerId,
    ...(excludeDebugFields
      ? {}
      : {
          debugPackageName: contract.packageName,
          debugPayload: contract.arg,
          debugCreatedAt: contract.createdAt,
        }),
  })
  /** The admin of a per-admin mount, or undefined on the shared `/registry`. */
  const mountedAdmin = (c: Context<DevnetEnv>) => c.req.param('admin') as string | undefined

  app.post('/transfer-instruction/v1/transfer-factory', async (c) => {
    const body = await readBody(c, fail)
    if (body instanceof Response) return body
    if (!isObject(body.choiceArguments)) return fail(400, 'choiceArguments: expected an object')
    if (body.excludeDebugFields !== undefined && typeof body.excludeDebugFields !== 'boolean')
      return fail(400, 'excludeDebugFields: expected a boolean')
    const decoded = TransferInstructionV1.TransferFactory_Transfer.decoder.run(body.choiceArguments)
    if (!decoded.ok) {
      const { at, message } = decoded.error
      return fail(400, `Invalid choiceArguments for TransferFactory_Transfer at ${at}: ${message}`)
    }
    const { expectedAdmin: admin, transfer } = decoded.result
    const mounted = mountedAdmin(c)
    if (mounted !== undefined && mounted !== admin)
      return fail(400, `expectedAdmin ${admin} is not the admin of this registry (${mounted})`)
    const excludeDebugFields = body.excludeDebugFields === true
    const self = transfer.sender === transfer.receiver

    const offer = activeOf(admin, TokenStandard.transferFactoryTemplateId)[0]
    if (offer)
      return c.json({
        factoryId: offer.contractId,
        transferKind: self ? 'self' : 'offer',
        choiceContext: {
          choiceContextData: { values: {} },
          disclosedContracts: [disclosed(offer, excludeDebugFields)],
        },
      })
    const direct = activeOf(admin, TokenStandard.directTransferFactoryTemplateId)[0]
    const rules = activeOf(admin, TokenStandard.instrumentRulesTemplateId)[0]
    if (direct && rules)
      return c.json({
        factoryId: direct.contractId,
        transferKind: self ? 'self' : 'direct',
        choiceContext: {
          choiceContextData: {
            values: { [TokenStandard.rulesContextKey]: { tag: 'AV_ContractId', value: rules.contractId } },
          },
          disclosedContracts: [disclosed(direct, excludeDebugFields), disclosed(rules, excludeDebugFields)],
        },
      })
    return fail(404, `No transfer factory for admin ${admin}`)
  })

  for (const action of ['accept', 'reject', 'withdraw']) {
    app.post(`/transfer-instruction/v1/:cid/choice-contexts/${action}`, async (c) => {
      const body = await readBody(c, fail)
      if (body instanceof Response) return body
      if (body.excludeDebugFields !== undefined && typeof body.excludeDebugFields !== 'boolean')
        return fail(400, 'excludeDebugFields: expected a boolean')
      if (
        body.meta !== undefined &&
        !(isObject(body.meta) && Object.values(body.meta).every((v) => typeof v === 'string'))
      )
        return fail(400, 'meta: expected an object of strings')
      const cid = c.req.param('cid')
      const instruction = ctx.store.lookupActive(cid)
      const mounted = mountedAdmin(c)
      if (
        !instruction ||
        templateKey(instruction.templateId) !== templateKey(TokenStandard.transferInstructionTemplateId) ||
        (mounted !== undefined && (instruction.arg as { admin: string }).admin !== mounted)
      )
        return fail(404, `Transfer instruction ${cid} not found`)
      return c.json({ choiceContextData: { values: {} }, disclosedContracts: [] })
    })
  }

  // Token metadata API: only a registry of one admin can say whose it is.
  app.get('/metadata/v1/info', (c) => {
    const admin = mountedAdmin(c)
    if (admin === undefined)
      return fail(404, 'The shared /registry serves every admin: ask /registries/{admin}/registry')
    return c.json({ adminId: admin, supportedApis: SUPPORTED_APIS })
  })
  const instruments = (admin: string) => {
    const supply = new Map<string, bigint>()
    for (const holding of activeOf(admin, TokenStandard.holdingTemplateId)) {
      const arg = holding.arg as { instrumentId: { id: string }; amount: string }
      supply.set(arg.instrumentId.id, (supply.get(arg.instrumentId.id) ?? 0n) + Numeric.parse(arg.amount))
    }
    return [...supply].map(([id, total]) => ({
      id,
      name: id,
      symbol: id,
      totalSupply: Numeric.format(total),
      totalSupplyAsOf: ctx.ledger.nowIso(),
      decimals: 10,
      supportedApis: SUPPORTED_APIS,
    }))
  }
  app.get('/metadata/v1/instruments', (c) => {
    const admin = mountedAdmin(c)
    if (admin === undefined)
      return fail(404, 'The shared /registry serves every admin: ask /registries/{admin}/registry')
    return c.json({ instruments: instruments(admin) })
  })
  app.get('/metadata/v1/instruments/:instrumentId', (c) => {
    const admin = mountedAdmin(c)
    const id = c.req.param('instrumentId')
    const found = admin === undefined ? undefined : instruments(admin).find((i) => i.id === id)
    if (!found) return fail(404, `Instrument ${id} not found`)
    return c.json(found)
  })
  return app
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** The JSON object body of a registry request, or the 400 that says why it is not one. */
async function readBody(c: Context, fail: Fail): Promise<Record<string, unknown> | Response> {
  let body: unknown
  try {
    body = JSON.parse(await c.req.text())
  } catch (cause) {
    return fail(400, `The request body is not JSON: ${(cause as Error).message}`)
  }
  return isObject(body) ? body : fail(400, 'The request body must be a JSON object')
}
