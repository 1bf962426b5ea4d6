import { getAddress, type Hex } from 'viem'
import { z } from 'zod'
import type { CantonIntent } from '../types.js'

const UINT256_MAX = 2n ** 256n - 1n

const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex digits')
  .transform((s) => s.toLowerCase() as Hex)
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected 0x + 40 hex digits')
  .transform((s) => getAddress(s.toLowerCase()))
const hexBytes = z
  .string()
  .regex(/^0x([0-9a-fA-F]{2})*$/, 'expected 0x + an even number of hex digits')
  .transform((s) => s.toLowerCase() as Hex)
/** Daml `Int` (JSON: decimal string or number). */
const damlInt = z.union([z.string().regex(/^-?\d+$/, 'expected a decimal integer'), z.number().int()])
const uint256 = z
  .string()
  .regex(/^\d+$/, 'expected a decimal number of wei')
  .transform((s) => BigInt(s))
  .refine((v) => v <= UINT256_MAX, 'exceeds uint256')
const party = z.string().min(1, 'expected a party id')

/** The `DeFiIntent` contract argument as the JSON Ledger API returns it. */
export const deFiIntentArgsSchema = z.object({
  institution: party,
  operator: party,
  intentId: bytes32,
  vaultId: bytes32,
  chainId: damlInt
    .transform((v) => Number(v))
    .refine((v) => Number.isSafeInteger(v) && v > 0, 'expected a positive chain id'),
  vault: address,
  adapter: address,
  callData: hexBytes.refine((s) => s.length >= 10, 'expected at least a 4-byte selector'),
  value: uint256,
  nonce: damlInt.transform((v) => BigInt(v)).refine((v) => v >= 0n && v <= UINT256_MAX, 'expected a uint256'),
  deadline: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(s)), 'expected an ISO-8601 time')
    .transform((s) => BigInt(Math.floor(Date.parse(s) / 1000))),
})

export type ParseCantonIntentReturnType =
  | { ok: true; intent: CantonIntent }
  | {
      ok: false
      /** Which fields were wrong and why, one line (goes to the journal and to Canton). */
      reason: string
      /** The intent id when it at least was well-formed (the journal's key), else undefined. */
      intentId: Hex | undefined
    }

/**
 * Validates a `DeFiIntent` contract argument read from the ledger into a {@link CantonIntent}.
 * Never throws: a malformed intent is an answer (`ok: false` with the reason), not a crash.
 */
export function parseCantonIntent(contractId: string, args: unknown): ParseCantonIntentReturnType {
  const parsed = deFiIntentArgsSchema.safeParse(args)
  if (parsed.success) return { ok: true, intent: { contractId, ...parsed.data } }
  const reason = `InvalidIntent: ${parsed.error.issues
    .map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`)
    .join('; ')}`
  const intentId = bytes32.safeParse((args as { intentId?: unknown } | null)?.intentId)
  return { ok: false, reason, intentId: intentId.success ? intentId.data : undefined }
}
