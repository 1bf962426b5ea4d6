/**
 * Deriving the six accounts (EVM, Solana, Bitcoin, TRON, TON, Canton) from a passkey's PRF output
 * (`npm run bench:keys`): in Chromium with the web app's own code (its `deriveVault`, what sign-in
 * runs, built by the app's Vite config) against the same derivation in Node (`@stratos/keys`), in
 * one run. Prints ms per derivation, derivations per second and the ratio, and checks that both
 * derived the same addresses.
 *
 * Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) runs headless with a fresh profile;
 * the page is served from 127.0.0.1 on a free port. Bounded: BENCH_SECONDS (default 3) of
 * derivations per side, at most BENCH_MAX_DERIVATIONS (default 2000); everything stops at the end.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, extname, join, normalize, resolve, sep } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { Vault } from '@stratos/keys'
import { chromium } from 'playwright-core'
import { build } from 'vite'
import { type MeasureDerivationsReturnType, measureDerivations } from './measureDerivations.js'
import type { BenchKeysPage } from './page/main.js'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3)
const MAX_DERIVATIONS = Number(process.env.BENCH_MAX_DERIVATIONS ?? 2000)
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

const here = dirname(fileURLToPath(import.meta.url))
const webViteConfig = resolve(here, '../../apps/web/vite.config.ts')

// A fixed PRF output (any 32 bytes do): both sides derive from the same one.
const PRF = Array.from({ length: 32 }, (_, i) => (i * 7 + 1) & 0xff)

/** The same steps as the app's deriveVault: PRF -> vault -> addresses of account 0, then lock. */
function deriveInNode(): MeasureDerivationsReturnType {
  const source = Uint8Array.from(PRF)
  return measureDerivations({
    derive() {
      const vault = Vault.fromPrf(source.slice())
      try {
        return { ...vault.addresses() }
      } finally {
        vault.lock()
      }
    },
    budgetMs: SECONDS * 1000,
    maxCount: MAX_DERIVATIONS,
    now: () => performance.now(),
  })
}

/** Builds page/ with the web app's Vite config (same plugins, target, resolution) into `outDir`. */
async function buildPage(outDir: string): Promise<void> {
  await build({
    configFile: webViteConfig,
    root: join(here, 'page'),
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, manifest: false },
  })
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}

/** Serves `dir` on 127.0.0.1, a free port. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    const file = normalize(join(dir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(dir + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' })
    createReadStream(file).pipe(res)
  })
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, '127.0.0.1', ok))
  const { port } = server.address() as AddressInfo
  return { server, url: `http://127.0.0.1:${port}/` }
}

async function deriveInChromium(url: string, profile: string) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  })
  try {
    const version = context.browser()?.version() ?? 'unknown'
    const page = context.pages()[0] ?? (await context.newPage())
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(url)
    await page
      .waitForFunction(() => window.benchKeys !== undefined, null, { timeout: 15_000 })
      .catch(() => {
        throw new Error(`the bench page did not start${errors.length ? `: ${errors.join('; ')}` : ''}`)
      })
    const result = await page.evaluate(
      ([prf, budgetMs, maxCount]) => (window.benchKeys as BenchKeysPage).run(prf, budgetMs, maxCount),
      [PRF, SECONDS * 1000, MAX_DERIVATIONS] as const,
    )
    return { result, version }
  } finally {
    await context.close()
  }
}

function row(name: string, r: MeasureDerivationsReturnType): string {
  return [
    name.padEnd(34),
    String(r.count).padStart(11),
    r.msPerDerivation.toFixed(2).padStart(15),
    r.perSecond.toFixed(1).padStart(15),
  ].join('')
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'stratos-bench-keys-'))
  const outDir = join(work, 'page')
  const profile = join(work, 'chromium-profile')
  let server: Server | undefined
  try {
    const built = performance.now()
    await buildPage(outDir)
    console.log(
      `built the bench page with apps/web/vite.config.ts in ${(performance.now() - built).toFixed(0)} ms`,
    )
    const served = await serve(outDir)
    server = served.server

    const node = deriveInNode()
    const browser = await deriveInChromium(served.url, profile)

    const nodeAddresses = JSON.stringify(node.addresses)
    if (JSON.stringify(browser.result.addresses) !== nodeAddresses)
      throw new Error(
        `Chromium and Node derived different addresses:\n  node:     ${nodeAddresses}\n  chromium: ${JSON.stringify(browser.result.addresses)}`,
      )

    console.log(
      `\nDerive six accounts (EVM, Solana, Bitcoin, TRON, TON, Canton) from one PRF output, ${SECONDS} s per side`,
    )
    console.log(
      `${'where'.padEnd(34)}${'derivations'.padStart(11)}${'ms/derivation'.padStart(15)}${'derivations/s'.padStart(15)}`,
    )
    console.log(row(`Node ${process.version} (@stratos/keys)`, node))
    console.log(row(`Chromium ${browser.version} (web app)`, browser.result))
    console.log(
      `\nChromium / Node, time per derivation: ${(browser.result.msPerDerivation / node.msPerDerivation).toFixed(2)}x` +
        ` (same addresses on both: ${String(node.addresses.evm)} …)`,
    )
  } finally {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
    rmSync(work, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
