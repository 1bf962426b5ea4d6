import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { bundleWorker } from './testing/workerd.js'

/**
 * Modules that bring a Node import the Worker never reaches, each with why. `@solana/keys` (under
 * the Solana adapter's `@solana/kit`) publishes its Node build for the `workerd` condition, which
 * imports `fs/promises` and `path` at the top for `grindKeyPairs`, a key-grinding helper that writes
 * files and that nothing here calls; workerd's nodejs_compat resolves both imports.
 */
const NODE_IMPORTS_ALLOWED_IN: Record<string, string[]> = {
  'node_modules/@solana/keys/dist/index.node.mjs': ['fs/promises', 'path'],
}

const NODE_IMPORT =
  /(?:from\s*|import\(\s*|require\(\s*)["'](node:[\w/]+|(?:fs|net|os|child_process|crypto|stream|path|http|https|worker_threads)(?:\/[\w/]+)?)["']/g

describe('the Worker bundle', () => {
  test('behavior: the product Worker, bundled as wrangler deploys it, imports no Node module', () => {
    const dir = bundleWorker(join(import.meta.dirname, 'worker.ts'), 'api-product')
    const bundle = readFileSync(join(dir, 'worker.js'), 'utf8')
    // Only node.ts (the Node server) may use Node's APIs: none of them may reach the Worker, where
    // they would come from wrangler's nodejs_compat stand-ins. esbuild starts each module's code
    // with a `// <path>` comment: each import is charged to the module it sits in.
    const found: string[] = []
    let module = ''
    for (const line of bundle.split('\n')) {
      const header = /^\/\/ (\S+)$/.exec(line)
      if (header) module = header[1]!
      for (const match of line.matchAll(NODE_IMPORT)) {
        const allowed = Object.entries(NODE_IMPORTS_ALLOWED_IN).some(
          ([path, names]) => module.endsWith(path) && names.includes(match[1]!),
        )
        if (!allowed) found.push(`${match[1]} (in ${module})`)
      }
    }
    expect([...new Set(found)]).toEqual([])
  }, 120_000)
})
