/**
 * `@stratos/api/dev`: what `stratos dev` sets up beside the API on a local stack (a Canton token
 * registry, the DeFi relayer's operator party, the sample dock app) and reads back (the vaults of
 * the dev chain).
 */
export type { DevVaultDeployed } from './context.js'
export { type StoredVault, selectDefiVaults } from './defi/vaults.js'
export { type DevDockApp, upsertDevDockApp } from './dock/upsertDevDockApp.js'
export {
  type SetUpCantonDevRegistryParameters,
  type SetUpCantonDevRegistryReturnType,
  setUpCantonDevRegistry,
} from './features/dev/setUpCantonDevRegistry.js'
export {
  type SetUpDefiDevOperatorParameters,
  type SetUpDefiDevOperatorReturnType,
  setUpDefiDevOperator,
} from './features/dev/setUpDefiDevOperator.js'
export { type DevNetwork, upsertDevNetworks } from './networks/upsertDevNetworks.js'
