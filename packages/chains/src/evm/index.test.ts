import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { describe, expect, test } from 'vitest'

describe('@stratos/chains evm (index.ts)', () => {
  test('behavior: the adapter bundles for the browser and for workerd, with no Node built-in', async () => {
    for (const platform of ['browser', 'neutral'] as const) {
      const result = await build({
        entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
        bundle: true,
        write: false,
        format: 'esm',
        platform,
        mainFields: ['browser', 'module', 'main'],
        conditions: ['browser', 'import'],
        logLevel: 'silent',
        metafile: true,
      })
      const inputs = Object.keys(result.metafile.inputs)
      expect(inputs.filter((path) => /^node:|\/node_modules\/@types\/node\//.test(path))).toEqual([])
      expect(inputs.some((path) => path.endsWith('evm/createEvmAdapter.ts'))).toBe(true)
    }
  })
})
