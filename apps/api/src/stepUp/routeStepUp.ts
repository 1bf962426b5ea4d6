import {
  decodeStepUpHeader,
  type RouteDefinition,
  STEP_UP_HEADER,
  StepUpProof,
  stepUpParam,
} from '@stratos/schemas'
import type { Context } from 'hono'
import type { AppDeps, AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { describeIssues } from '../http/readJsonBody.js'
import { isAdminKey, trustedStatements } from '../passkeys/adminKeyTrust.js'
import { adminKeyRequired, readAdminKeyPolicy } from '../users/adminKeyPolicy.js'
import { requireStepUp, type StepUpScope, withStepUp } from './verifyStepUp.js'

/**
 * How recent an operator's sign-in at the identity provider must be to stand in for a step-up:
 * operators hold no passkey, so a fresh sign-in there is their confirmation.
 */
export const OPERATOR_STEP_UP_SECONDS = 5 * 60

/**
 * The step-up of a route whose contract declares one (`stepUp`), checked after the request's
 * input is validated and before its handler runs. A wallet user's request carries a proof in the
 * `Stratos-Step-Up` header, made for the route's action and target (its path parameter); it is
 * verified and consumed in its own transaction, and spent whatever the outcome (`withStepUp`). An
 * operator's request needs a sign-in at the identity provider less than
 * {@link OPERATOR_STEP_UP_SECONDS} old, else 403 STEP_UP_REQUIRED. Under the admin key policy,
 * an admin route's step-up must come from a security key that satisfies it (403 ADMIN_KEY_REQUIRED).
 */
export async function checkRouteStepUp(
  deps: Pick<AppDeps, 'db' | 'config' | 'clock'>,
  c: Context<AppEnv>,
  route: RouteDefinition,
  params: Record<string, unknown>,
): Promise<void> {
  if (!route.stepUp) return
  const name = stepUpParam(route)
  const scope: StepUpScope = {
    action: route.stepUp,
    target: name === null ? null : String(params[name]),
  }
  const operator = c.get('operator')
  if (operator) {
    const age = (deps.clock().getTime() - Date.parse(operator.signedInAt)) / 1000
    if (age <= OPERATOR_STEP_UP_SECONDS) return
    throw new ApiError(
      403,
      'STEP_UP_REQUIRED',
      `This change needs a recent sign-in: yours at the identity provider was ${Math.floor(age / 60)} minutes ago. Sign in again (an operator's sign-in stands in for a step-up for ${OPERATOR_STEP_UP_SECONDS / 60} minutes)`,
    )
  }
  const proof = requireStepUp(readStepUpHeader(c), scope)
  await withStepUp(deps, c.get('auth'), scope, proof, async (trx, credential) => {
    if (route.access !== 'admin' || !(await readAdminKeyPolicy(trx))) return
    if (isAdminKey(trustedStatements(deps.config.adminKeyStatements), credential)) return
    throw adminKeyRequired(
      403,
      'Admins of this instance use hardware security keys: confirm this change with your security key, not another passkey',
    )
  })
}

/** The proof in the `Stratos-Step-Up` header, undefined without one; 400 when it is malformed. */
function readStepUpHeader(c: Context<AppEnv>): StepUpProof | undefined {
  const value = c.req.header(STEP_UP_HEADER)
  if (value === undefined) return undefined
  const parsed = StepUpProof.safeParse(decodeStepUpHeader(value.trim()))
  if (parsed.success) return parsed.data
  throw new ApiError(
    400,
    'INVALID_STEP_UP',
    `The ${STEP_UP_HEADER} header must be a step-up proof as base64url JSON (${describeIssues(parsed.error)})`,
  )
}
