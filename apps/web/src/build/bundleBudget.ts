/**
 * The web app's JavaScript budgets, checked after every `vite build` (`npm run build -w
 * @stratos/web`): prints what each route loads (gzip) and exits non-zero, naming the route and
 * the sizes, when one is over budget. Usage: `tsx src/build/bundleBudget.ts [distDir]` (default
 * apps/web/dist).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkBundleBudget, type Manifest, type RouteBudget } from './checkBundleBudget'

const DEFAULT_DIST = join(dirname(fileURLToPath(import.meta.url)), '../../dist')

/**
 * What each route loads, by manifest key (a lazily loaded module's source path). What loads only
 * on an action (QR code, Canton and DeFi reviews, backup passkey) is not counted.
 */
const ROUTE_BUDGETS: RouteBudget[] = [
  { route: 'sign-in (/)', chunks: ['index.html'], budgetBytes: 150_000 },
  {
    // Signed in (the key derivation that unlocked it), with a DeFi vault: the largest dashboard
    // a returning user sees.
    route: 'dashboard, unlocked (/dashboard)',
    chunks: [
      'index.html',
      'src/features/dashboard/index.ts',
      'src/features/auth/signInWithPasskey.ts',
      'src/features/defi/VaultPanel.tsx',
    ],
    budgetBytes: 300_000,
  },
  {
    // Right after creating an account: the dashboard sets up the Canton party by itself, so the
    // Canton client loads with it. Seen once per account; 305 kB measured with sessions, step-up,
    // recovery and operators in the API contract the app checks every answer against.
    route: 'dashboard, new account (+ Canton onboarding)',
    chunks: [
      'index.html',
      'src/features/dashboard/index.ts',
      'src/features/auth/createAccount.ts',
      'src/features/canton/onboardCanton.ts',
    ],
    budgetBytes: 320_000,
  },
  {
    // The dock: the page, its bridge and the EVM reviews (decoding, simulation, typed data).
    route: 'dock (/dock)',
    chunks: ['index.html', 'src/features/dock/DockPage.tsx'],
    budgetBytes: 300_000,
  },
  {
    route: 'admin console (/admin)',
    chunks: ['index.html', 'src/features/admin/index.ts'],
    budgetBytes: 300_000,
  },
]

function main(dist: string) {
  const manifestPath = join(dist, '.vite/manifest.json')
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest
  } catch (cause) {
    throw new Error(`cannot read ${manifestPath}: run vite build (with build.manifest: true) first`, {
      cause,
    })
  }
  const { table, failures } = checkBundleBudget({
    manifest,
    readFile: (file) => readFileSync(join(dist, file)),
    routes: ROUTE_BUDGETS,
  })
  console.log(`\nJavaScript per route (apps/web/src/build/bundleBudget.ts):\n${table}\n`)
  if (failures.length > 0) {
    console.error(`Over budget:\n${failures.map((f) => `  ${f}`).join('\n')}`)
    process.exitCode = 1
  }
}

main(process.argv[2] ?? DEFAULT_DIST)
