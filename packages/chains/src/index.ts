/** Per-chain adapters: balances, fees, build/broadcast. Isomorphic: Node-only helpers live under `@stratos/chains/anvil`. */
export {}
