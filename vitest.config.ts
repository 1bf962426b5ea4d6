import { defineConfig } from 'vitest/config'

export default defineConfig({
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
