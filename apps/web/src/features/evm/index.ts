/** The EVM account card: balance, receive, send with review, and the dev faucet. */
export { EvmCard } from './EvmCard'
