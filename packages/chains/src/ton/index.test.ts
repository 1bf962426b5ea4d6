import { readFileSync } from 'node:fs'
import { createContext, runInContext } from 'node:vm'
import { build } from 'esbuild'
import { describe, expect, test } from 'vitest'
import type { createTonAdapter } from './index.js'

describe('@stratos/chains TON adapter in a browser', () => {
  test('behavior: bundled for the browser it imports no Node module, names no Buffer, and runs where neither exists', async () => {
    const result = await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'tonAdapter',
      write: false,
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.text
    expect(code).not.toMatch(/["']node:/)
    expect(code).not.toMatch(/\bBuffer\b/)
    // A context with the Web APIs the adapter uses and none of Node's (no Buffer, process, require).
    const fixture = JSON.parse(
      readFileSync(new URL('./localChain/fixtures/getTransactions.mainnet.json', import.meta.url), 'utf8'),
    ).response
    const context = createContext({
      fetch: async () => new Response(JSON.stringify(fixture)),
      Response,
      URL,
      URLSearchParams,
      TextEncoder,
      TextDecoder,
      Uint8Array,
      console,
    })
    runInContext(code, context)
    expect(runInContext('typeof Buffer + typeof process + typeof require', context)).toBe(
      'undefinedundefinedundefined',
    )
    const create = (context.tonAdapter as { createTonAdapter: typeof createTonAdapter }).createTonAdapter
    const adapter = create({ endpoint: 'https://toncenter.com/api/v2' })
    const page = await adapter.getHistory('EQCQCLTvR0XYTyM0uxh_H8kLAR7u7v98pEKZKpbq8w2peuNY', { limit: 2 })
    expect(page.items.map((i) => [i.direction, i.amount])).toEqual([
      ['out', 100_000_000n],
      ['in', 1_000_000_000n],
    ])
  })
})
