import { ApiError } from '../errors.js'
import type { CantonLedger } from './cantonLedger.js'
/**
 * CIP-0056 token-standard interfaces, referenced by package name as clients should
 * (`../shared/specs/canton/token-standard-*`).
 */
export const HOLDING_INTERFACE = '#splice-api-token-holding-v1:Splice.Api.Token.HoldingV1:Holding'
export const TRANSFER_FACTORY_INTERFACE =
  '#splice-api-token-transfer-instruction-v1:Splice.Api.Token.TransferInstructionV1:TransferFactory'
export const TRANSFER_INSTRUCTION_INTERFACE =
  '#splice-api-token-transfer-instruction-v1:Splice.Api.Token.TransferInstructionV1:TransferInstruction'

/** The choice of each action on a pending instruction. */
export const INSTRUCTION_CHOICES = {
  accept: 'TransferInstruction_Accept',
  reject: 'TransferInstruction_Reject',
  withdraw: 'TransferInstruction_Withdraw',
} as const

/** `packageId:Module:Entity` or `#name:Module:Entity` -> `Module:Entity`, to match either form. */
export function qualifiedName(id: string): string {
  return id.split(':').slice(1).join(':')
}

/** The token-standard instrument the wallet shows and sends, or 503 CANTON_NOT_CONFIGURED. */
export function requireInstrument(ledger: CantonLedger): { admin: string; id: string } {
  const { instrument } = ledger.config
  if (!instrument)
    throw new ApiError(
      503,
      'CANTON_NOT_CONFIGURED',
      'This instance has no token instrument configured (CANTON_INSTRUMENT_ADMIN, CANTON_INSTRUMENT_ID)',
    )
  return instrument
}
