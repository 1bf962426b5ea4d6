import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ensureAdminEnrollment, loadConfig, startApiServer } from '@stratos/api'
import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import { createDatabase, databaseConfigFromEnv, freePort, migrateToLatest } from '@stratos/db'

const help = `usage: stratos dev [--port N] [--data DIR]

Runs the product on one machine: the API serving the built web app on one port, an embedded
SQLite database under the data folder, and a local EVM chain (anvil) unless EVM_RPC_URL is set.

options:
  --port N      port on 127.0.0.1 (default: $PORT or 8787; 0 picks a free port)
  --data DIR    data folder (default: $DATA_DIR or ./.data)

environment:
  DATABASE_URL  postgres://… to use PostgreSQL instead of SQLite
  EVM_RPC_URL   an EVM JSON-RPC endpoint; without it a local anvil chain is started (dev mode)
  PUBLIC_ORIGIN the origin users open (default http://localhost:<port>)`

const webDist = resolve(dirname(fileURLToPath(import.meta.url)), '../../../web/dist')

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
  if (!env.EVM_RPC_URL) {
    anvil = await startAnvil({ statePath: join(dataDir, 'anvil-state.json') })
    env.EVM_RPC_URL = anvil.rpcUrl
    env.EVM_CHAIN_ID = String(anvil.chainId)
    env.DEV_MODE ??= '1'
  }
  env.PUBLIC_ORIGIN ??= `http://localhost:${port}`

  const db = createDatabase(databaseConfigFromEnv(env, join(dataDir, 'stratos.sqlite')))
  await migrateToLatest(db)
  const config = await loadConfig(env, db)
  const server = await startApiServer({ db, config, port, host: '127.0.0.1', staticDir: webDist })
  const enrollLink = await ensureAdminEnrollment(db, config.origin)

  console.log(`Stratos Vault running at ${config.origin}`)
  console.log(`  data:    ${dataDir}`)
  console.log(
    `  EVM RPC: ${env.EVM_RPC_URL}${anvil ? ' (local anvil, dev mode: "Get test ETH" is enabled)' : ''}`,
  )
  if (enrollLink)
    console.log(`Admin enrollment link (one use; makes whoever opens it the first admin): ${enrollLink}`)

  await new Promise<void>((done) => {
    const stop = () => done()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  await anvil?.stop()
  await db.destroy()
  return 0
}
