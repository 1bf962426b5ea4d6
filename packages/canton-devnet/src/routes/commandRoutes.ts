import { Hono } from 'hono'
import type { Principal } from '../auth/Principal.js'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { DamlJson } from '../daml/DamlJson.js'
import type { LedgerCommand } from '../engine/Interpreter.js'
import type { UpdateRecord } from '../store/LedgerStore.js'
import { type DevnetEnv, listLimit, optionalInteger, readJson, requiredString, stringArray } from './http.js'
import { parseTransactionFormat, transactionJson } from './transactionFormat.js'

/** The submitting user: the token's user; a different `userId` in the body is refused. */
export function submittingUser(principal: Principal, userId: unknown): string {
  if (userId !== undefined && userId !== '' && userId !== principal.userId) {
    throw new CantonError(
      'PERMISSION_DENIED',
      `The userId ${String(userId)} does not match the token's user ${principal.userId}`,
    )
  }
  return principal.userId
}

/** Reads JsCommands and checks act-as / read-as rights (CanActAs for act-as, read rights for read-as). */
function readCommands(principal: Principal, body: Record<string, DamlJson>) {
  const actAs = stringArray(body.actAs, 'act_as', true)
  if (actAs.length === 0)
    throw new CantonError('MISSING_FIELD', 'The submitted command is missing a mandatory field: act_as')
  const readAs = stringArray(body.readAs, 'read_as')
  for (const p of actAs) {
    if (!principal.canActAs(p))
      throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not act as ${p}`)
  }
  for (const p of readAs) {
    if (!principal.canReadAs(p))
      throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read as ${p}`)
  }
  return {
    commands: body.commands as LedgerCommand[],
    actAs,
    readAs,
    userId: submittingUser(principal, body.userId),
    commandId: requiredString(body.commandId, 'command_id'),
    ...(typeof body.workflowId === 'string' ? { workflowId: body.workflowId } : {}),
    ...(typeof body.submissionId === 'string' && body.submissionId
      ? { submissionId: body.submissionId }
      : {}),
    disclosedContracts: body.disclosedContracts,
  }
}

/** /v2/commands: synchronous submission for parties hosted on the participant. */
export function commandRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  app.post('/commands/submit-and-wait', async (c) => {
    const input = readCommands(c.get('principal'), await readJson(c))
    const { offset, updateId } = ctx.ledger.submit(input)
    return c.json({ updateId, completionOffset: offset })
  })

  app.post('/commands/submit-and-wait-for-transaction', async (c) => {
    const body = await readJson(c)
    if (typeof body.commands !== 'object' || body.commands === null) {
      throw new CantonError('MISSING_FIELD', 'The submitted request is missing a mandatory field: commands')
    }
    const input = readCommands(c.get('principal'), body.commands)
    const format = parseTransactionFormat(ctx, c, body.transactionFormat, input.actAs)
    const { record } = ctx.ledger.submit(input)
    return c.json({ transaction: transactionJson(ctx, record, format, input.userId) })
  })

  app.post('/commands/completions', async (c) => {
    const principal = c.get('principal')
    const body = await readJson(c)
    const parties = stringArray(body.parties, 'parties', true)
    for (const p of parties) {
      if (!principal.canReadAs(p))
        throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read as ${p}`)
    }
    const userId = submittingUser(principal, body.userId)
    const begin = optionalInteger(body.beginExclusive, 'body.beginExclusive') ?? 0
    const { take, check } = listLimit(c, ctx.listMaxElements)
    // Every devnet submission either fails synchronously or commits, so completions are the
    // successful commits of the user whose act-as parties intersect the requested ones.
    const completions: UpdateRecord[] = []
    let cursor = begin
    while (completions.length < take) {
      const slice = ctx.store.listSubmitted(userId, cursor, 200)
      if (slice.length === 0) break
      for (const u of slice) {
        if (u.actAs.some((p) => parties.includes(p))) completions.push(u)
        if (completions.length >= take) break
      }
      cursor = slice.at(-1)!.offset
    }
    const completionsJson = check(completions).map((u) => ({
      completionResponse: {
        Completion: {
          value: {
            commandId: u.commandId,
            status: { code: 0, message: '' },
            updateId: u.updateId,
            userId: u.userId,
            actAs: u.actAs,
            submissionId: u.submissionId,
            offset: u.offset,
            synchronizerTime: { synchronizerId: ctx.synchronizerId, recordTime: u.recordTime },
          },
        },
      },
    }))
    return c.json(completionsJson)
  })

  return app
}
