/**
 * The wallet's dashboard balances (`npm run bench:chains`): six networks (two EVM chains, Solana,
 * Bitcoin, TRON, TON), five tokens on each family that has tokens (Bitcoin has none), one user,
 * loaded as the web app loads them: every network's `adapter.getBalances(address, tokens)` at
 * once, through the API's chain proxy (`/api/chains/:id`), with the adapters the browser runs.
 *
 * Set-up, all on 127.0.0.1: the local chains (`@stratos/chains/<family>-local`) started with five
 * tokens each; the API in this process (`startApiServer`) on a fresh SQLite database with the
 * chains upserted as its networks (`upsertDevNetworks`, as `stratos dev` does), chain rate limits
 * off; one user registered with a passkey (soft authenticator) and addresses derived by
 * `@stratos/keys`, funded with some of every asset first, so every balance read is non-zero.
 *
 * Measured, in one run:
 * - cold load: fresh adapters (as after a page load), all networks at once; the first one of the
 *   process apart (it also pays for the JIT and the server's first requests), then a median;
 * - cached load: the same adapters again (what a dashboard refresh costs); median;
 * - every HTTP request the adapters make (an instrumented `fetch`: each from call to last byte);
 * - each network's load alone, cold and cached;
 * - the baseline: every distinct request the loads made, made again alone (one at a time, the
 *   median of BENCH_LOADS each); the slowest one's time is the call no dashboard load can be
 *   faster than. The ratio dashboard load / slowest single call says how close a load comes to
 *   it: 1 would be every call in parallel at no cost of its own. Each is also made straight to
 *   the chain: the difference is the proxy's cost per call.
 * Everything but the anvils runs in this one process (API, adapters, the Solana, TON, TRON and
 * Bitcoin local chains): the CPU it used per load is printed beside the wall time.
 * Figures only, never a pass mark; a wrong balance or a failed request sets the exit code.
 *
 * Knobs: BENCH_LOADS (loads per measure, default 10).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createLogger, loadConfig, startApiServer } from '@stratos/api'
import { type DevNetwork, upsertDevNetworks } from '@stratos/api/dev'
import type { Balances, ChainAdapter, LocalChain, TokenRef } from '@stratos/chains'
import { createBitcoinAdapter } from '@stratos/chains/bitcoin'
import { startBitcoinLocalChain } from '@stratos/chains/bitcoin-local'
import { createEvmAdapter } from '@stratos/chains/evm'
import { startEvmLocalChain } from '@stratos/chains/evm-local'
import { createSolanaAdapter } from '@stratos/chains/solana'
import { startSolanaLocalChain } from '@stratos/chains/solana-local'
import { createTonAdapter } from '@stratos/chains/ton'
import { startTonLocalChain } from '@stratos/chains/ton-local'
import { createTronAdapter } from '@stratos/chains/tron'
import { startTronLocalChain } from '@stratos/chains/tron-local'
import { createDatabase, migrateToLatest } from '@stratos/db'
import { Vault } from '@stratos/keys'
import { registerUsers } from '../benchHelpers.js'

const LOADS = Number(process.env.BENCH_LOADS ?? 10)
const MAX_LOADS = 100
/** No load waits longer: a stuck chain ends the run instead of hanging it. */
const LOAD_TIMEOUT_MS = 30_000
const ORIGIN = 'http://localhost:8787'
const MNEMONIC = 'legal winner thank year wave sausage worth useful legal winner thank yellow'

/** Five tokens per family that has tokens, named like the usual ones (they are test tokens). */
const TOKENS = {
  evm: [
    { symbol: 'tUSDC', decimals: 6 },
    { symbol: 'tUSDT', decimals: 6 },
    { symbol: 'tDAI', decimals: 18 },
    { symbol: 'tWBTC', decimals: 8 },
    { symbol: 'tLINK', decimals: 18 },
  ],
  solana: [
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'USDT', decimals: 6 },
    { symbol: 'BONK', decimals: 5 },
    { symbol: 'JUP', decimals: 6 },
    { symbol: 'PYTH', decimals: 6 },
  ],
  tron: [
    { symbol: 'USDT', decimals: 6 },
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'BTT', decimals: 18, supply: 10n ** 30n },
    { symbol: 'WIN', decimals: 6 },
    { symbol: 'JST', decimals: 18, supply: 10n ** 30n },
  ],
  ton: [
    { symbol: 'USDT', decimals: 6 },
    { symbol: 'NOT', decimals: 9 },
    { symbol: 'DOGS', decimals: 9 },
    { symbol: 'STON', decimals: 9 },
    { symbol: 'SCALE', decimals: 9 },
  ],
}

/** The networks of the run, as `stratos dev` names them. */
const NETWORKS = [
  {
    id: 'evm-31337',
    name: 'Anvil',
    symbol: 'ETH',
    decimals: 18,
    start: () => startEvmLocalChain({ chainId: 31337, tokens: TOKENS.evm }),
  },
  {
    id: 'evm-31338',
    name: 'Anvil 2',
    symbol: 'ETH',
    decimals: 18,
    start: () => startEvmLocalChain({ chainId: 31338, tokens: TOKENS.evm }),
  },
  {
    id: 'solana-local',
    name: 'Solana (local)',
    symbol: 'SOL',
    decimals: 9,
    start: () => startSolanaLocalChain({ tokens: TOKENS.solana }),
  },
  {
    id: 'bitcoin-regtest',
    name: 'Bitcoin regtest',
    symbol: 'BTC',
    decimals: 8,
    start: () => startBitcoinLocalChain(),
  },
  {
    id: 'tron-local',
    name: 'TRON local',
    symbol: 'TRX',
    decimals: 6,
    start: () => startTronLocalChain({ tokens: TOKENS.tron }),
  },
  {
    id: 'ton-local',
    name: 'TON local',
    symbol: 'TON',
    decimals: 9,
    start: () => startTonLocalChain({ tokens: TOKENS.ton }),
  },
] as const

/** One HTTP request an adapter made: which network, what, how long to the last byte. */
interface Call {
  network: string
  what: string
  ms: number
  status: number
  /** The request as sent, to make it again alone; `direct`: the same request to the chain itself. */
  request: {
    url: string
    direct: string
    method: string
    headers: [string, string][]
    body: string | undefined
  }
}

/** One load of one or more networks: wall time, per network its finish time and its calls. */
interface Load {
  ms: number
  /** CPU this process used meanwhile (API, adapters, the in-process chains; not the anvils). */
  cpuMs: number
  networks: Map<string, { ms: number; calls: Call[] }>
}

interface WalletNetwork {
  id: string
  family: 'evm' | 'solana' | 'bitcoin' | 'tron' | 'ton'
  name: string
  chainId: number | null
  bitcoinNetwork: 'mainnet' | 'testnet' | 'regtest' | null
  tonNetwork: 'mainnet' | 'testnet' | null
  tokens: TokenRef[]
}

async function main() {
  if (!Number.isInteger(LOADS) || LOADS < 1 || LOADS > MAX_LOADS)
    throw new Error(`BENCH_LOADS must be a whole number from 1 to ${MAX_LOADS}`)
  const dir = mkdtempSync(join(tmpdir(), 'stratos-bench-chains-'))
  const chains: LocalChain[] = []
  const cleanup: (() => Promise<unknown>)[] = []
  try {
    const started = await Promise.allSettled(NETWORKS.map((n) => n.start()))
    for (const result of started) if (result.status === 'fulfilled') chains.push(result.value)
    cleanup.push(() => Promise.allSettled(chains.map((chain) => chain.stop())))
    const failed = started.find((r) => r.status === 'rejected')
    if (failed) throw failed.reason

    // The user: addresses as the web app uses them on these networks (Bitcoin regtest and TON
    // testnet have addresses of their own).
    const vault = Vault.fromMnemonic(MNEMONIC)
    const stored = vault.addresses()
    const onTestNetworks = vault.addresses({ bitcoinNetwork: 'regtest', tonNetwork: 'testnet' })
    const addressOn = (family: WalletNetwork['family']) =>
      family === 'bitcoin' || family === 'ton' ? onTestNetworks[family] : stored[family]

    // Some of every asset, so every balance read is a real one.
    const expected = new Map<string, Balances>()
    await Promise.all(
      NETWORKS.map(async (n, i) => {
        const chain = chains[i]!
        const address = addressOn(chain.family)
        const native = chain.family === 'bitcoin' ? 150_000n : 10n ** BigInt(n.decimals) * 3n
        await chain.fund(address, native)
        const tokens = []
        for (const [k, token] of chain.tokens.entries()) {
          const amount = 10n ** BigInt(token.decimals) * BigInt(k + 1)
          await chain.fund(address, amount, token.address)
          tokens.push({ token: token.address, amount })
        }
        expected.set(n.id, { native, tokens })
      }),
    )
    const bitcoin = chains[NETWORKS.findIndex((n) => n.id === 'bitcoin-regtest')] as LocalChain & {
      mine(blocks?: number): string[]
    }
    bitcoin.mine(1)

    const db = createDatabase({ kind: 'sqlite', file: join(dir, 'stratos.sqlite') })
    cleanup.push(() => db.destroy())
    await migrateToLatest(db)
    const random = () => Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
    const instanceKey = random()
    const devNetworks: DevNetwork[] = NETWORKS.map((n, i) => ({
      id: n.id,
      family: chains[i]!.family,
      name: n.name,
      networkId: chains[i]!.networkId,
      nativeSymbol: n.symbol,
      nativeDecimals: n.decimals,
      endpoint: chains[i]!.endpoint,
      tokens: chains[i]!.tokens,
    }))
    await upsertDevNetworks(db, instanceKey, devNetworks, new Date())
    const config = await loadConfig(
      {
        PUBLIC_ORIGIN: ORIGIN,
        INSTANCE_KEY: instanceKey,
        SESSION_SECRET: random(),
        EVM_RPC_URL: chains[0]!.endpoint,
        RATE_LIMIT_CHAINS_IP: 'off',
        RATE_LIMIT_CHAINS_ACCOUNT: 'off',
        RATE_LIMIT_AUTH_IP: 'off',
        RATE_LIMIT_AUTH_ACCOUNT: 'off',
      },
      db,
    )
    const server = await startApiServer({ db, config, port: 0, logger: createLogger({ level: 'silent' }) })
    cleanup.push(() => server.close())

    const {
      cookies: [cookie],
    } = await registerUsers(server.url, ORIGIN, 1, () => stored)

    // What the dashboard reads first: the networks and their tokens (GET /api/networks).
    const networksStarted = performance.now()
    const listed = await fetch(`${server.url}/api/networks`, { headers: { cookie: cookie!, origin: ORIGIN } })
    if (!listed.ok) throw new Error(`GET /api/networks: ${listed.status} ${await listed.text()}`)
    const { networks } = (await listed.json()) as { networks: WalletNetwork[] }
    const networksMs = performance.now() - networksStarted

    const failures: string[] = []
    const familyOf = (id: string) => networks.find((n) => n.id === id)!.family
    /** A fetch that signs in as the user, as the browser's does, and times each request. */
    const instrumented =
      (network: string, record: (call: Call) => void): typeof fetch =>
      async (input, init) => {
        const request = new Request(input, init)
        const headers = new Headers(request.headers)
        headers.set('cookie', cookie!)
        headers.set('origin', ORIGIN)
        const url = new URL(request.url)
        const body = request.method === 'GET' ? undefined : await request.text()
        const path = url.pathname.slice(`/api/chains/${network}`.length) || '/'
        const what = [request.method, path, body === undefined ? '' : calledIn(body)]
          .filter(Boolean)
          .join(' ')
          .replaceAll(addressOn(familyOf(network)), '<address>')
        const started = performance.now()
        const response = await fetch(url, { method: request.method, headers, body: body ?? null })
        const bytes = await response.arrayBuffer()
        const ms = performance.now() - started
        // The proxy's own mapping: a JSON-RPC endpoint as it is, an HTTP API's base + path + query.
        const endpoint = chains[NETWORKS.findIndex((n) => n.id === network)]!.endpoint
        const direct = path === '/' ? endpoint : `${endpoint.replace(/\/+$/, '')}${path}${url.search}`
        const sent = { url: url.href, direct, method: request.method, headers: [...headers], body }
        record({ network, what, ms, status: response.status, request: sent })
        if (response.status >= 400) failures.push(`${network} ${what}: HTTP ${response.status}`)
        return new Response(bytes, { status: response.status, headers: response.headers })
      }

    /** Fresh adapters for `list`, as the web app makes them (one per network), whose calls go to `calls`. */
    const adaptersFor = (list: WalletNetwork[], calls: { current: Call[] }) =>
      new Map(
        list.map((network) => {
          const endpoint = `${server.url}/api/chains/${encodeURIComponent(network.id)}`
          const fetch = instrumented(network.id, (call) => calls.current.push(call))
          return [network.id, createAdapter(network, endpoint, fetch)] as const
        }),
      )

    /** Every network of `list` at once, as `useQueries` starts them; checks what each answers. */
    async function load(
      list: WalletNetwork[],
      adapters: Map<string, ChainAdapter>,
      calls: { current: Call[] },
    ): Promise<Load> {
      calls.current = []
      const cpu = process.cpuUsage()
      const started = performance.now()
      const finished = new Map<string, number>()
      await withTimeout(
        Promise.all(
          list.map(async (network) => {
            const balances = await adapters.get(network.id)!.getBalances(
              addressOn(network.family),
              network.tokens.map(({ address, symbol, decimals }) => ({ address, symbol, decimals })),
            )
            finished.set(network.id, performance.now() - started)
            const wanted = expected.get(network.id)!
            if (!sameBalances(balances, wanted))
              failures.push(`${network.id}: balances ${show(balances)} where ${show(wanted)} were funded`)
          }),
        ),
      )
      const ms = performance.now() - started
      const { user, system } = process.cpuUsage(cpu)
      const byNetwork = new Map<string, { ms: number; calls: Call[] }>()
      for (const network of list)
        byNetwork.set(network.id, {
          ms: finished.get(network.id)!,
          calls: calls.current.filter((c) => c.network === network.id),
        })
      return { ms, cpuMs: (user + system) / 1000, networks: byNetwork }
    }

    const calls = { current: [] as Call[] }
    const coldLoad = () => load(networks, adaptersFor(networks, calls), calls)

    // 1. The dashboard: the first load of the process, then cold loads, then cached ones.
    const first = await coldLoad()
    const cold: Load[] = []
    for (let i = 0; i < LOADS; i++) cold.push(await coldLoad())
    const cachedAdapters = adaptersFor(networks, calls)
    await load(networks, cachedAdapters, calls)
    const cached: Load[] = []
    for (let i = 0; i < LOADS; i++) cached.push(await load(networks, cachedAdapters, calls))

    // 2. Each network alone, cold and cached: the single calls with nothing beside them.
    const alone = new Map<string, { cold: Load[]; cached: Load[] }>()
    for (const network of networks) {
      const one = [network]
      const lone = { cold: [] as Load[], cached: [] as Load[] }
      for (let i = 0; i < LOADS; i++) lone.cold.push(await load(one, adaptersFor(one, calls), calls))
      const adapters = adaptersFor(one, calls)
      await load(one, adapters, calls)
      for (let i = 0; i < LOADS; i++) lone.cached.push(await load(one, adapters, calls))
      alone.set(network.id, lone)
    }

    // The baseline: every distinct request of a load made again alone, one at a time, LOADS
    // times each; its median is that call's time. The slowest call's is the baseline.
    // The same request but for its JSON-RPC id is one call.
    const keyOf = (c: Call) => JSON.stringify([c.request.method, c.request.url, withoutIds(c.request.body)])
    const coldLoads = [...cold, ...[...alone.values()].flatMap((a) => a.cold)]
    const cachedLoads = [...cached, ...[...alone.values()].flatMap((a) => a.cached)]
    const distinct = new Map<string, Call>()
    for (const l of [...coldLoads, ...cachedLoads])
      for (const n of l.networks.values()) for (const c of n.calls) distinct.set(keyOf(c), c)
    const single = new Map<string, number>()
    const proxyCost: number[] = []
    const time = async (url: string, call: Call) => {
      const started = performance.now()
      const response = await fetch(url, {
        method: call.request.method,
        headers: call.request.headers,
        body: call.request.body ?? null,
      })
      await response.arrayBuffer()
      if (!response.ok) failures.push(`${call.network} ${call.what} alone: HTTP ${response.status}`)
      return performance.now() - started
    }
    for (const [key, call] of distinct) {
      const proxied: number[] = []
      const direct: number[] = []
      // Alternately through the proxy and to the chain itself, so both meet the same machine.
      for (let i = 0; i < LOADS; i++) {
        proxied.push(await time(call.request.url, call))
        direct.push(await time(call.request.direct, call))
      }
      single.set(key, median(proxied))
      proxyCost.push(median(proxied) - median(direct))
    }
    /** The slowest call of `loads` (of `network` only, when given), by its time made alone. */
    const slowestSingle = (loads: Load[], network?: string) => {
      let best = { ms: 0, network: '', what: '' }
      for (const l of loads)
        for (const [id, n] of l.networks)
          for (const c of n.calls) {
            const ms = single.get(keyOf(c))!
            if ((network === undefined || id === network) && ms > best.ms)
              best = { ms, network: id, what: c.what }
          }
      return best
    }
    const coldBase = slowestSingle(coldLoads)
    const cachedBase = slowestSingle(cachedLoads)
    const coldMs = median(cold.map((l) => l.ms))
    const cachedMs = median(cached.map((l) => l.ms))
    const requestsIn = (loads: Load[]) =>
      median(loads.map((l) => sum([...l.networks.values()].map((n) => n.calls.length))))
    const slowestIn = (loads: Load[]) =>
      median(loads.map((l) => Math.max(...[...l.networks.values()].flatMap((n) => n.calls.map((c) => c.ms)))))

    const tokensOn = (n: WalletNetwork) =>
      n.family === 'bitcoin' ? 'none (Bitcoin has no tokens)' : n.tokens.length
    console.log(
      `\nchains bench: ${cpus().length} cores; ${networks.length} networks (${networks.map((n) => n.id).join(', ')}), ` +
        `${sum(networks.map((n) => n.tokens.length))} tokens (5 per network, Bitcoin none), one user, every balance non-zero; ` +
        `API in process on SQLite, adapters through /api/chains/:id on 127.0.0.1; ${LOADS} loads per measure (medians)`,
    )
    console.log(`GET /api/networks (what the dashboard reads first, once): ${fmt(networksMs)} ms`)
    console.log("\nDashboard: every network's getBalances at once")
    console.table([
      {
        load: 'cold, first of the process (fresh adapters)',
        'wall ms': fmt(first.ms),
        'CPU ms (this process)': fmt(first.cpuMs),
        requests: sum([...first.networks.values()].map((n) => n.calls.length)),
        'slowest call in it ms': fmt(
          Math.max(...[...first.networks.values()].flatMap((n) => n.calls.map((c) => c.ms))),
        ),
        'baseline ms': fmt(coldBase.ms),
        'ratio load / baseline': ratio(first.ms, coldBase.ms),
      },
      {
        load: `cold (fresh adapters), median of ${LOADS}`,
        'wall ms': fmt(coldMs),
        'CPU ms (this process)': fmt(median(cold.map((l) => l.cpuMs))),
        requests: requestsIn(cold),
        'slowest call in it ms': fmt(slowestIn(cold)),
        'baseline ms': fmt(coldBase.ms),
        'ratio load / baseline': ratio(coldMs, coldBase.ms),
      },
      {
        load: `cached (same adapters), median of ${LOADS}`,
        'wall ms': fmt(cachedMs),
        'CPU ms (this process)': fmt(median(cached.map((l) => l.cpuMs))),
        requests: requestsIn(cached),
        'slowest call in it ms': fmt(slowestIn(cached)),
        'baseline ms': fmt(cachedBase.ms),
        'ratio load / baseline': ratio(cachedMs, cachedBase.ms),
      },
    ])
    console.log(
      `baseline cold: the slowest single call of a cold load, made alone (median of ${LOADS}): ${fmt(coldBase.ms)} ms (${coldBase.network} ${coldBase.what})`,
    )
    console.log(
      `baseline cached: the slowest single call of a cached load, made alone (median of ${LOADS}): ${fmt(cachedBase.ms)} ms (${cachedBase.network} ${cachedBase.what})`,
    )
    console.log(
      `the proxy's cost per call (made alone, through /api/chains/:id minus straight to the chain): median ${fmt(median(proxyCost))} ms over the ${proxyCost.length} distinct calls (min ${fmt(Math.min(...proxyCost))}, max ${fmt(Math.max(...proxyCost))})`,
    )
    console.log(
      `ratio dashboard load / slowest single call: cold ${ratio(coldMs, coldBase.ms)}, cached ${ratio(cachedMs, cachedBase.ms)}`,
    )

    console.log('\nPer network (medians; "in dashboard" = when its balances were in, from the load\'s start)')
    console.table(
      networks.map((network) => {
        const lone = alone.get(network.id)!
        const inDashboard = (loads: Load[]) => median(loads.map((l) => l.networks.get(network.id)!.ms))
        const requests = (loads: Load[]) => median(loads.map((l) => l.networks.get(network.id)!.calls.length))
        return {
          network: network.id,
          tokens: tokensOn(network),
          'requests cold': requests(cold),
          'requests cached': requests(cached),
          'alone cold ms': fmt(median(lone.cold.map((l) => l.ms))),
          'alone cached ms': fmt(median(lone.cached.map((l) => l.ms))),
          'slowest single call cold ms': fmt(slowestSingle(coldLoads, network.id).ms),
          'slowest single call cached ms': fmt(slowestSingle(cachedLoads, network.id).ms),
          'in dashboard cold ms': fmt(inDashboard(cold)),
          'in dashboard cached ms': fmt(inDashboard(cached)),
        }
      }),
    )
    const serialCold = sum(networks.map((n) => median(alone.get(n.id)!.cold.map((l) => l.ms))))
    const serialCached = sum(networks.map((n) => median(alone.get(n.id)!.cached.map((l) => l.ms))))
    console.log(
      `networks one after the other (sum of the lone loads): cold ${fmt(serialCold)} ms, cached ${fmt(serialCached)} ms`,
    )
    console.log('\nRequests of one cached load, per network')
    console.table(
      networks.map((network) => {
        const last = cached[cached.length - 1]!.networks.get(network.id)!.calls
        return { network: network.id, requests: countBy(last.map((c) => c.what)) }
      }),
    )
    if (failures.length > 0) {
      console.log(`failures: ${failures.length}, first: ${failures[0]}`)
      process.exitCode = 1
    }
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The adapter the web app makes for `network` (apps/web/src/features/wallet/chainAdapter.ts). */
function createAdapter(
  network: WalletNetwork,
  endpoint: string,
  fetch: typeof globalThis.fetch,
): ChainAdapter {
  switch (network.family) {
    case 'evm':
      return createEvmAdapter({ endpoint, chainId: network.chainId ?? 0, fetch })
    case 'solana':
      return createSolanaAdapter({ endpoint, fetch })
    case 'bitcoin':
      return createBitcoinAdapter({ endpoint, network: network.bitcoinNetwork ?? 'mainnet', fetch })
    case 'tron':
      return createTronAdapter({ endpoint, fetch })
    case 'ton':
      return createTonAdapter({ endpoint, network: network.tonNetwork ?? 'mainnet', fetch })
  }
}

/**
 * What a request body calls, for the tables: the JSON-RPC method (or a batch's methods), TON's
 * get-method, TRON's contract function; empty for another body.
 */
function calledIn(body: string): string {
  try {
    const json = JSON.parse(body) as unknown
    if (Array.isArray(json)) {
      const methods = json.map((r) => String((r as { method?: unknown }).method))
      return `batch of ${methods.length}: ${[...new Set(methods)].join(', ')}`
    }
    const { method, function_selector } = (json ?? {}) as { method?: unknown; function_selector?: unknown }
    return typeof method === 'string'
      ? method
      : typeof function_selector === 'string'
        ? function_selector
        : ''
  } catch {
    return ''
  }
}

/** A request body with the JSON-RPC ids left out (each request of a client has its own). */
function withoutIds(body: string | undefined): string | undefined {
  if (body === undefined) return undefined
  try {
    return JSON.stringify(JSON.parse(body, (key, value) => (key === 'id' ? undefined : value)))
  } catch {
    return body
  }
}

function sameBalances(a: Balances, b: Balances): boolean {
  return (
    a.native === b.native &&
    a.tokens.length === b.tokens.length &&
    a.tokens.every((t, i) => t.token === b.tokens[i]!.token && t.amount === b.tokens[i]!.amount)
  )
}

function show(b: Balances): string {
  return `${b.native} + [${b.tokens.map((t) => t.amount).join(', ')}]`
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`a load took more than ${LOAD_TIMEOUT_MS} ms`)),
      LOAD_TIMEOUT_MS,
    )
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

function countBy(values: string[]): string {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].map(([v, n]) => (n === 1 ? v : `${n}× ${v}`)).join('; ')
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function fmt(ms: number): number {
  return Math.round(ms * 10) / 10
}

function ratio(a: number, b: number): string {
  return b > 0 ? (a / b).toFixed(2) : ''
}

await main()
