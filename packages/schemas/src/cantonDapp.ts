import { z } from 'zod'
import { CantonPreparedResponse } from './canton.js'

/**
 * The Canton dApp slice of the API contract: what a dock app's CIP-0103 requests become once the
 * wallet page has checked them. `POST /api/canton/dapp/prepare` takes CIP-0103's
 * `JsPrepareSubmissionRequest`, `POST /api/canton/dapp/ledger` its `LedgerApiRequest`; execution goes
 * through `POST /api/canton/execute` like every other command of the user's party.
 */

/** The four kinds of a JSON Ledger API `Command` and the fields each requires. */
const COMMAND_FIELDS = {
  CreateCommand: ['templateId', 'createArguments'],
  ExerciseCommand: ['templateId', 'contractId', 'choice', 'choiceArgument'],
  CreateAndExerciseCommand: ['templateId', 'createArguments', 'choice', 'choiceArgument'],
  ExerciseByKeyCommand: ['templateId', 'contractKey', 'choice', 'choiceArgument'],
} as const
const COMMAND_KINDS = Object.keys(COMMAND_FIELDS) as (keyof typeof COMMAND_FIELDS)[]
/** Fields of a command that are strings (ids and names); the others are Daml values. */
const STRING_FIELDS = new Set(['templateId', 'contractId', 'choice'])

/** The most commands one dApp request may carry (a participant prepares them as one transaction). */
export const MAX_DAPP_COMMANDS = 20

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** One JSON Ledger API `Command`: an object with exactly one of the four kinds, its required fields present. */
const LedgerCommand = z.record(z.string(), z.unknown()).superRefine((command, ctx) => {
  const keys = Object.keys(command)
  const kind = keys[0] as keyof typeof COMMAND_FIELDS
  if (keys.length !== 1 || !COMMAND_KINDS.includes(kind)) {
    ctx.addIssue({
      code: 'custom',
      message: `expected an object with exactly one of ${COMMAND_KINDS.join(', ')}`,
    })
    return
  }
  const body = command[kind]
  if (!isRecord(body)) {
    ctx.addIssue({ code: 'custom', path: [kind], message: 'expected an object' })
    return
  }
  for (const field of COMMAND_FIELDS[kind]) {
    const value = body[field]
    if (value === undefined) ctx.addIssue({ code: 'custom', path: [kind, field], message: 'Required' })
    else if (
      STRING_FIELDS.has(field) &&
      (typeof value !== 'string' || value.length === 0 || value.length > 1000)
    )
      ctx.addIssue({ code: 'custom', path: [kind, field], message: 'expected a non-empty string' })
  }
})

/**
 * CIP-0103 `commands`. The dApp SDK sends the JSON Ledger API's `commands` array
 * (`[{ CreateCommand: … }, { ExerciseCommand: … }]`, as its README and the Splice wallet gateway
 * pass it to `prepare` unchanged); the OpenRPC document types it as an object (`JsCommands`), so an
 * object with only that array (`{ commands: [...] }`) is taken as well. Either way: the array.
 */
export const CantonDappCommands = z.preprocess(
  (value) =>
    isRecord(value) && Object.keys(value).length === 1 && Array.isArray(value.commands)
      ? value.commands
      : value,
  z
    .array(LedgerCommand, {
      message: 'commands: expected an array of Ledger API commands ([{ CreateCommand: … }, …])',
    })
    .min(1, 'commands: expected at least one command')
    .max(MAX_DAPP_COMMANDS, `commands: at most ${MAX_DAPP_COMMANDS} in one request`),
)

const PartyList = z.array(z.string().min(1).max(255)).max(10)

/** A contract the dApp discloses to the participant (e.g. a registry's factory), as the Ledger API takes it. */
export const CantonDappDisclosedContract = z.strictObject({
  templateId: z.string().max(1000).optional(),
  contractId: z.string().max(1000).optional(),
  createdEventBlob: z.string().min(1, 'createdEventBlob: Required').max(200_000),
  synchronizerId: z.string().max(1000).optional(),
})

/** POST /api/canton/dapp/prepare: CIP-0103 `JsPrepareSubmissionRequest`. */
export const CantonDappPrepareRequest = z.strictObject({
  /** The dApp's command id (a Ledger API LedgerString); a random UUID when absent. */
  commandId: z
    .string()
    .regex(/^[A-Za-z0-9#:\-_/ ]{1,255}$/, 'commandId: expected 1 to 255 letters, digits or # : - _ / space')
    .optional(),
  commands: CantonDappCommands,
  /** Absent, empty, or exactly the user's party: the wallet signs for no one else. */
  actAs: PartyList.optional(),
  /** Absent or only the user's party. */
  readAs: PartyList.optional(),
  disclosedContracts: z.array(CantonDappDisclosedContract).max(100).optional(),
  synchronizerId: z.string().min(1).max(1000).optional(),
  packageIdSelectionPreference: z.array(z.string().min(1).max(255)).max(100).optional(),
})
export type CantonDappPrepareRequest = z.output<typeof CantonDappPrepareRequest>

/** The prepared transaction (to verify, show and sign in the browser) and its command id. */
export const CantonDappPreparedResponse = CantonPreparedResponse.extend({ commandId: z.string() })
export type CantonDappPreparedResponse = z.infer<typeof CantonDappPreparedResponse>

/** POST /api/canton/dapp/ledger: CIP-0103 `LedgerApiRequest`. */
export const CantonDappLedgerRequest = z.strictObject({
  /** CIP-0103 writes it lowercase; the case is not significant. */
  requestMethod: z
    .string()
    .transform((m) => m.toLowerCase())
    .pipe(
      z.enum(['get', 'post', 'patch', 'put', 'delete'], { message: 'requestMethod: expected get or post' }),
    ),
  /** The Ledger API path, e.g. `/v2/state/ledger-end`. */
  resource: z.string().min(1).max(300),
  body: z.record(z.string(), z.unknown()).optional(),
  query: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  path: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
})
export type CantonDappLedgerRequest = z.output<typeof CantonDappLedgerRequest>

/** The participant's JSON answer, as it gave it (an object, or an array for list endpoints). */
export const CantonDappLedgerResponse = z.unknown()
