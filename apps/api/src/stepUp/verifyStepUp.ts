import type { Database } from '@stratos/db/portable'
import type { StepUpAction, StepUpProof } from '@stratos/schemas'
import type { Kysely, Transaction } from 'kysely'
import type { AppDeps } from '../context.js'
import { ApiError } from '../errors.js'
import {
  type AssertedCredential,
  commitAssertion,
  verifyPasskeyAssertion,
} from '../passkeys/authentication.js'
import { deleteChallenge, selectChallenge } from '../passkeys/queries.js'
import type { AuthSession } from '../sessions/sessions.js'

/** The change a step-up authorizes: an action, and what it acts on (null: the user themselves). */
export interface StepUpScope {
  action: StepUpAction
  target?: string | null
}

/** What a step-up challenge remembers (its JSON context). */
export interface StepUpContext {
  userId: string
  action: StepUpAction
  target: string | null
}

/**
 * The step-up of a request, or 403 STEP_UP_REQUIRED when it carries none. Check it before any
 * other work, so that a request with a session alone is refused at once.
 */
export function requireStepUp(stepUp: StepUpProof | undefined, scope: StepUpScope): StepUpProof {
  if (stepUp) return stepUp
  throw new ApiError(
    403,
    'STEP_UP_REQUIRED',
    `${describe(scope)} needs a step-up: confirm with one of your passkeys (POST /api/step-up/options with action "${scope.action}"${scope.target ? ` and this target` : ''}), then send its answer as stepUp`,
  )
}

/**
 * Verifies a step-up inside `trx`, the transaction of the change it authorizes, so the change
 * commits only with it and it authorizes no other. Checks, in order: the challenge exists (not
 * used), is a step-up issued to this session's user for exactly this action and target, has not
 * expired; the assertion is one of that user's own passkeys, signed over the challenge with user
 * verification. `claim`, called after the change (reads come before writes: a D1 transaction does
 * not see its own writes), consumes the challenge and moves the passkey's counter forward; the
 * change may have removed that passkey. Any failure is 403 STEP_UP_INVALID naming it; the
 * transaction then rolls back.
 */
async function verifyStepUp(
  deps: Pick<AppDeps, 'config' | 'clock'>,
  session: Pick<AuthSession, 'userId'>,
  scope: StepUpScope,
  stepUp: StepUpProof | undefined,
  trx: Transaction<Database>,
): Promise<{ credential: AssertedCredential; claim(): Promise<void> }> {
  const proof = requireStepUp(stepUp, scope)
  const challenge = await selectChallenge(trx, proof.challengeId, 'step-up')
  if (!challenge) throw stepUpInvalid('it is unknown or was already used')
  const context = JSON.parse(challenge.context ?? 'null') as StepUpContext | null
  if (context?.userId !== session.userId) throw stepUpInvalid('it was issued to another user')
  const expected: StepUpContext = {
    userId: session.userId,
    action: scope.action,
    target: scope.target ?? null,
  }
  if (context.action !== expected.action || context.target !== expected.target) {
    throw stepUpInvalid(`it was made for ${describe(context)}, not for ${describe(expected)}`)
  }
  const now = deps.clock().toISOString()
  if (challenge.expires_at <= now) throw stepUpInvalid('it expired')
  let assertion: Awaited<ReturnType<typeof verifyPasskeyAssertion>>
  try {
    assertion = await verifyPasskeyAssertion(trx, deps.config, challenge.challenge, proof.response)
  } catch (error) {
    throw stepUpInvalid(reasonOf(error), error)
  }
  if (assertion.credential.user_id !== session.userId) {
    throw stepUpInvalid('the passkey that answered is not one of yours')
  }
  return {
    credential: assertion.credential,
    async claim() {
      if (!(await deleteChallenge(trx, challenge.id))) throw stepUpInvalid('it was already used')
      try {
        await commitAssertion(trx, assertion, now, { mayBeRemoved: true })
      } catch (error) {
        throw stepUpInvalid(reasonOf(error), error)
      }
    },
  }
}

/**
 * Runs `change` in one transaction with the step-up: verified before it, consumed after it
 * (`verifyStepUp`); `change` learns which passkey answered. A step-up is spent by the attempt whatever its outcome: if the step-up or the
 * change is refused, its challenge is deleted afterwards (unless it was issued to another user,
 * who may still use it), so a proof is never tried twice.
 */
export async function withStepUp<T>(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  session: Pick<AuthSession, 'userId'>,
  scope: StepUpScope,
  stepUp: StepUpProof | undefined,
  change: (trx: Transaction<Database>, credential: AssertedCredential) => Promise<T>,
): Promise<T> {
  const proof = requireStepUp(stepUp, scope)
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const verified = await verifyStepUp(deps, session, scope, proof, trx)
      const result = await change(trx, verified.credential)
      await verified.claim()
      return result
    })
  } catch (error) {
    await burnStepUp(deps.db, proof.challengeId, session.userId)
    throw error
  }
}

/** Deletes the user's step-up challenge `challengeId`, if it is still there. */
async function burnStepUp(db: Kysely<Database>, challengeId: string, userId: string): Promise<void> {
  const challenge = await selectChallenge(db, challengeId, 'step-up')
  const context = JSON.parse(challenge?.context ?? 'null') as StepUpContext | null
  if (context?.userId === userId) await deleteChallenge(db, challengeId)
}

function stepUpInvalid(reason: string, cause?: unknown): ApiError {
  return new ApiError(
    403,
    'STEP_UP_INVALID',
    `The step-up was refused: ${reason}. Confirm with your passkey again (new step-up options)`,
    cause === undefined ? undefined : { cause },
  )
}

function describe(scope: { action: StepUpAction; target?: string | null }): string {
  return scope.target ? `${scope.action} of ${scope.target}` : scope.action
}

/** The failed check of a refused assertion, as a clause ("the passkey signature does not verify"). */
function reasonOf(error: unknown): string {
  const message = error instanceof ApiError ? error.message : 'the passkey response did not verify'
  return message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, '')
}
