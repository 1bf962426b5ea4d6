import { ApiError } from '../errors.js'

/**
 * The PRF output is the root of the user's keys: it must never leave the browser. A body that
 * still carries `response.clientExtensionResults.prf.results` is refused (400 PRF_OUTPUT_SENT)
 * before anything else reads it. Returns the body unchanged otherwise.
 */
export function refusePrfOutput(body: unknown): unknown {
  const results = (body as { response?: { clientExtensionResults?: { prf?: { results?: unknown } } } } | null)
    ?.response?.clientExtensionResults?.prf?.results
  if (results !== undefined) {
    throw new ApiError(
      400,
      'PRF_OUTPUT_SENT',
      'Remove clientExtensionResults.prf.results before sending: the PRF output must never leave the browser',
    )
  }
  return body
}
