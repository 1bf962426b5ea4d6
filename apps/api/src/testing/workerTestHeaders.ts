/** Which test app a request to the test Worker (`workerTestEntry.ts`) is for. */
export const TEST_APP_HEADER = 'x-stratos-test-app'
/** How far the test app's clock is ahead of the system's, in ms. */
export const TEST_CLOCK_HEADER = 'x-stratos-test-clock-offset'

/** Set when the test sent no User-Agent: the one Node's fetch adds on the way is removed. */
export const TEST_NO_USER_AGENT_HEADER = 'x-stratos-test-no-user-agent'

/** JSON with BigInts (address ranges of TRUSTED_PROXIES), for a test app's settings. */
export function toTestJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v))
}

export function fromTestJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && '$bigint' in v ? BigInt((v as { $bigint: string }).$bigint) : v,
  ) as T
}
