import { gzipSync } from 'node:zlib'

/** One chunk of Vite's build manifest (`build.manifest: true`), keyed by its source (or `_shared`) name. */
export interface ManifestChunk {
  file: string
  src?: string | undefined
  isEntry?: boolean | undefined
  isDynamicEntry?: boolean | undefined
  /** Manifest keys of the chunks this one imports statically: they load with it. */
  imports?: string[] | undefined
  /** Manifest keys of the chunks this one may `import()` later: they do not load with it. */
  dynamicImports?: string[] | undefined
  css?: string[] | undefined
}

export type Manifest = Record<string, ManifestChunk>

/** A route's JavaScript budget. */
export interface RouteBudget {
  /** How the table names it, e.g. "sign-in (/)". */
  route: string
  /**
   * Manifest keys of what the route loads: the entry (`index.html`) and the lazily loaded chunks
   * it renders. Each one's static imports count too, transitively.
   */
  chunks: string[]
  /** Most gzip bytes of JavaScript the route may load. */
  budgetBytes: number
}

export interface RouteSize {
  route: string
  /** The JavaScript files the route loads, each once. */
  files: string[]
  gzipBytes: number
  budgetBytes: number
  withinBudget: boolean
}

export interface CheckBundleBudgetParameters {
  manifest: Manifest
  /** The built file's bytes, by its manifest `file` path (relative to the output directory). */
  readFile(file: string): Uint8Array
  routes: RouteBudget[]
}

export interface CheckBundleBudgetReturnType {
  routes: RouteSize[]
  /** A text table: route, budget, gzip size, file count, ok or OVER. */
  table: string
  /** One line per route over budget, naming it and both sizes; empty when all fit. */
  failures: string[]
}

/** The JavaScript files that load with `keys`: each chunk and its static imports, transitively, once. */
function filesLoadedWith(manifest: Manifest, keys: string[], route: string): string[] {
  const seen = new Set<string>()
  const files: string[] = []
  const visit = (key: string, from: string | null) => {
    if (seen.has(key)) return
    const chunk = manifest[key]
    if (!chunk)
      throw new Error(
        from === null
          ? `route '${route}': no chunk '${key}' in the build manifest (renamed or no longer lazily loaded?)`
          : `route '${route}': chunk '${from}' imports '${key}', which the build manifest does not have`,
      )
    seen.add(key)
    if (chunk.file.endsWith('.js')) files.push(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported, key)
  }
  for (const key of keys) visit(key, null)
  return files
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

/**
 * Measures, for each route, the gzip size of the JavaScript it loads (the given chunks and their
 * static imports, transitively, each file counted once) against its budget. Sizes are gzip at
 * zlib's default level, as a server compresses them; 1 kB = 1000 bytes, as Vite reports.
 * Throws when a route names a chunk the manifest does not have.
 */
export function checkBundleBudget({
  manifest,
  readFile,
  routes,
}: CheckBundleBudgetParameters): CheckBundleBudgetReturnType {
  const gzipCache = new Map<string, number>()
  const gzipBytesOf = (file: string) => {
    let size = gzipCache.get(file)
    if (size === undefined) {
      size = gzipSync(readFile(file)).byteLength
      gzipCache.set(file, size)
    }
    return size
  }

  const sizes = routes.map(({ route, chunks, budgetBytes }): RouteSize => {
    if (chunks.length === 0) throw new Error(`route '${route}': no chunks to measure`)
    if (!(budgetBytes > 0)) throw new Error(`route '${route}': budgetBytes must be > 0, got ${budgetBytes}`)
    const files = filesLoadedWith(manifest, chunks, route)
    const gzipBytes = files.reduce((sum, file) => sum + gzipBytesOf(file), 0)
    return { route, files, gzipBytes, budgetBytes, withinBudget: gzipBytes <= budgetBytes }
  })

  const header = ['route', 'budget (gzip)', 'JS (gzip)', 'files', '']
  const rows = sizes.map((s) => [
    s.route,
    kB(s.budgetBytes),
    kB(s.gzipBytes),
    String(s.files.length),
    s.withinBudget ? 'ok' : 'OVER',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd()
  const table = [line(header), ...rows.map(line)].join('\n')

  const failures = sizes
    .filter((s) => !s.withinBudget)
    .map(
      (s) =>
        `${s.route}: ${kB(s.gzipBytes)} of JavaScript (gzip) is over its budget of ${kB(s.budgetBytes)} by ${kB(s.gzipBytes - s.budgetBytes)}`,
    )
  return { routes: sizes, table, failures }
}
