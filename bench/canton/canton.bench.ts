/**
 * The canton devnet under a wallet's load (`npm run bench:canton`), each part against a baseline
 * measured side by side in the same run; bounded in time and count; traffic stays on 127.0.0.1.
 *
 * 1. External-party transfers: prepare TransferFactory_Transfer -> decode and recompute the hash
 *    (hashing scheme V2, as the browser does before it signs) -> Ed25519 sign -> executeAndWait,
 *    from a worker thread, against the same local work alone. The ratio says how much HTTP and the
 *    ledger (interpretation, protobuf encoding, hashing, signature check, SQLite commit) cost on
 *    top of what the wallet must do anyway.
 * 2. Active-contract queries over 10,000 holdings, as the product reads them: the ledger client's
 *    `activeContracts` in pages of 200 (Canton's default http-list-max-elements-limit; a bigger
 *    list is 413), against the same client reading everything in one request from a devnet whose
 *    limit is raised above the holdings (what an operator could configure instead), against the
 *    store's own indexed query, and against a full scan of the same SQLite store filtered in JS
 *    (`LedgerStore.scanActiveContractsForBench`, on a second connection to the devnet's file).
 *
 * Knobs: BENCH_CLIENTS, BENCH_SECONDS, BENCH_TRANSFERS (holdings minted for the sender, the most
 * round trips), BENCH_HOLDINGS, BENCH_QUERY_SECONDS.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { createLedgerClient, DEFAULT_LIST_PAGE_SIZE } from '@stratos/canton'
import { startCantonDevnet, TokenStandard } from '@stratos/canton-devnet'
// The store is not part of the package's API; the bench opens it on the devnet's file to scan it.
import {
  DevnetTestClient,
  factoryDisclosure,
  holdingsOf,
  INSTRUMENT,
  LedgerStore,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from '@stratos/canton-devnet/testing'
import { createPostJson } from './createPostJson.js'
import type { RoundTripsStarted, TransferClientsInput, TransferClientsResult } from './transferClients.js'

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
const BARE_SECONDS = Math.min(2, SECONDS)
const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 2000)
const HOLDINGS = Number(process.env.BENCH_HOLDINGS ?? 10_000)
const QUERY_SECONDS = Number(process.env.BENCH_QUERY_SECONDS ?? 1)
const MAX_QUERIES = 200
/** Mint commands per submit-and-wait. */
const MINT_BATCH = 1000
/** Prepared transfers the bare phase cycles through. */
const SAMPLES = 16
const TRANSFER_AMOUNT = '0.25'
/** Owners of the 10,000 holdings and their shares; `wallet` is the typical queried party. */
const OWNERS = [
  { name: 'wallet', share: 0.1 },
  { name: 'whale', share: 0.6 },
  { name: 'other-1', share: 0.1 },
  { name: 'other-2', share: 0.1 },
  { name: 'other-3', share: 0.1 },
] as const

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'stratos-bench-canton-'))
  console.log(
    `\ncanton bench: ${cpus().length} cores, devnet on SQLite files in ${tmpdir()} (WAL, synchronous=NORMAL)`,
  )
  try {
    await benchTransfers(join(dir, 'transfers'))
    await benchActiveContracts(join(dir, 'holdings'))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// --- 1. prepare -> verify + sign -> executeAndWait

async function benchTransfers(dataDir: string) {
  const devnet = await startCantonDevnet({ dataDir })
  try {
    const client = await new DevnetTestClient(devnet).init()
    const s = await setupTokenScenario(client, '0')
    await mintMany(client, s, s.alice.partyId, TRANSFERS + SAMPLES, '1')
    const holdings = (await holdingsOf(client, s.operatorToken, s.alice.partyId)).map((h) => h.contractId)
    const factory = await factoryDisclosure(client, s)
    const samples = []
    for (const cid of holdings.slice(0, SAMPLES))
      samples.push(
        await prepareTransfer(client, s, s.alice, s.bob.partyId, TRANSFER_AMOUNT, { inputs: [cid] }),
      )

    let eluBefore = performance.eventLoopUtilization()
    const result = await runTransferClients(
      {
        url: devnet.url,
        token: s.operatorToken,
        synchronizerId: devnet.synchronizerId,
        admin: s.admin,
        instrumentId: INSTRUMENT,
        factoryId: factory.factoryId,
        disclosedContracts: factory.choiceContext.disclosedContracts,
        sender: { partyId: s.alice.partyId, fingerprint: s.alice.fingerprint, secretKey: s.alice.secretKey },
        receiver: s.bob.partyId,
        inputs: holdings.slice(SAMPLES),
        amount: TRANSFER_AMOUNT,
        samples,
        clients: CLIENTS,
        bareSeconds: BARE_SECONDS,
        seconds: SECONDS,
      },
      () => {
        eluBefore = performance.eventLoopUtilization()
      },
    )
    const serverBusy = performance.eventLoopUtilization(eluBefore).utilization
    s.alice.secretKey.fill(0)

    const { bare, roundTrips } = result
    const bareRate = bare.count / (bare.elapsedMs / 1000)
    const rate = roundTrips.count / (roundTrips.elapsedMs / 1000)
    const latencies = roundTrips.latenciesMs.sort((a, b) => a - b)
    const mean = (ms: number) => round(ms / Math.max(1, roundTrips.count))
    console.log(
      `\n1. external-party transfers: ${CLIENTS} concurrent clients in a worker thread, ${TRANSFER_AMOUNT} ${INSTRUMENT} per transfer from one of ${TRANSFERS} holdings of 1 (pending instruction + change), ${BARE_SECONDS} s bare / ${SECONDS} s round trips`,
    )
    console.table([
      {
        measure: 'bare decode + recompute hash + Ed25519 sign',
        ops: bare.count,
        seconds: round(bare.elapsedMs / 1000),
        'per second': Math.round(bareRate),
        'p50 ms': '',
        'p95 ms': '',
      },
      {
        measure: 'HTTP prepare -> verify + sign -> executeAndWait',
        ops: roundTrips.count,
        seconds: round(roundTrips.elapsedMs / 1000),
        'per second': Math.round(rate),
        'p50 ms': round(percentile(latencies, 50)),
        'p95 ms': round(percentile(latencies, 95)),
      },
    ])
    console.log(
      `mean per round trip: prepare ${mean(roundTrips.stageMs.prepare)} ms, verify + sign ${mean(roundTrips.stageMs.verifySign)} ms, executeAndWait ${mean(roundTrips.stageMs.execute)} ms`,
    )
    console.log(`devnet event loop busy during round trips: ${Math.round(serverBusy * 100)}%`)
    console.log(`ratio round trips / bare local work: ${(rate / bareRate).toFixed(3)}`)
    if (roundTrips.count + roundTrips.failures.length >= TRANSFERS)
      console.log('(stopped when the minted holdings ran out)')
    if (roundTrips.failures.length > 0) {
      console.log(`failed round trips: ${roundTrips.failures.length}, first: ${roundTrips.failures[0]}`)
      process.exitCode = 1
    }
  } finally {
    await devnet.stop()
  }
}

function runTransferClients(input: TransferClientsInput, onRoundTripsStarted: () => void) {
  return new Promise<TransferClientsResult>((resolve, reject) => {
    const worker = new Worker(new URL('./transferClients.worker.mjs', import.meta.url), { workerData: input })
    worker.on('message', (message: RoundTripsStarted | TransferClientsResult) => {
      if (message.kind === 'roundTripsStarted') return onRoundTripsStarted()
      resolve(message)
      void worker.terminate()
    })
    worker.once('error', reject)
  })
}

// --- 2. active contracts: HTTP vs the store's index vs a full scan

async function benchActiveContracts(dataDir: string) {
  // The limit raised above every list of the bench, so that one request can read it whole.
  const devnet = await startCantonDevnet({ dataDir, httpListMaxElementsLimit: HOLDINGS + 1 })
  const store = new LedgerStore(devnet.registry, join(dataDir, 'canton-devnet.sqlite'))
  try {
    const client = await new DevnetTestClient(devnet).init()
    const s = await setupTokenScenario(client, '0')
    const owners = []
    const seedStarted = performance.now()
    let calls = 0
    for (const { name, share } of OWNERS) {
      const party = await client.allocateHostedParty(`${name}-${randomUUID().slice(0, 8)}`)
      const count = Math.round(HOLDINGS * share)
      calls += await mintMany(client, s, party, count, '1')
      owners.push({ name, party, count })
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000
    const atOffset = (await client.ok('GET', '/v2/state/ledger-end')).offset
    const reader = await devnet.tokenFor({ readAsAnyParty: true })

    const holdingInterface = devnet.registry.resolveInterface(TokenStandard.holdingInterfaceId)!
    const holdingTemplate = devnet.registry.resolveTemplate(TokenStandard.holdingTemplateId)!
    const wallet = owners[0]!
    const whale = owners[1]!
    const queries = [
      {
        label: `wallet (${wallet.count} holdings), InterfaceFilter Holding`,
        party: wallet.party,
        interface: true,
      },
      {
        label: `wallet (${wallet.count} holdings), TemplateFilter TestHolding`,
        party: wallet.party,
        interface: false,
      },
      {
        label: `whale (${whale.count} holdings), InterfaceFilter Holding`,
        party: whale.party,
        interface: true,
      },
      {
        label: `registry admin (signs all ${HOLDINGS}), InterfaceFilter Holding`,
        party: s.admin,
        interface: true,
      },
    ]
    const rows = []
    for (const q of queries) {
      const filter = {
        parties: [q.party],
        activeAtOffset: atOffset,
        ...(q.interface
          ? { interfaceIds: [TokenStandard.holdingInterfaceId], includeInterfaceView: true }
          : { templateIds: [TokenStandard.holdingTemplateId] }),
      }
      // A connection per row: idle through the store cells, a kept-alive socket could meet the
      // server's keep-alive timeout (ECONNRESET) on the next row.
      const http = createPostJson(devnet.url, reader, 1)
      const paged = createLedgerClient({ url: devnet.url, fetch: fetchOver(http) })
      const oneRequest = createLedgerClient({
        url: devnet.url,
        fetch: fetchOver(http),
        listPageSize: HOLDINGS + 1,
      })
      const viaOneRequest = await timeQuery(
        async () => (await oneRequest.activeContracts(filter)).contracts.length,
      )
      const viaPages = await timeQuery(async () => (await paged.activeContracts(filter)).contracts.length)
      http.close()
      const key = q.interface ? `I:${holdingInterface.nameKey}` : holdingTemplate.nameKey
      const viaIndex = await timeQuery(() => store.queryActive([q.party], [key], atOffset).length)
      const viaScan = await timeQuery(
        () =>
          store.scanActiveContractsForBench(atOffset).filter((c) => {
            if (!c.signatories.includes(q.party) && !c.observers.includes(q.party)) return false
            const template = devnet.registry.templateOf(c.templateId)
            return q.interface
              ? template.interfaceKeys.includes(holdingInterface.nameKey)
              : template.nameKey === holdingTemplate.nameKey
          }).length,
      )
      if (
        viaPages.count !== viaIndex.count ||
        viaOneRequest.count !== viaIndex.count ||
        viaPages.count !== viaScan.count
      )
        throw new Error(
          `${q.label}: paged ${viaPages.count}, one request ${viaOneRequest.count}, index ${viaIndex.count}, scan ${viaScan.count}`,
        )
      rows.push({
        query: q.label,
        contracts: viaPages.count,
        pages: Math.floor(viaPages.count / DEFAULT_LIST_PAGE_SIZE) + 1,
        'paged ms': round(viaPages.ms),
        'one request ms': round(viaOneRequest.ms),
        'store index ms': round(viaIndex.ms),
        'full scan ms': round(viaScan.ms),
        'paged / one request': round(viaPages.ms / viaOneRequest.ms, 100),
        'paged / scan': round(viaPages.ms / viaScan.ms, 100),
        'index / scan': round(viaIndex.ms / viaScan.ms, 100),
      })
    }

    const active = store.scanActiveContractsForBench(atOffset).length
    console.log(
      `\n2. active contracts: ${HOLDINGS} holdings (${owners.map((o) => `${o.name} ${o.count}`).join(', ')}), ${active} active contracts in all; seeded over HTTP by ${calls} admin submit-and-wait calls of <= ${MINT_BATCH} Mint commands in ${round(seedSeconds)} s`,
    )
    console.log(
      `median ms per query, sequential, ${QUERY_SECONDS} s or ${MAX_QUERIES} queries per cell; paged = LedgerClient.activeContracts in pages of ${DEFAULT_LIST_PAGE_SIZE} (limit + streamContinuationToken) to parsed contracts (views included for InterfaceFilter); one request = the same client with the page size above the holdings, on a devnet whose list limit is raised to match; store index = LedgerStore.queryActive; full scan = every active contract read and filtered in JS`,
    )
    console.table(rows)
  } finally {
    store.close()
    await devnet.stop()
  }
}

/**
 * The ledger client's fetch over `createPostJson` (node:http keep-alive, the token it holds):
 * the reads here are all POSTs with a JSON body, and node:http keeps the client's CPU off the
 * devnet's cores as in part 1.
 */
function fetchOver(http: ReturnType<typeof createPostJson>): typeof fetch {
  return async (input, init) => {
    const url = new URL(String(input))
    const reply = await http.post(`${url.pathname}${url.search}`, JSON.parse(String(init?.body)))
    return new Response(reply.body, {
      status: reply.status,
      headers: { 'content-type': 'application/json' },
    })
  }
}

/** Median ms of `run` after one warm-up, for QUERY_SECONDS (at least 3, at most MAX_QUERIES runs). */
async function timeQuery(run: () => number | Promise<number>) {
  const count = await run()
  const times: number[] = []
  const deadline = performance.now() + QUERY_SECONDS * 1000
  while (times.length < MAX_QUERIES && (times.length < 3 || performance.now() < deadline)) {
    const t0 = performance.now()
    if ((await run()) !== count) throw new Error('result size changed between runs')
    times.push(performance.now() - t0)
  }
  return {
    count,
    ms: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
  }
}

/** Mints `count` holdings of `amount` to `owner` in batches; returns the number of submissions. */
async function mintMany(
  client: DevnetTestClient,
  s: TokenScenario,
  owner: string,
  count: number,
  amount: string,
) {
  let calls = 0
  for (let done = 0; done < count; done += MINT_BATCH, calls++) {
    const mint = {
      ExerciseCommand: {
        templateId: TokenStandard.transferFactoryTemplateId,
        contractId: s.factoryCid,
        choice: 'Mint',
        choiceArgument: { owner, instrumentId: INSTRUMENT, amount },
      },
    }
    await client.ok('POST', '/v2/commands/submit-and-wait', {
      token: s.adminToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.admin],
        commands: Array.from({ length: Math.min(MINT_BATCH, count - done) }, () => mint),
      },
    })
  }
  return calls
}

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

function round(n: number, by = 10) {
  return Math.round(n * by) / by
}

await main()
