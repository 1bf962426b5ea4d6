import { type Address, getAddress, type Hex } from 'viem'
import { z } from 'zod'
import type { DEFI_INTENT_FIELDS } from '../defiTemplates.js'

const UINT256_MAX = 2n ** 256n - 1n

const bytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex digits')
  .transform((s) => s.toLowerCase() as Hex)
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected 0x + 40 hex digits')
  .transform((s): Address => getAddress(s.toLowerCase()))
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

/**
 * `Stratos.DeFi.Intent:DeFiIntent`'s create argument as the JSON Ledger API encodes it (the
 * `createArgument` of a created event, or a `CreateCommand`'s `createArguments`), checked and
 * converted to what the vault takes: lower-case bytes32 ids, checksummed addresses, the chain id
 * as a number, value and nonce as bigint, the deadline as unix seconds; the regulator as a party
 * or null.
 */
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
  // Daml `Optional Party`: JSON null, or absent (a record may omit a trailing None).
  regulator: party.nullable().default(null),
}) satisfies z.ZodType<Record<(typeof DEFI_INTENT_FIELDS)[number], unknown>>

/** A `DeFiIntent` argument after {@link deFiIntentArgsSchema}. */
export type ParsedDeFiIntentArgs = z.output<typeof deFiIntentArgsSchema>

export type ParseDeFiIntentArgsReturnType =
  | { ok: true; args: ParsedDeFiIntentArgs }
  | {
      ok: false
      /** Every field that was wrong and why, on one line: `vault: expected 0x + 40 hex digits; …`. */
      issues: string
      /** The intent id when it at least was well-formed (lower case), else undefined. */
      intentId: Hex | undefined
    }

/**
 * Checks a `DeFiIntent` create argument read from (or sent to) the ledger with
 * {@link deFiIntentArgsSchema}. Never throws: a malformed argument is an answer naming every
 * wrong field, with the intent id when that at least was well-formed.
 */
export function parseDeFiIntentArgs(args: unknown): ParseDeFiIntentArgsReturnType {
  const parsed = deFiIntentArgsSchema.safeParse(args)
  if (parsed.success) return { ok: true, args: parsed.data }
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'argument'}: ${i.message}`).join('; ')
  const intentId = bytes32.safeParse((args as { intentId?: unknown } | null)?.intentId)
  return { ok: false, issues, intentId: intentId.success ? intentId.data : undefined }
}
