import type { Database } from '@stratos/db/portable'
import type { Kysely } from 'kysely'
import type { ApiConfig } from '../config.js'
import { SETTINGS } from '../instanceSettings.js'
import { networkRow, type StoredNetwork } from './networkQueries.js'
import { sealNetworkSecrets } from './networkSecrets.js'

/** Chain ids of local and public test chains: the seeded network is marked a test network on these. */
const TEST_CHAIN_IDS = new Set([31337, 1337, 11155111, 17000, 560048, 84532, 421614, 11155420, 80002])

/** The id of the network seeded from EVM_*: `evm-<chain id>`. */
export const seededNetworkId = (chainId: number) => `evm-${chainId}`

/**
 * The instance's first network: the EVM chain of `EVM_RPC_URL`, `EVM_CHAIN_ID`, `EVM_CHAIN_NAME` and
 * `EVM_SYMBOL`, added when the instance has no network yet, once (the setting `networks_seeded`
 * remembers it, so an admin who removes every network does not see it come back). Idempotent:
 * replicas seeding at once agree on one row.
 */
export async function seedNetworks(
  db: Kysely<Database>,
  config: Pick<ApiConfig, 'evm' | 'instanceKey'>,
  now: Date,
): Promise<void> {
  const { evm } = config
  const id = seededNetworkId(evm.chainId)
  const sealed = await sealNetworkSecrets(config.instanceKey, id, {
    endpoint: evm.rpcUrl,
    apiKey: null,
    indexerUrl: null,
  })
  const at = now.toISOString()
  const network: StoredNetwork = {
    id,
    family: 'evm',
    name: evm.name,
    testnet: TEST_CHAIN_IDS.has(evm.chainId),
    chainId: evm.chainId,
    bitcoinNetwork: null,
    tonNetwork: null,
    genesisHash: null,
    nativeSymbol: evm.symbol,
    nativeDecimals: 18,
    nativePriceId: null,
    explorerTxUrl: null,
    explorerAddressUrl: null,
    apiKeyHeader: null,
    hasIndexer: false,
    sealedSecrets: sealed,
    enabled: true,
    position: 0,
    createdAt: at,
    updatedAt: at,
  }
  await db.transaction().execute(async (trx) => {
    const seeded = await trx
      .selectFrom('instance_settings')
      .select('key')
      .where('key', '=', SETTINGS.networksSeeded)
      .executeTakeFirst()
    if (seeded) return
    const any = await trx.selectFrom('networks').select('id').limit(1).executeTakeFirst()
    if (!any)
      await trx
        .insertInto('networks')
        .values(networkRow(network))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
    await trx
      .insertInto('instance_settings')
      .values({ key: SETTINGS.networksSeeded, value: 'true', updated_at: at })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute()
  })
}
