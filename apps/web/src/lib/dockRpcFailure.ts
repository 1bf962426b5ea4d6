/**
 * A refusal of a dock app's request: `code` is one of `RPC_ERROR` (`@stratos/dock-sdk`), `message`
 * says why, and the wallet answers the request with them as the response's `error`.
 */
export class DockRpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}
