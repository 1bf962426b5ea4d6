/** Which test app a request to the test Worker (`workerTestEntry.ts`) is for. */
export const TEST_APP_HEADER = 'x-stratos-test-app'
/** How far the test app's clock is ahead of the system's, in ms. */
export const TEST_CLOCK_HEADER = 'x-stratos-test-clock-offset'
