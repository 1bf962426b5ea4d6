import { defaultServerConditions } from 'vite'
import { defineConfig } from 'vitest/config'

/**
 * `@stratos/source`: the export condition of workspace packages that publish a build
 * (`@stratos/dock-sdk`) and point it at their sources, so tests run them unbuilt.
 */
const sourceConditions = ['@stratos/source', ...defaultServerConditions]

export default defineConfig({
  ssr: { resolve: { conditions: sourceConditions } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
      'contracts/src/**/*.test.ts',
      'deploy/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    globalSetup: ['./vitest.globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
