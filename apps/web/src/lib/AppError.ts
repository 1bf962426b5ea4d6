import { BaseError } from '@stratos/errors'

/**
 * The web app's one error base class, on the packages' `BaseError`. `code` is stable and
 * branchable; `message` is written for the person using the wallet and is shown as is.
 */
export class AppError extends BaseError {
  override name = 'AppError'

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { cause: options.cause })
  }
}

/** An API call failed; `code` and `message` are the server's `{ code, message }` when it sent one. */
export class ApiRequestError extends AppError {
  override name = 'ApiRequestError'
  readonly status: number

  constructor(status: number, code: string, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options)
    this.status = status
  }
}

/** The passkey cannot produce a PRF output, so it cannot unlock a wallet. */
export class NoPrfError extends AppError {
  override name = 'NoPrfError'

  constructor() {
    super('NO_PRF', "This passkey doesn't support the PRF extension, so it can't unlock a wallet.")
  }
}

/** A part of the app (a JavaScript chunk) could not be downloaded or started. */
export class ChunkLoadError extends AppError {
  override name = 'ChunkLoadError'

  constructor(options: { cause?: unknown } = {}) {
    super(
      'CHUNK_LOAD_FAILED',
      "Part of the wallet couldn't be downloaded. Check your connection, then reload the page.",
      options,
    )
  }
}
