import { randomUUID } from 'node:crypto'

/**
 * Canton error categories (com.digitalasset.base.error.ErrorCategory): the integer a JsCantonError
 * carries in `errorCategory`, with the gRPC status code each one maps to.
 */
export const ErrorCategory = {
  ContentionOnSharedResources: { id: 2, grpc: 10 },
  SystemInternalAssumptionViolated: { id: 4, grpc: 13 },
  AuthInterceptorInvalidAuthenticationCredentials: { id: 6, grpc: 16 },
  InsufficientPermission: { id: 7, grpc: 7 },
  InvalidIndependentOfSystemState: { id: 8, grpc: 3 },
  InvalidGivenCurrentSystemStateOther: { id: 9, grpc: 9 },
  InvalidGivenCurrentSystemStateResourceExists: { id: 10, grpc: 6 },
  InvalidGivenCurrentSystemStateResourceMissing: { id: 11, grpc: 5 },
  InvalidGivenCurrentSystemStateSeekAfterEnd: { id: 12, grpc: 11 },
  InternalUnsupportedOperation: { id: 14, grpc: 12 },
} as const

type Category = (typeof ErrorCategory)[keyof typeof ErrorCategory]

/** The Canton error codes this devnet produces, each with its category (as Canton assigns them). */
const codes = {
  INVALID_ARGUMENT: ErrorCategory.InvalidIndependentOfSystemState,
  MISSING_FIELD: ErrorCategory.InvalidIndependentOfSystemState,
  INVALID_FIELD: ErrorCategory.InvalidIndependentOfSystemState,
  COMMAND_PREPROCESSING_FAILED: ErrorCategory.InvalidIndependentOfSystemState,
  DAML_AUTHORIZATION_ERROR: ErrorCategory.InvalidIndependentOfSystemState,
  INVALID_DAR: ErrorCategory.InvalidIndependentOfSystemState,
  UNAUTHENTICATED: ErrorCategory.AuthInterceptorInvalidAuthenticationCredentials,
  PERMISSION_DENIED: ErrorCategory.InsufficientPermission,
  UNHANDLED_EXCEPTION: ErrorCategory.InvalidGivenCurrentSystemStateOther,
  LEDGER_TIME_OUT_OF_BOUNDS: ErrorCategory.InvalidGivenCurrentSystemStateOther,
  TOO_MANY_USER_RIGHTS: ErrorCategory.InvalidGivenCurrentSystemStateOther,
  NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  CONTRACT_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  USER_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  PACKAGE_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  UPDATE_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  CONTRACT_EVENTS_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  TEMPLATES_OR_INTERFACES_NOT_FOUND: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  PARTY_NOT_KNOWN_ON_LEDGER: ErrorCategory.InvalidGivenCurrentSystemStateResourceMissing,
  ALREADY_EXISTS: ErrorCategory.InvalidGivenCurrentSystemStateResourceExists,
  USER_ALREADY_EXISTS: ErrorCategory.InvalidGivenCurrentSystemStateResourceExists,
  PARTY_ALREADY_EXISTS: ErrorCategory.InvalidGivenCurrentSystemStateResourceExists,
  DUPLICATE_COMMAND: ErrorCategory.InvalidGivenCurrentSystemStateResourceExists,
  SUBMISSION_ALREADY_IN_FLIGHT: ErrorCategory.ContentionOnSharedResources,
  LOCAL_VERDICT_MAX_RECORD_TIME_EXCEEDED: ErrorCategory.ContentionOnSharedResources,
  JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED: ErrorCategory.ContentionOnSharedResources,
  OFFSET_AFTER_LEDGER_END: ErrorCategory.InvalidGivenCurrentSystemStateSeekAfterEnd,
  UNSUPPORTED_OPERATION: ErrorCategory.InternalUnsupportedOperation,
  INTERNAL_ERROR: ErrorCategory.SystemInternalAssumptionViolated,
} as const satisfies Record<string, Category>

/** Every error code the devnet returns. Stable strings, spelled as Canton spells them. */
export type CantonErrorCode = keyof typeof codes

/** gRPC status code -> HTTP status, as the Canton JSON API maps them. */
const httpStatusOfGrpc: Record<number, number> = {
  3: 400, // INVALID_ARGUMENT
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  16: 401, // UNAUTHENTICATED
}

/**
 * Codes the JSON API answers with a status of their own rather than their gRPC code's: a list
 * above `http-list-max-elements-limit` is 413 (canton Endpoints.handleListLimit).
 */
const httpStatusOfCode: Partial<Record<CantonErrorCode, number>> = {
  JSON_API_MAXIMUM_LIST_ELEMENTS_NUMBER_REACHED: 413,
}

/** Categories Canton marks retryable, with the `retryInfo` (a Scala Duration) it then sends. */
const retryInfoOfCategory: Partial<Record<number, string>> = {
  [ErrorCategory.ContentionOnSharedResources.id]: '1 second',
}

/** The body of every error response: the spec's `JsCantonError`. */
export interface JsCantonError {
  code: string
  cause: string
  correlationId?: string
  traceId?: string
  context: Record<string, string>
  resources?: [string, string][]
  errorCategory: number
  grpcCodeValue?: number
  retryInfo?: string
  definiteAnswer?: boolean
}

export interface CantonErrorOptions {
  /** Extra key/values for `context` (Canton puts the offending values there). */
  context?: Record<string, string>
  /** Resources named by the error, e.g. `['CONTRACT_ID', cid]`. */
  resources?: [string, string][]
  /** The underlying error, kept for debugging (never sent to the client). */
  cause?: unknown
}

/**
 * The one error class of `@stratos/canton-devnet`. Carries a Canton error `code` (e.g.
 * `CONTRACT_NOT_FOUND`) and a cause that says what was wrong; `toJson()` gives the spec's
 * `JsCantonError` body and `httpStatus` the status the Canton JSON API would answer with.
 */
export class CantonError extends Error {
  override name = 'CantonError'
  readonly code: CantonErrorCode
  readonly context: Record<string, string>
  readonly resources: [string, string][]

  constructor(code: CantonErrorCode, message: string, options: CantonErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.context = options.context ?? {}
    this.resources = options.resources ?? []
  }

  get category(): number {
    return codes[this.code].id
  }

  get grpcCode(): number {
    return codes[this.code].grpc
  }

  get httpStatus(): number {
    return httpStatusOfCode[this.code] ?? httpStatusOfGrpc[this.grpcCode] ?? 500
  }

  /** The spec's `JsCantonError` body. `participant` goes into the context as Canton does. */
  toJson(participant?: string): JsCantonError {
    const traceId = randomUUID().replaceAll('-', '')
    const retryInfo = retryInfoOfCategory[this.category]
    return {
      code: this.code,
      cause: this.message,
      correlationId: traceId,
      traceId,
      context: {
        ...(participant ? { participant } : {}),
        category: String(this.category),
        definite_answer: 'false',
        ...this.context,
      },
      resources: this.resources,
      errorCategory: this.category,
      grpcCodeValue: this.grpcCode,
      ...(retryInfo ? { retryInfo } : {}),
      definiteAnswer: false,
    }
  }
}
