import type { DockRpcError } from './protocol.js'

/**
 * The error every request of the dock-sdk's providers rejects with: EIP-1193 `ProviderRpcError`
 * (`code`, `message`, `data`), with the codes of EIP-1193 and EIP-1474 (`RPC_ERROR`). Libraries
 * map it by `code` (viem: 4001 -> `UserRejectedRequestError`; ethers: 4001 -> `ACTION_REJECTED`).
 */
export class ProviderRpcError extends Error {
  override readonly name = 'ProviderRpcError'
  readonly code: number
  readonly data?: unknown

  constructor(code: number, message: string, data?: unknown) {
    super(message)
    this.code = code
    if (data !== undefined) this.data = data
  }

  /** The error as it travels in a `response` (plain data, structured-cloneable). */
  toJSON(): DockRpcError {
    return { code: this.code, message: this.message, ...(this.data !== undefined ? { data: this.data } : {}) }
  }
}
