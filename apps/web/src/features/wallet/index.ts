export { ChainFaucet } from './ChainFaucet'
export { WalletNetworks } from './WalletNetworks'
