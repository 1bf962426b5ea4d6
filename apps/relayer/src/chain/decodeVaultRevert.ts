import { cantonDeFiVaultAbi } from '@stratos/contracts'
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Hex } from 'viem'

/** The vault's own custom errors and OpenZeppelin's pause error, as the relayer classifies them. */
export const VAULT_ERRORS = [
  'IntentAlreadyUsed',
  'IntentExpired',
  'InvalidSignature',
  'AdapterNotAllowed',
  'SelectorNotAllowed',
  'VaultIdMismatch',
  'EnforcedPause',
  'AdapterCallFailed',
  'NoSignerRegistered',
  'ValueMismatch',
] as const
export type VaultErrorName = (typeof VAULT_ERRORS)[number]

export interface VaultRevert {
  /** The custom error's name (`IntentExpired`), `Error` / `Panic` for the built-ins, or `Reverted` without data. */
  name: string
  args: readonly unknown[]
  /** One line for the journal, the audit log and Canton: `IntentExpired(1700000000)`. */
  reason: string
}

/**
 * Finds the revert in an error thrown by viem (estimate, call, simulate) and decodes it with
 * the vault's ABI. Undefined when the error is not a revert (the node could not be reached,
 * a timeout): those are worth a retry, a revert is not.
 */
export function decodeVaultRevert(error: unknown): VaultRevert | undefined {
  if (!(error instanceof BaseError)) return undefined
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError) as
    | ContractFunctionRevertedError
    | undefined
  if (reverted?.data?.errorName) return describe(reverted.data.errorName, reverted.data.args ?? [])
  const raw = revertDataOf(error) ?? (reverted?.raw as Hex | undefined)
  if (raw && raw !== '0x') return decodeRevertData(raw)
  if (reverted || /execution reverted|revert/i.test(error.message)) {
    const message = reverted?.reason ?? error.shortMessage
    return { name: 'Reverted', args: [], reason: `Reverted: ${message}` }
  }
  return undefined
}

/** Decodes raw revert data (`0x` + selector + args) with the vault's ABI, `Error(string)` and `Panic(uint256)`. */
export function decodeRevertData(data: Hex): VaultRevert {
  try {
    const decoded = decodeErrorResult({ abi: cantonDeFiVaultAbi, data })
    return describe(decoded.errorName, (decoded.args ?? []) as readonly unknown[])
  } catch {
    return { name: 'Reverted', args: [data], reason: `Reverted with unknown data ${data.slice(0, 74)}` }
  }
}

function describe(name: string, args: readonly unknown[]): VaultRevert {
  if (name === 'AdapterCallFailed' && typeof args[0] === 'string' && args[0].startsWith('0x')) {
    const inner = args[0] as Hex
    if (inner === '0x') return { name, args, reason: 'AdapterCallFailed()' }
    // The adapter's own revert: Error(string) or a custom error of a protocol.
    try {
      const decoded = decodeErrorResult({ data: inner })
      return {
        name,
        args,
        reason: `AdapterCallFailed(${decoded.errorName}: ${decoded.args?.map(String).join(', ')})`,
      }
    } catch {
      return { name, args, reason: `AdapterCallFailed(${inner.slice(0, 74)})` }
    }
  }
  if (name === 'Error') return { name, args, reason: `Reverted: ${String(args[0])}` }
  return { name, args, reason: `${name}(${args.map(String).join(', ')})` }
}

function revertDataOf(error: BaseError): Hex | undefined {
  let found: Hex | undefined
  error.walk((e) => {
    const data = (e as { data?: unknown }).data
    if (typeof data === 'string' && /^0x[0-9a-fA-F]*$/.test(data) && data.length >= 10) {
      found = data as Hex
      return true
    }
    if (data && typeof data === 'object' && typeof (data as { data?: unknown }).data === 'string') {
      found = (data as { data: Hex }).data
      return true
    }
    return false
  })
  return found
}
