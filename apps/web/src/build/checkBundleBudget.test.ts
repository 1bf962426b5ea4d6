import { gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { checkBundleBudget, type Manifest } from './checkBundleBudget'

// Incompressible bytes, so a file's gzip size is close to its length and the budgets below are
// clearly under or over.
function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  for (let i = 0; i < length; i += 65_536) crypto.getRandomValues(bytes.subarray(i, i + 65_536))
  return bytes
}

// An entry with a shared chunk, a lazily loaded page that shares it too, and a lazily loaded
// part of that page that no route counts.
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_shared.js'],
    dynamicImports: ['src/page.ts'],
    css: ['assets/index.css'],
  },
  '_shared.js': { file: 'assets/shared.js' },
  'src/page.ts': {
    file: 'assets/page.js',
    isDynamicEntry: true,
    imports: ['_shared.js', 'index.html'],
    dynamicImports: ['src/qr.ts'],
  },
  'src/qr.ts': { file: 'assets/qr.js', isDynamicEntry: true },
}
const files: Record<string, Uint8Array> = {
  'assets/index.js': randomBytes(10_000),
  'assets/shared.js': randomBytes(20_000),
  'assets/page.js': randomBytes(30_000),
  'assets/qr.js': randomBytes(40_000),
}
const readFile = (file: string) => {
  const bytes = files[file]
  if (!bytes) throw new Error(`test read a file the route does not load: ${file}`)
  return bytes
}
const gz = (...names: string[]) => names.reduce((sum, f) => sum + gzipSync(files[f]!).byteLength, 0)

describe('checkBundleBudget', () => {
  test('behavior: a route counts its chunks and their static imports once each, not dynamic imports', () => {
    const { routes } = checkBundleBudget({
      manifest,
      readFile,
      routes: [
        { route: 'home', chunks: ['index.html'], budgetBytes: 1_000_000 },
        { route: 'page', chunks: ['index.html', 'src/page.ts'], budgetBytes: 1_000_000 },
      ],
    })
    expect(routes.map((r) => [r.route, r.files, r.gzipBytes])).toEqual([
      ['home', ['assets/index.js', 'assets/shared.js'], gz('assets/index.js', 'assets/shared.js')],
      [
        'page',
        ['assets/index.js', 'assets/shared.js', 'assets/page.js'],
        gz('assets/index.js', 'assets/shared.js', 'assets/page.js'),
      ],
    ])
  })

  test('behavior: under budget, every route is ok and there is no failure', () => {
    const result = checkBundleBudget({
      manifest,
      readFile,
      routes: [{ route: 'page', chunks: ['index.html', 'src/page.ts'], budgetBytes: 70_000 }],
    })
    expect(result.failures).toEqual([])
    expect(result.routes[0]!.withinBudget).toBe(true)
    expect(result.table).toMatch(/^page\s+70\.0 kB\s+6\d\.\d kB\s+3\s+ok$/m)
  })

  test('behavior: over budget, the failure names the route, its size and its budget', () => {
    const result = checkBundleBudget({
      manifest,
      readFile,
      routes: [
        { route: 'home', chunks: ['index.html'], budgetBytes: 70_000 },
        { route: 'page', chunks: ['index.html', 'src/page.ts'], budgetBytes: 50_000 },
      ],
    })
    const size = gz('assets/index.js', 'assets/shared.js', 'assets/page.js')
    expect(result.routes.map((r) => r.withinBudget)).toEqual([true, false])
    expect(result.failures).toEqual([
      `page: ${(size / 1000).toFixed(1)} kB of JavaScript (gzip) is over its budget of 50.0 kB by ${((size - 50_000) / 1000).toFixed(1)} kB`,
    ])
    expect(result.table).toMatch(/^page\s+50\.0 kB\s+6\d\.\d kB\s+3\s+OVER$/m)
  })

  test('error: a route naming a chunk the manifest lacks says which', () => {
    expect(() =>
      checkBundleBudget({
        manifest,
        readFile,
        routes: [{ route: 'dashboard', chunks: ['index.html', 'src/gone.ts'], budgetBytes: 1 }],
      }),
    ).toThrow("route 'dashboard': no chunk 'src/gone.ts' in the build manifest")
  })

  test('error: a chunk importing a key the manifest lacks says which', () => {
    expect(() =>
      checkBundleBudget({
        manifest: { 'index.html': { file: 'assets/index.js', imports: ['_missing.js'] } },
        readFile,
        routes: [{ route: 'home', chunks: ['index.html'], budgetBytes: 1 }],
      }),
    ).toThrow(
      "route 'home': chunk 'index.html' imports '_missing.js', which the build manifest does not have",
    )
  })

  test('error: a route without chunks or with a budget <= 0 is refused', () => {
    expect(() =>
      checkBundleBudget({ manifest, readFile, routes: [{ route: 'none', chunks: [], budgetBytes: 1 }] }),
    ).toThrow("route 'none': no chunks to measure")
    expect(() =>
      checkBundleBudget({
        manifest,
        readFile,
        routes: [{ route: 'zero', chunks: ['index.html'], budgetBytes: 0 }],
      }),
    ).toThrow("route 'zero': budgetBytes must be > 0, got 0")
  })
})
