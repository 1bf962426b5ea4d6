import { parseDeFiIntentArgs } from '@stratos/canton'
import type { Hex } from 'viem'
import type { CantonIntent } from '../types.js'

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
 * Validates a `DeFiIntent` contract argument read from the ledger (with `@stratos/canton`'s
 * `deFiIntentArgsSchema`) into a {@link CantonIntent}. Never throws: a malformed intent is an
 * answer (`ok: false` with the reason, `InvalidIntent: <field>: <why>; …`), not a crash.
 */
export function parseCantonIntent(contractId: string, args: unknown): ParseCantonIntentReturnType {
  const parsed = parseDeFiIntentArgs(args)
  if (parsed.ok) return { ok: true, intent: { contractId, ...parsed.args } }
  return { ok: false, reason: `InvalidIntent: ${parsed.issues}`, intentId: parsed.intentId }
}
