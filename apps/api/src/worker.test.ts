import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { bundleWorker } from './testing/workerd.js'

describe('the Worker bundle', () => {
  test('behavior: the product Worker, bundled as wrangler deploys it, imports no Node module', () => {
    const dir = bundleWorker(join(import.meta.dirname, 'worker.ts'), 'api-product')
    const bundle = readFileSync(join(dir, 'worker.js'), 'utf8')
    // Only node.ts (the Node server) may use Node's APIs: none of them may reach the Worker, where
    // they would come from wrangler's nodejs_compat stand-ins.
    const nodeImports = [
      ...bundle.matchAll(
        /(?:from\s*|import\(\s*|require\(\s*)["'](node:[\w/]+|(?:fs|net|os|child_process|crypto|stream|path|http|https|worker_threads)(?:\/[\w/]+)?)["']/g,
      ),
    ].map((match) => match[1])
    expect([...new Set(nodeImports)]).toEqual([])
  }, 120_000)
})
