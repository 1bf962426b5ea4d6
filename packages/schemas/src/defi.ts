import { z } from 'zod'

/**
 * The Canton DeFi slice of the API contract. A user whose Canton party has a vault authorizes a
 * DeFi action: the API prepares the `DeFiIntent` create as the user's party, the browser decodes it,
 * checks it is exactly the action asked for, recomputes the hash and signs it, and the signed
 * transaction goes through `POST /api/canton/execute`. The relayer cluster executes the intent on
 * the vault's chain and marks it on Canton; `GET /api/defi` reads both sides back.
 */

/** What an intent can ask the vault to do: `<adapter>.<function>` (see @stratos/contracts encodeAdapterCall). */
export const DEFI_ACTIONS = [
  'aaveV3.supply',
  'aaveV3.withdraw',
  'uniswapV3.swapExactInputSingle',
  'compoundV2.supply',
  'compoundV2.redeem',
] as const
export type DefiAction = (typeof DEFI_ACTIONS)[number]

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex digits')

/** A token the vault holds, as the wallet shows it. */
export const DefiAsset = z.object({
  symbol: z.string(),
  address,
  decimals: z.number().int().min(0).max(36),
  /** The vault's balance in whole units (decimal string), read from the chain. */
  balance: z.string(),
})
export type DefiAsset = z.infer<typeof DefiAsset>

/** The vault of the user's party and what its adapters are. */
export const DefiVault = z.object({
  chainId: z.number().int().positive(),
  address,
  vaultId: bytes32,
  /** The Canton party whose intents the vault runs (the user's). */
  partyId: z.string(),
  adapters: z.object({ aaveV3: address, uniswapV3: address, compoundV2: address }),
  /** Where the Compound-shaped adapter supplies (cToken address), when configured. */
  cToken: address.nullable(),
  /** Uniswap v3 fee tier used for swaps (hundredths of a bip). */
  swapFee: z.number().int().positive(),
  assets: z.array(DefiAsset),
})
export type DefiVault = z.infer<typeof DefiVault>

/** One intent of the user's, from Canton: still open, or marked by the relayer. */
export const DefiIntentItem = z.object({
  intentId: bytes32,
  /** The open DeFiIntent's contract id (null once the relayer marked it). */
  contractId: z.string().nullable(),
  status: z.enum(['pending', 'executed', 'failed']),
  /** The adapter action decoded from the call data, or null when it is none of DEFI_ACTIONS. */
  action: z.enum(DEFI_ACTIONS).nullable(),
  adapter: address,
  callData: z.string(),
  /** ISO-8601. */
  deadline: z.string().nullable(),
  /** The EVM transaction that executed (or reverted) it. */
  txHash: bytes32.nullable(),
  /** Why it failed, as the relayer reported it. */
  reason: z.string().nullable(),
})
export type DefiIntentItem = z.infer<typeof DefiIntentItem>

/** GET /api/defi */
export const DefiStatusResponse = z.object({
  /** False when this instance has no DeFi (no operator party / no chain): `reason` says why. */
  enabled: z.boolean(),
  reason: z.string().nullable(),
  /** The relayer operator's party (the intents' observer), when configured. */
  operatorParty: z.string().nullable(),
  /** The regulator's party, named in every intent (it observes them and their outcomes); null: none. */
  regulatorParty: z.string().nullable(),
  /** The user's vault, or null when none is registered for their party. */
  vault: DefiVault.nullable(),
  /** Newest first. */
  intents: z.array(DefiIntentItem),
  /** In dev mode a user may deploy a test vault for their own party (`POST /api/dev/defi-vault`). */
  devVaultAvailable: z.boolean(),
})
export type DefiStatusResponse = z.infer<typeof DefiStatusResponse>

/** A decimal token amount > 0 (at most 36 digits, at most 18 decimals). */
export const DefiAmount = z
  .string()
  .regex(/^\d{1,36}(\.\d{1,18})?$/, 'expected a decimal number, e.g. 25 or 0.5')
  .refine((value) => /[1-9]/.test(value), 'must be greater than 0')

/** POST /api/defi/intents/prepare: what the user asks the vault to do. Tokens by symbol (see DefiVault.assets). */
export const DefiIntentRequest = z.discriminatedUnion('action', [
  z.object({ action: z.literal('aaveV3.supply'), asset: z.string(), amount: DefiAmount }),
  z.object({ action: z.literal('aaveV3.withdraw'), asset: z.string(), amount: DefiAmount }),
  z.object({
    action: z.literal('uniswapV3.swapExactInputSingle'),
    tokenIn: z.string(),
    tokenOut: z.string(),
    amountIn: DefiAmount,
    /** The least the swap may return (whole units of tokenOut); "0" is refused: always set a limit. */
    amountOutMinimum: DefiAmount,
  }),
  z.object({ action: z.literal('compoundV2.supply'), asset: z.string(), amount: DefiAmount }),
  /** `amount` in cToken units (whole units, 8 decimals like Compound's cTokens). */
  z.object({ action: z.literal('compoundV2.redeem'), amount: DefiAmount }),
])
export type DefiIntentRequest = z.infer<typeof DefiIntentRequest>

/** The prepared `DeFiIntent` create (as every Canton prepare) plus the id and call data the API chose. */
export const DefiPreparedResponse = z.object({
  preparedTransaction: z.string(),
  preparedTransactionHash: z.string(),
  hashingSchemeVersion: z.string(),
  intentId: bytes32,
  /** The adapter call data the API encoded; the browser re-encodes the request and compares. */
  callData: z.string(),
})
export type DefiPreparedResponse = z.infer<typeof DefiPreparedResponse>
