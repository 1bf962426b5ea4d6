import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * `@stratos/dock-sdk` publishes a build (dist/); tests run its sources unbuilt. An alias, not the
 * `@stratos/source` condition: a custom condition list changes how every other package resolves.
 */
const dockSdkSource = fileURLToPath(new URL('./packages/dock-sdk/src/index.ts', import.meta.url))

export default defineConfig({
  resolve: { alias: { '@stratos/dock-sdk': dockSdkSource } },
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
