import type { DisclosedContract } from '@stratos/canton'
import { z } from 'zod'
import { ApiError } from '../errors.js'

/** Daml JSON of the standard's `Metadata` (`splice-api-token-metadata-v1`). */
export interface Metadata {
  values: Record<string, string>
}

/** Daml JSON of `ExtraArgs`: the registry's choice context and the caller's metadata. */
export interface ExtraArgs {
  context: { values: Record<string, unknown> }
  meta: Metadata
}

/**
 * `TransferFactory_Transfer`'s argument as the registry decodes it (splice-api-token-transfer-instruction-v1,
 * Daml JSON): every field present, `extraArgs` with an empty context and meta in the request.
 */
export interface TransferFactoryChoiceArguments {
  expectedAdmin: string
  transfer: {
    sender: string
    receiver: string
    amount: string
    instrumentId: { admin: string; id: string }
    requestedAt: string
    executeBefore: string
    inputHoldingCids: string[]
    meta: Metadata
  }
  extraArgs: ExtraArgs
}

/** The empty `Metadata` / choice context the standard asks for where there is nothing to say. */
export const EMPTY_METADATA: Metadata = { values: {} }
export const EMPTY_EXTRA_ARGS: ExtraArgs = { context: { values: {} }, meta: { values: {} } }

const DisclosedContractSchema = z.object({
  templateId: z.string().min(1),
  contractId: z.string().min(1),
  createdEventBlob: z.string().min(1),
  synchronizerId: z.string().min(1),
})

const ChoiceContextSchema = z.object({
  // Only what the Daml `ChoiceContext` record and a Ledger API `DisclosedContract` hold (debug
  // fields a registry may add are dropped).
  choiceContextData: z.object({ values: z.record(z.string(), z.unknown()) }),
  disclosedContracts: z.array(DisclosedContractSchema),
})

const TransferFactorySchema = z.object({
  factoryId: z.string().min(1),
  transferKind: z.enum(['offer', 'direct', 'self']),
  choiceContext: ChoiceContextSchema,
})

/** A registry's choice context (token-standard transfer-instruction-v1 `ChoiceContext`). */
export interface RegistryChoiceContext {
  /** Passed as the exercised choice's `extraArgs.context`, exactly as the registry gave it. */
  choiceContextData: { values: Record<string, unknown> }
  /** Disclosed with the command: contracts of the registry the choice reads. */
  disclosedContracts: DisclosedContract[]
}

/**
 * How the transfer will go (the registry's `transferKind`): `offer` leaves an instruction for the
 * receiver to accept; `direct` (the receiver pre-approved transfers) and `self` complete at once.
 */
export type TransferKind = z.infer<typeof TransferFactorySchema>['transferKind']

export interface TransferFactoryWithChoiceContext {
  factoryId: string
  transferKind: TransferKind
  choiceContext: RegistryChoiceContext
}

/** The token-standard registry API of one instrument admin (transfer-instruction-v1). */
export interface TokenRegistry {
  /** `POST …/transfer-factory`: the factory to exercise for these choice arguments, and how. */
  transferFactory(choiceArguments: TransferFactoryChoiceArguments): Promise<TransferFactoryWithChoiceContext>
  /** `POST …/{cid}/choice-contexts/{action}`. */
  instructionChoiceContext(
    instructionCid: string,
    action: 'accept' | 'reject' | 'withdraw',
  ): Promise<RegistryChoiceContext>
}

export interface CreateTokenRegistryParameters {
  /** The registry's base URL (`<base>/registry/transfer-instruction/v1/…`); undefined: none configured. */
  url: string | undefined
  /** Sent as `Authorization: Bearer` (a validator's scan-proxy authenticates its user's requests). */
  token: string | undefined
  fetch?: typeof fetch
}

const notConfigured = () =>
  new ApiError(
    503,
    'CANTON_REGISTRY_NOT_CONFIGURED',
    "This instance has no token registry configured (CANTON_REGISTRY_URL, or the registry URL of the admin's Canton connection): sending and acting on transfers need it",
  )

/**
 * A client of a token registry's off-ledger API (token-standard-0.6.1
 * transfer-instruction-v1.yaml). Every answer is checked against the spec's shape; a registry that
 * refuses is 502 CANTON_REGISTRY_ERROR with its `{ error }` (404 stays 404), one that cannot be
 * reached 503.
 */
export function createTokenRegistry({
  url,
  token,
  fetch: fetchFn = fetch,
}: CreateTokenRegistryParameters): TokenRegistry {
  const base = url && `${url.replace(/\/+$/, '')}/registry/transfer-instruction/v1`

  async function post<T>(path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    if (!base) throw notConfigured()
    let response: Response
    try {
      response = await fetchFn(`${base}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      })
    } catch (cause) {
      throw new ApiError(503, 'CANTON_UNAVAILABLE', 'The token registry could not be reached', { cause })
    }
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    if (!response.ok) {
      // The registry API answers errors as `{ error }`.
      const error = (json as { error?: unknown } | undefined)?.error
      const what = typeof error === 'string' ? error : `HTTP ${response.status}`
      const refusedUs = response.status === 401 || response.status === 403
      throw new ApiError(
        response.status === 404 ? 404 : 502,
        response.status === 404 ? 'CANTON_NOT_FOUND' : 'CANTON_REGISTRY_ERROR',
        refusedUs
          ? `The token registry refused the wallet server's credentials (HTTP ${response.status}): check CANTON_REGISTRY_TOKEN`
          : `The token registry refused the request: ${what.slice(0, 300)}`,
      )
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success)
      throw new ApiError(
        502,
        'CANTON_REGISTRY_ERROR',
        `The token registry sent an answer that is not the token standard's: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)
          .join('; ')}`,
      )
    return parsed.data
  }

  return {
    transferFactory: (choiceArguments) =>
      post('/transfer-factory', { choiceArguments, excludeDebugFields: true }, TransferFactorySchema),
    instructionChoiceContext: (cid, action) =>
      post(
        `/${encodeURIComponent(cid)}/choice-contexts/${action}`,
        { excludeDebugFields: true },
        ChoiceContextSchema,
      ),
  }
}
