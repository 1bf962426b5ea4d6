import { Hono } from 'hono'
import { CantonError } from '../CantonError.js'
import type { DevnetContext } from '../DevnetContext.js'
import type { LedgerCommand } from '../engine/Interpreter.js'
import { submittingUser } from './commandRoutes.js'
import { type DevnetEnv, readJson, requiredString, stringArray } from './http.js'
import { parseTransactionFormat, transactionJson } from './transactionFormat.js'

const V2 = 'HASHING_SCHEME_VERSION_V2'

/**
 * /v2/interactive-submission: prepare (needs read rights for the parties: the party's signature
 * is the authority), execute / executeAndWait / executeAndWaitForTransaction (need execute
 * rights and a valid signature of every acting party).
 */
export function interactiveRoutes(ctx: DevnetContext) {
  const app = new Hono<DevnetEnv>()

  app.post('/interactive-submission/prepare', async (c) => {
    const principal = c.get('principal')
    const body = await readJson(c)
    const actAs = stringArray(body.actAs, 'act_as', true)
    if (actAs.length === 0)
      throw new CantonError('MISSING_FIELD', 'The submitted command is missing a mandatory field: act_as')
    const readAs = stringArray(body.readAs, 'read_as')
    for (const p of [...actAs, ...readAs]) {
      if (!principal.canReadAs(p))
        throw new CantonError('PERMISSION_DENIED', `The user ${principal.userId} may not read as ${p}`)
    }
    if (
      body.hashingSchemeVersion !== undefined &&
      body.hashingSchemeVersion !== V2 &&
      body.hashingSchemeVersion !== 'HASHING_SCHEME_VERSION_UNSPECIFIED'
    ) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Unsupported hashing scheme ${body.hashingSchemeVersion}: the devnet supports ${V2}`,
      )
    }
    const result = await ctx.ledger.prepare({
      commands: body.commands as LedgerCommand[],
      actAs,
      readAs,
      userId: submittingUser(principal, body.userId),
      commandId: requiredString(body.commandId, 'command_id'),
      disclosedContracts: body.disclosedContracts,
      synchronizerId: body.synchronizerId,
      verboseHashing: body.verboseHashing === true,
      maxRecordTime: body.maxRecordTime,
    })
    return c.json({ ...result, hashingSchemeVersion: V2 })
  })

  const execute = async (c: import('hono').Context<DevnetEnv>) => {
    const principal = c.get('principal')
    const body = await readJson(c)
    if (body.hashingSchemeVersion !== V2) {
      throw new CantonError(
        'INVALID_ARGUMENT',
        `Unsupported hashing scheme ${String(body.hashingSchemeVersion)}: the devnet supports ${V2}`,
      )
    }
    submittingUser(principal, body.userId)
    const result = await ctx.ledger.execute({
      preparedTransaction: body.preparedTransaction,
      partySignatures: body.partySignatures,
      submissionId: body.submissionId,
      userId: principal.userId,
      canExecuteAs: (p) => principal.canExecuteAs(p),
    })
    return { body, result }
  }

  app.post('/interactive-submission/execute', async (c) => {
    await execute(c)
    return c.json({})
  })

  app.post('/interactive-submission/executeAndWait', async (c) => {
    const { result } = await execute(c)
    return c.json({ updateId: result.updateId, completionOffset: result.offset })
  })

  app.post('/interactive-submission/executeAndWaitForTransaction', async (c) => {
    const { body, result } = await execute(c)
    const format = parseTransactionFormat(ctx, c, body.transactionFormat, result.actAs)
    return c.json({ transaction: transactionJson(ctx, result.record, format, c.get('principal').userId) })
  })

  return app
}
