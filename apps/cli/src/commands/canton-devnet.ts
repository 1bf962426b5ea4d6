import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startCantonDevnet } from '@stratos/canton-devnet'

const help = `usage: stratos canton-devnet [--port N] [--host H] [--data DIR] [--jwt-secret S]

Runs a local Canton participant (the devnet): the JSON Ledger API v2 subset the product uses,
with the token-standard test instrument. Not Canton: for development and tests only.

options:
  --port N          port (default: 7575; 0 picks a free port)
  --host H          interface to listen on (default: 127.0.0.1)
  --data DIR        keep the ledger in DIR (SQLite); without it the ledger lives in memory
  --jwt-secret S    HS256 secret for Ledger API tokens (default: generated, kept in DIR)`

/** `stratos canton-devnet`: starts the devnet, prints its URL and an admin token, runs until stopped. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'jwt-secret': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  const portArg = values.port ?? '7575'
  if (!/^\d+$/.test(portArg) || Number(portArg) > 65535) {
    console.error(`stratos canton-devnet: --port must be a number from 0 to 65535, got '${portArg}'`)
    return 2
  }
  const devnet = await startCantonDevnet({
    port: Number(portArg),
    ...(values.host ? { host: values.host } : {}),
    ...(values.data ? { dataDir: resolve(values.data) } : {}),
    ...(values['jwt-secret'] ? { jwtSecret: values['jwt-secret'] } : {}),
  })
  console.log(`canton-devnet listening on ${devnet.url}`)
  console.log(`  participant   ${devnet.participantId}`)
  console.log(`  synchronizer  ${devnet.synchronizerId}`)
  console.log(`  ledger        ${values.data ? resolve(values.data) : 'in memory'}`)
  console.log(`  admin token   ${await devnet.adminToken()}`)
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      devnet.stop().then(done, done)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return 0
}
