import {
  CantonError,
  type CreatedEvent,
  createLedgerApiTokens,
  createLedgerClient,
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  type LedgerApiCredentials,
  type LedgerClient,
} from '@stratos/canton'
import { type Hex, keccak256, toHex } from 'viem'
import type { CantonIntent } from '../types.js'
import { parseCantonIntent } from './parseCantonIntent.js'

export interface CreateCantonGatewayParameters {
  /** JSON Ledger API base URL. */
  url: string
  /** The operator's bearer token (or a function that returns a fresh one). */
  token?: string
  getToken?: () => string | undefined | Promise<string | undefined>
  /**
   * Where the operator user's tokens come from (`createLedgerApiTokens` of `@stratos/canton`:
   * OAuth2 client credentials renewed before they expire, a 401 retried once with a fresh token).
   * Takes the place of `token` and `getToken`.
   */
  credentials?: LedgerApiCredentials
  /** The Ledger API user the tokens name; commands carry it as `userId` (the participant checks it). */
  userId?: string
  /** The relayer operator's party (hosted on the participant). */
  operatorParty: string
  /**
   * The regulator every intent must name (the instance's DEFI_REGULATOR_PARTY); an intent naming
   * another or none is invalid (marked failed, never executed). Null or absent: not checked.
   */
  regulatorParty?: string | null
  /** Injected fetch (tests). */
  fetch?: typeof fetch
}

/** An active `DeFiIntent` whose argument did not validate. */
export interface InvalidCantonIntent {
  contractId: string
  /** The intent id when it was well-formed. */
  intentId: Hex | undefined
  reason: string
  /** The argument as read (for the journal's record). */
  args: unknown
}

export interface ReadIntentsReturnType {
  /** Ledger offset the snapshot is at. */
  offset: number
  intents: CantonIntent[]
  invalid: InvalidCantonIntent[]
}

export type ReportResult =
  /** The choice was exercised now. */
  | 'reported'
  /** An earlier attempt had already written the outcome (deduplicated command, or the outcome exists). */
  | 'already-reported'
  /** The intent is gone without an outcome of ours (e.g. the institution cancelled it). */
  | 'gone'

export interface ReportParameters {
  contractId: string
  /** The intent's id; the command id is derived from it so a retry is deduplicated. */
  intentId: Hex
}

export interface CantonGateway {
  readonly operatorParty: string
  /** The regulator intents must name, or null when any (or none) will do. */
  readonly regulatorParty: string | null
  /** Active `DeFiIntent` contracts the operator sees, validated; malformed ones apart. */
  readIntents(): Promise<ReadIntentsReturnType>
  /** Exercises `DeFiIntent_MarkExecuted { txHash }` as the operator. */
  markExecuted(parameters: ReportParameters & { txHash: Hex }): Promise<ReportResult>
  /** Exercises `DeFiIntent_MarkFailed { reason, txHash }` as the operator. */
  markFailed(parameters: ReportParameters & { reason: string; txHash?: Hex | null }): Promise<ReportResult>
  /** The participant's ledger end (for `canton_ledger_height` and readiness). */
  ledgerEnd(): Promise<number>
}

/**
 * The relayer's view of Canton through the JSON Ledger API v2 (`@stratos/canton`'s typed
 * client): reads intents as the operator and writes their outcome with submit-and-wait. The
 * outcome's regulator is the intent's (the choice hands it on), so the regulator that saw an
 * intent sees how it ended.
 */
export function createCantonGateway(parameters: CreateCantonGatewayParameters): CantonGateway {
  const { operatorParty } = parameters
  const regulatorParty = parameters.regulatorParty ?? null
  const { credentials, userId } = parameters
  const fetchFn =
    parameters.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init))
  const tokens = credentials && createLedgerApiTokens(credentials, { fetch: fetchFn })
  const client: LedgerClient = createLedgerClient({
    url: parameters.url,
    ...(tokens
      ? { getToken: tokens.token, fetch: tokens.retrying(fetchFn) }
      : {
          ...(parameters.token === undefined ? {} : { token: parameters.token }),
          ...(parameters.getToken === undefined ? {} : { getToken: parameters.getToken }),
          fetch: fetchFn,
        }),
  })

  async function outcomeFor(intentId: Hex): Promise<CreatedEvent | undefined> {
    const { contracts } = await client.activeContracts({
      parties: [operatorParty],
      templateIds: [DEFI_INTENT_OUTCOME_TEMPLATE_ID],
    })
    return contracts
      .map((c) => c.createdEvent)
      .find(
        (e) => (e.createArgument as { intentId?: string } | undefined)?.intentId?.toLowerCase() === intentId,
      )
  }

  async function exercise(
    { contractId, intentId }: ReportParameters,
    choice: string,
    choiceArgument: Record<string, unknown>,
  ): Promise<ReportResult> {
    try {
      await client.submitAndWait({
        // One command id per intent outcome: a retry (or a second leader) is deduplicated.
        commandId: outcomeCommandId(intentId),
        ...(userId === undefined ? {} : { userId }),
        actAs: [operatorParty],
        commands: [
          {
            ExerciseCommand: {
              templateId: DEFI_INTENT_TEMPLATE_ID,
              contractId,
              choice,
              choiceArgument,
            },
          },
        ],
      })
      return 'reported'
    } catch (error) {
      if (!isAlreadyHandled(error)) throw error
      // The contract is consumed or the command was already accepted: ours only if our outcome exists.
      return (await outcomeFor(intentId)) ? 'already-reported' : 'gone'
    }
  }

  return {
    operatorParty,
    regulatorParty,
    async readIntents() {
      const { activeAtOffset, contracts } = await client.activeContracts({
        parties: [operatorParty],
        templateIds: [DEFI_INTENT_TEMPLATE_ID],
      })
      const intents: CantonIntent[] = []
      const invalid: InvalidCantonIntent[] = []
      for (const { createdEvent } of contracts) {
        const args = createdEvent.createArgument
        const parsed = parseCantonIntent(createdEvent.contractId, args)
        if (parsed.ok && parsed.intent.operator !== operatorParty) {
          // Visible to us as an observer of someone else's operator: not ours to act on.
          continue
        }
        if (parsed.ok && regulatorParty !== null && parsed.intent.regulator !== regulatorParty) {
          // Executing it would act on an intent the regulator never saw.
          invalid.push({
            contractId: createdEvent.contractId,
            intentId: parsed.intent.intentId,
            reason: `WrongRegulator: the intent names ${parsed.intent.regulator ?? 'no regulator'}, not ${regulatorParty}`,
            args,
          })
          continue
        }
        if (parsed.ok) intents.push(parsed.intent)
        else
          invalid.push({
            contractId: createdEvent.contractId,
            intentId: parsed.intentId,
            reason: parsed.reason,
            args,
          })
      }
      return { offset: activeAtOffset, intents, invalid }
    },
    markExecuted: ({ txHash, ...target }) => exercise(target, DEFI_INTENT_CHOICES.markExecuted, { txHash }),
    markFailed: ({ reason, txHash, ...target }) =>
      exercise(target, DEFI_INTENT_CHOICES.markFailed, {
        reason: reason.slice(0, 1000),
        txHash: txHash ?? null,
      }),
    ledgerEnd: () => client.ledgerEnd(),
  }
}

/** The command id of an intent's outcome: stable across retries and leaders. */
export function outcomeCommandId(intentId: Hex): string {
  return `stratos-relayer-outcome-${intentId}`
}

/**
 * A journal key for an intent whose own id is malformed: derived from its contract id, so the
 * same contract always maps to the same entry.
 */
export function fallbackIntentId(contractId: string): Hex {
  return keccak256(toHex(`stratos-relayer:invalid-intent:${contractId}`))
}

function isAlreadyHandled(error: unknown): boolean {
  if (!(error instanceof CantonError)) return false
  const code = error.cantonCode ?? ''
  return (
    code === 'CONTRACT_NOT_FOUND' ||
    code === 'DUPLICATE_COMMAND' ||
    code === 'LOCAL_VERDICT_INACTIVE_CONTRACTS' ||
    /INACTIVE|CONSUMED/.test(code)
  )
}
