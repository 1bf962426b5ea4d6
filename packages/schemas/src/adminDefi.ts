import { z } from 'zod'

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 0x-prefixed 20-byte address')
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'expected 0x + 64 hex digits')

/** A token of a vault as an admin registers it (the wallet reads its balance). */
export const AdminDefiAsset = z.object({
  symbol: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9.$_-]{1,16}$/, 'expected 1-16 letters, digits, ".", "$", "_" or "-"'),
  address,
  decimals: z.number().int().min(0).max(36),
})
export type AdminDefiAsset = z.infer<typeof AdminDefiAsset>

/**
 * PUT /api/admin/defi/vaults: registers (or replaces) the vault of a party. The API checks on the
 * vault's chain that it answers `vaultId()`, that `authorizedPartyKey()` is keccak256 of `partyId`
 * and that each adapter is whitelisted (`isAdapterAllowed`).
 */
export const AdminDefiVaultRequest = z.object({
  partyId: z
    .string()
    .trim()
    .max(255)
    .regex(
      /^[^:\s]+(?::[^:\s]+)*::[0-9a-f]{68}$/,
      'expected a party id like alice::1220… (a hint, "::" and the 68-character fingerprint)',
    ),
  address,
  adapters: z.object({ aaveV3: address, uniswapV3: address, compoundV2: address }),
  assets: z
    .array(AdminDefiAsset)
    .min(1, 'at least one token')
    .max(20, 'at most 20 tokens')
    .refine(
      (assets) => new Set(assets.map((a) => a.symbol.toLowerCase())).size === assets.length,
      'symbols must differ (the wallet names tokens by symbol)',
    ),
  /** The cToken for compoundV2 actions; without it the vault offers none. */
  cToken: address.nullable().optional(),
  /** Uniswap v3 fee tier for swaps (hundredths of a bip). Default 3000 (0.3%). */
  swapFee: z.number().int().positive().max(1_000_000).optional(),
})
export type AdminDefiVaultRequest = z.infer<typeof AdminDefiVaultRequest>

/** A registered vault, as stored (no balances). */
export const AdminDefiVault = z.object({
  partyId: z.string(),
  chainId: z.number().int().positive(),
  address,
  vaultId: bytes32,
  adapters: z.object({ aaveV3: address, uniswapV3: address, compoundV2: address }),
  cToken: address.nullable(),
  swapFee: z.number().int().positive(),
  assets: z.array(AdminDefiAsset),
  createdAt: z.string(),
})
export type AdminDefiVault = z.infer<typeof AdminDefiVault>

/** GET /api/admin/defi/vaults. */
export const AdminDefiVaultsResponse = z.object({ vaults: z.array(AdminDefiVault) })
export type AdminDefiVaultsResponse = z.infer<typeof AdminDefiVaultsResponse>
