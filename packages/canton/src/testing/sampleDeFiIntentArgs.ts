/**
 * A well-formed `DeFiIntent` create argument as the JSON Ledger API carries it (mixed-case hex, a
 * deadline with microseconds), for tests of what parses it.
 */
export const SAMPLE_DEFI_INTENT_ARGS = {
  institution: 'inst::1220aa',
  operator: 'op::1220bb',
  intentId: `0x${'AB'.repeat(32)}`,
  vaultId: `0x${'11'.repeat(32)}`,
  chainId: '31337',
  vault: `0x${'22'.repeat(20)}`,
  adapter: `0x${'33'.repeat(20)}`,
  callData: '0xf2b9fdb8',
  value: '1000',
  nonce: '3',
  deadline: '2030-01-01T00:00:00.123456Z',
  regulator: 'reg::1220cc',
} as const
