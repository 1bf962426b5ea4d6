import { z } from 'zod'

/** The six chains every account has an address on, in display order. */
export const CHAINS = ['evm', 'solana', 'bitcoin', 'tron', 'ton', 'canton'] as const
export const Chain = z.enum(CHAINS)
export type Chain = z.infer<typeof Chain>

const base58 = /^[1-9A-HJ-NP-Za-km-z]+$/

/**
 * Public addresses derived in the browser for account index 0. The server stores these and
 * nothing else about the keys. Canton is the external party's public key fingerprint
 * (`1220` + 64 hex), from which the party id `hint::fingerprint` is formed.
 */
export const ChainAddresses = z.object({
  evm: z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'evm: expected a 0x-prefixed 20-byte hex address'),
  solana: z.string().min(32).max(44).regex(base58, 'solana: expected a base58 public key'),
  bitcoin: z
    .string()
    .regex(/^(bc|tb|bcrt)1q[02-9ac-hj-np-z]{38,58}$/, 'bitcoin: expected a P2WPKH bech32 address'),
  tron: z
    .string()
    .regex(/^T[1-9A-HJ-NP-Za-km-z]{33}$/, 'tron: expected a base58check address starting with T'),
  ton: z.string().regex(/^[A-Za-z0-9_\-+/]{48}$/, 'ton: expected a 48-character user-friendly address'),
  canton: z.string().regex(/^1220[0-9a-f]{64}$/, 'canton: expected a 1220-prefixed public key fingerprint'),
})
export type ChainAddresses = z.infer<typeof ChainAddresses>
