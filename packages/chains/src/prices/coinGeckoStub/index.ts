/** A stub of the CoinGecko API for tests (Node only): `@stratos/chains/prices-stub`. */

export * from './fixtures.js'
export {
  type CoinGeckoStub,
  type CoinGeckoStubRequest,
  type StartCoinGeckoStubOptions,
  startCoinGeckoStub,
} from './startCoinGeckoStub.js'
