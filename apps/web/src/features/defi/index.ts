/**
 * Canton DeFi in the wallet: the vault of the user's Canton party, DeFi intents (Aave-shaped
 * supply/withdraw, Uniswap v3 swap, Compound-shaped supply/redeem) prepared by the server and
 * verified by the browser against what the user asked before their Canton key signs them, and
 * the intents' outcomes as the relayer reports them.
 */
export { DefiCard } from './DefiCard'
