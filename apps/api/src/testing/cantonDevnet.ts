import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import { afterAll, beforeAll } from 'vitest'
import type { CantonConfig } from '../config.js'
import { setUpCantonDevRegistry } from '../features/dev/setUpCantonDevRegistry.js'

const USER_ID = 'stratos-wallet'
/** The bearer token the suite's devnet registry requires, as a validator's scan-proxy requires one. */
export const TEST_REGISTRY_TOKEN = 'scan-proxy-test-token'

export interface TestCanton {
  devnet: CantonDevnet
  /** The API's Canton configuration for the devnet, with the dev registry's instrument. */
  config: CantonConfig
}

/**
 * Test helper (inside a `describe` or at file level): one in-memory canton-devnet for the suite,
 * set up like the dev stack does (the API's user, the `stratos-registry` party and its test
 * instrument). Its registry is the admin's own (`/registries/{admin}`) and wants a bearer token,
 * so every test that sends proves the API carries CANTON_REGISTRY_TOKEN. Read `.current` inside
 * tests.
 */
export function useCantonDevnet(): { readonly current: TestCanton } {
  let current: TestCanton | undefined
  beforeAll(async () => {
    const devnet = await startCantonDevnet({ registryToken: TEST_REGISTRY_TOKEN })
    const { admin, instrumentId } = await setUpCantonDevRegistry({
      url: devnet.url,
      adminToken: await devnet.adminToken(),
      userId: USER_ID,
      userToken: await devnet.tokenFor(USER_ID),
    })
    current = {
      devnet,
      config: {
        url: devnet.url,
        synchronizerId: undefined,
        auth: { kind: 'hs256', secret: devnet.jwtSecret, audience: undefined },
        userId: USER_ID,
        registryUrl: `${devnet.url}/registries/${encodeURIComponent(admin)}`,
        registryToken: TEST_REGISTRY_TOKEN,
        instrument: { admin, id: instrumentId },
      },
    }
  })
  afterAll(async () => {
    await current?.devnet.stop()
  })
  return {
    get current() {
      if (!current) throw new Error('useCantonDevnet: the devnet is not started yet (use it inside a test)')
      return current
    },
  }
}
