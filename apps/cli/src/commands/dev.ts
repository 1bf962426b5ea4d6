import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { ensureAdminEnrollment, loadConfig, sealStoredSecrets, startApiServer } from '@stratos/api'
import {
  selectDefiVaults,
  setUpCantonDevRegistry,
  upsertDevDockApp,
  upsertDevNetworks,
} from '@stratos/api/dev'
import { type CantonDevnet, startCantonDevnet } from '@stratos/canton-devnet'
import type { AnvilNode } from '@stratos/chains/anvil'
import { createDatabase, databaseConfigFromEnv, freePort, migrateToLatest } from '@stratos/db'
import { type DockExampleServer, serveDockExample } from '@stratos/dock-example'
import { readAdminKeyMetadata } from '../adminKeyMetadata.js'
import { webDist } from '../paths.js'
import { type DevChains, startDevChains } from './devChains.js'
import { type DevRelayer, devRelayerUnavailable, startDevRelayer } from './devRelayer.js'

const help = `usage: stratos dev [--port N] [--data DIR]

Runs the product on one machine: the API serving the built web app on one port, an embedded
SQLite database under the data folder, local chains unless EVM_RPC_URL is set (two anvil EVM
chains with a test ERC-20, Solana on litesvm with an SPL token, TON on @ton/sandbox with a jetton,
and stand-ins for Bitcoin regtest and TRON, each with a faucet and listed as the instance's
networks), and a
local Canton participant (canton-devnet, with a 'stratos-registry' party and its test instrument
USDX) unless CANTON_URL is set. With both local and etcd installed (Debian: etcd-server), also a
Canton DeFi relayer (a throwaway etcd, the 'stratos-relayer-operator' party, a key in
<data>/relayer.key funded on anvil, its journal in <data>/relayer.sqlite) serving every DeFi vault;
"Deploy a test vault" in the wallet deploys one for the user's party and hands it to the relayer.
The sample dock app (apps/dock-example, when built) is served on a port of its own on 127.0.0.1
and listed in the instance's dock with the local EVM chain and Canton.

options:
  --port N      port on 127.0.0.1 (default: $PORT or 8787; 0 picks a free port)
  --data DIR    data folder (default: $DATA_DIR or ./.data)

environment:
  DATABASE_URL  postgres://… to use PostgreSQL instead of SQLite
  EVM_RPC_URL   an EVM JSON-RPC endpoint; without it the local chains are started (dev mode)
  CANTON_URL    a participant's JSON Ledger API (with CANTON_OAUTH_* + CANTON_USER_ID, CANTON_TOKEN
                or CANTON_JWT_SECRET + CANTON_USER_ID, and CANTON_INSTRUMENT_ADMIN +
                CANTON_INSTRUMENT_ID); without it a local canton-devnet is started under
                <data>/canton (dev mode)
  PUBLIC_ORIGIN the origin users open (default http://localhost:<port>)
  INSTANCE_KEY  seals the secrets stored in the database (default: <data>/instance.key, created once)
  DEFI_OPERATOR_PARTY  the DeFi relayer operator's party (set to the dev relayer's when it runs)`

/** The API's Ledger API user on the local canton-devnet. */
const CANTON_DEV_USER = 'stratos-wallet'

/** `stratos dev`: starts the whole stack and prints the URL and the admin enrollment link. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  const portArg = values.port ?? process.env.PORT ?? '8787'
  if (!/^\d+$/.test(portArg) || Number(portArg) > 65535) {
    console.error(`stratos dev: --port must be a number from 0 to 65535, got '${portArg}'`)
    return 2
  }
  if (!existsSync(join(webDist, 'index.html'))) {
    console.error('stratos dev: the web app is not built; run `npm run build` (npm start does this for you)')
    return 1
  }
  const port = Number(portArg) || (await freePort())
  const dataDir = resolve(values.data ?? process.env.DATA_DIR ?? '.data')
  const env: Record<string, string | undefined> = { ...process.env }

  let anvil: AnvilNode | undefined
  let localChains: DevChains | undefined
  if (!env.EVM_RPC_URL) {
    localChains = await startDevChains(dataDir)
    anvil = localChains.anvil
    env.EVM_RPC_URL = anvil.rpcUrl
    env.EVM_CHAIN_ID = String(anvil.chainId)
    env.DEV_MODE ??= '1'
  }
  let devnet: CantonDevnet | undefined
  if (!env.CANTON_URL) {
    devnet = await startCantonDevnet({ dataDir: join(dataDir, 'canton') })
    const userId = CANTON_DEV_USER
    const { admin, instrumentId } = await setUpCantonDevRegistry({
      url: devnet.url,
      adminToken: await devnet.adminToken(),
      userId,
      userToken: await devnet.tokenFor(userId),
    })
    env.CANTON_URL = devnet.url
    env.CANTON_JWT_SECRET = devnet.jwtSecret
    env.CANTON_USER_ID = userId
    env.CANTON_INSTRUMENT_ADMIN ??= admin
    env.CANTON_INSTRUMENT_ID ??= instrumentId
    // The devnet's registry of that admin (a real participant serves no registry API).
    env.CANTON_REGISTRY_URL ??= `${devnet.url}/registries/${encodeURIComponent(env.CANTON_INSTRUMENT_ADMIN)}`
    env.DEV_MODE ??= '1'
  }
  env.PUBLIC_ORIGIN ??= `http://localhost:${port}`
  env.INSTANCE_KEY ??= devInstanceKey(dataDir)

  const db = createDatabase(databaseConfigFromEnv(env, join(dataDir, 'stratos.sqlite')))
  await migrateToLatest(db)
  await sealStoredSecrets(db, env.INSTANCE_KEY)
  if (localChains) await upsertDevNetworks(db, env.INSTANCE_KEY, localChains.networks, new Date())

  // The sample dock app, on an origin of its own (another port), framed only by this wallet.
  let dockExample: DockExampleServer | undefined
  let dockLine: string
  try {
    dockExample = await serveDockExample({
      host: '127.0.0.1',
      port: 0,
      walletOrigin: env.PUBLIC_ORIGIN,
      ...(env.CANTON_REGISTRY_URL ? { registryUrl: env.CANTON_REGISTRY_URL } : {}),
      instrument:
        env.CANTON_INSTRUMENT_ADMIN && env.CANTON_INSTRUMENT_ID
          ? { admin: env.CANTON_INSTRUMENT_ADMIN, id: env.CANTON_INSTRUMENT_ID }
          : null,
    })
    await upsertDevDockApp(
      db,
      {
        id: 'dock-example',
        name: 'Example dApp',
        url: `${dockExample.url}/`,
        networks: [...(anvil ? [`evm-${anvil.chainId}`] : []), ...(devnet ? ['canton'] : [])],
        permissions: ['accounts', 'evm-transactions', 'message-signing', 'canton-read', 'canton-submit'],
      },
      new Date(),
    )
    dockLine = `  Dock:    Example dApp ${dockExample.url}/ (the sample dock app)`
  } catch (error) {
    dockLine = `  Dock:    no sample app (${error instanceof Error ? error.message : String(error)})`
  }

  // Canton DeFi: one relayer in process when the chain and the participant are both local.
  let relayer: DevRelayer | undefined
  let defiLine: string
  const missing = anvil && devnet ? devRelayerUnavailable() : 'needs the local anvil and canton-devnet'
  if (anvil && devnet && !missing) {
    try {
      relayer = await startDevRelayer({
        dataDir,
        devnet,
        anvil,
        vaults: await selectDefiVaults(db, anvil.chainId),
        regulatorParty: env.DEFI_REGULATOR_PARTY?.trim() || null,
      })
      env.DEFI_OPERATOR_PARTY ??= relayer.operatorParty
      env.DEFI_DEV_RELAYER_ADDRESS ??= relayer.address
      defiLine = `  DeFi:    relayer ${relayer.relayerId} (${relayer.leader ? 'leader' : 'not leader yet'}), metrics ${relayer.metricsUrl}`
    } catch (error) {
      defiLine = `  DeFi:    off (the relayer did not start: ${error instanceof Error ? error.message : String(error)})`
    }
  } else {
    defiLine = env.DEFI_OPERATOR_PARTY
      ? `  DeFi:    operator ${env.DEFI_OPERATOR_PARTY} (relayers run elsewhere)`
      : `  DeFi:    off (${missing})`
  }

  // Listening for the stop signals before "Press Ctrl+C to stop." is printed: a test or supervisor
  // that sends SIGTERM on reading it must not meet the default action (death without cleanup).
  const stopSignal = new Promise<void>((done) => {
    const stop = () => done()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  const loaded = await loadConfig(env, db)
  // The security key models admins may hold, as `stratos serve` reads them.
  const config = env.ADMIN_KEY_METADATA_DIR
    ? { ...loaded, adminKeyStatements: readAdminKeyMetadata(env.ADMIN_KEY_METADATA_DIR) }
    : loaded
  const server = await startApiServer({
    db,
    config,
    port,
    host: '127.0.0.1',
    staticDir: webDist,
    ...(relayer ? { onDevVaultDeployed: relayer.addVault } : {}),
    ...(localChains ? { devChains: localChains.byNetwork } : {}),
  })
  const enrollLink = await ensureAdminEnrollment(db, config.origin)

  console.log(`Stratos Vault running at ${config.origin}`)
  console.log(`  data:    ${dataDir}`)
  console.log(`  EVM RPC: ${env.EVM_RPC_URL}${anvil ? ' (local anvil, dev mode)' : ''}`)
  const canton = config.canton
  console.log(
    canton
      ? `  Canton:  ${canton.url}${devnet ? ' (local canton-devnet, dev mode: "Get test tokens" is enabled)' : ''}; instrument ${canton.instrument ? `${canton.instrument.id} of ${canton.instrument.admin}` : 'not configured'}`
      : '  Canton:  not configured (set CANTON_URL)',
  )
  for (const network of localChains?.networks ?? [])
    console.log(
      `  Chain:   ${network.id} ${network.endpoint} (local ${network.name}, dev mode: faucet enabled)`,
    )
  console.log(defiLine)
  console.log(dockLine)
  if (enrollLink)
    console.log(`Admin enrollment link (one use; makes whoever opens it the first admin): ${enrollLink}`)
  console.log('Press Ctrl+C to stop.')

  await stopSignal
  await server.close()
  await relayer?.stop()
  await dockExample?.close()
  await localChains?.stop()
  await devnet?.stop()
  await db.destroy()
  return 0
}

/** The dev instance key: kept in `<data>/instance.key` (mode 0600), created on first start. */
function devInstanceKey(dataDir: string): string {
  const file = join(dataDir, 'instance.key')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const key = randomBytes(32).toString('base64url')
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' })
  return key
}
