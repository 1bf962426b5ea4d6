import type { Database, DefiVaultRow } from '@stratos/db/portable'
import type { Kysely } from 'kysely'

/** A vault as the API uses it (the defi_vaults row with its JSON columns read). */
export interface StoredVault {
  partyId: string
  chainId: number
  address: `0x${string}`
  vaultId: `0x${string}`
  adapters: { aaveV3: `0x${string}`; uniswapV3: `0x${string}`; compoundV2: `0x${string}` }
  cToken: `0x${string}` | null
  swapFee: number
  assets: { symbol: string; address: `0x${string}`; decimals: number }[]
  createdAt: string
}

function fromRow(row: DefiVaultRow): StoredVault {
  return {
    partyId: row.party_id,
    chainId: Number(row.chain_id),
    address: row.address as `0x${string}`,
    vaultId: row.vault_id as `0x${string}`,
    adapters: JSON.parse(row.adapters) as StoredVault['adapters'],
    cToken: row.c_token as `0x${string}` | null,
    swapFee: Number(row.swap_fee),
    assets: JSON.parse(row.assets) as StoredVault['assets'],
    createdAt: row.created_at,
  }
}

/** The vault of `partyId` on `chainId`, if one is registered. */
export async function selectDefiVault(
  db: Kysely<Database>,
  partyId: string,
  chainId: number,
): Promise<StoredVault | undefined> {
  const row = await db
    .selectFrom('defi_vaults')
    .selectAll()
    .where('party_id', '=', partyId)
    .where('chain_id', '=', chainId)
    .executeTakeFirst()
  return row && fromRow(row)
}

/** Every vault on `chainId`, oldest first (what a relayer of that chain serves). */
export async function selectDefiVaults(db: Kysely<Database>, chainId: number): Promise<StoredVault[]> {
  const rows = await db
    .selectFrom('defi_vaults')
    .selectAll()
    .where('chain_id', '=', chainId)
    .orderBy('created_at')
    .orderBy('party_id')
    .execute()
  return rows.map(fromRow)
}

function toRow(vault: StoredVault) {
  return {
    party_id: vault.partyId,
    chain_id: vault.chainId,
    address: vault.address,
    vault_id: vault.vaultId,
    adapters: JSON.stringify(vault.adapters),
    c_token: vault.cToken,
    swap_fee: vault.swapFee,
    assets: JSON.stringify(vault.assets),
    created_at: vault.createdAt,
  }
}

/** Stores a vault unless the party has one; false when it had (the existing row is kept). */
export async function insertDefiVault(db: Kysely<Database>, vault: StoredVault): Promise<boolean> {
  const result = await db
    .insertInto('defi_vaults')
    .values(toRow(vault))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0
}

/** Stores the party's vault, replacing the one it had. */
export async function upsertDefiVault(db: Kysely<Database>, vault: StoredVault): Promise<void> {
  const { party_id: _, ...rest } = toRow(vault)
  await db
    .insertInto('defi_vaults')
    .values(toRow(vault))
    .onConflict((oc) => oc.column('party_id').doUpdateSet(rest))
    .execute()
}

/** Removes the party's vault; false when it had none. */
export async function deleteDefiVault(db: Kysely<Database>, partyId: string): Promise<boolean> {
  const result = await db.deleteFrom('defi_vaults').where('party_id', '=', partyId).executeTakeFirst()
  return Number(result.numDeletedRows) > 0
}
