/**
 * Recorded shapes of CoinGecko's API (v3), from its published documentation; the stub answers
 * with them and the provider's tests parse them as they are.
 *
 * - `GET /simple/price`: the response example of https://docs.coingecko.com/v3.0.1/reference/simple-price
 *   (`ids=bitcoin&vs_currencies=usd` with market cap, volume, change and last update included).
 *   One object per known id, the price under the currency's code; an id the API does not know is
 *   absent from the answer.
 * - `GET /simple/supported_vs_currencies`: the schema example of
 *   https://docs.coingecko.com/v3.0.1/reference/simple-supported-currencies (an array of codes),
 *   with the fiat codes of https://docs.coingecko.com/docs/fiat-currencies-support that the
 *   tests use.
 * - Errors: the statuses and CoinGecko error codes of
 *   https://docs.coingecko.com/v3.0.1/reference/common-errors-rate-limit (429 too many requests;
 *   10002 API key missing; 10010/10011 a Pro key on the Demo root or the reverse). The body
 *   `{"status":{"error_code":…,"error_message":"…"}}` is the error object CoinGecko answers with;
 *   the provider reads only `error_message`, and only to show it.
 */

/** https://docs.coingecko.com/v3.0.1/reference/simple-price, response example (verbatim). */
export const SIMPLE_PRICE_EXAMPLE = {
  bitcoin: {
    usd: 67187.3358936566,
    usd_market_cap: 1317802988326.25,
    usd_24h_vol: 31260929299.5248,
    usd_24h_change: 3.63727894677354,
    last_updated_at: 1711356300,
  },
} as const

/** https://docs.coingecko.com/v3.0.1/reference/simple-supported-currencies, schema example, plus fiat codes. */
export const SUPPORTED_VS_CURRENCIES_EXAMPLE = [
  'btc',
  'eth',
  'ltc',
  'bch',
  'bnb',
  'eos',
  'xrp',
  'usd',
  'eur',
  'gbp',
  'jpy',
  'chf',
] as const

/** A 429 as CoinGecko answers it (status 429, its error object). */
export const RATE_LIMITED_BODY = {
  status: {
    error_code: 429,
    error_message:
      "You've exceeded the Rate Limit. Please visit https://www.coingecko.com/en/api/pricing to subscribe to our API plans for higher rate limits.",
  },
} as const

/** A request without the key a plan needs (status 401, error code 10002). */
export const KEY_MISSING_BODY = {
  status: {
    error_code: 10002,
    error_message: "API Key Missing. Please make sure you're using the right authentication method.",
  },
} as const

/** A key that is not valid for this root URL (status 401, error code 10010). */
export const KEY_INVALID_BODY = {
  status: {
    error_code: 10010,
    error_message:
      'If you are using Pro API key, please change your root URL from api.coingecko.com to pro-api.coingecko.com',
  },
} as const
