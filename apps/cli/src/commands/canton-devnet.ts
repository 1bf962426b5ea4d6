import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { startCantonDevnet } from '@stratos/canton-devnet'

const help = `usage: stratos canton-devnet [--port N] [--host H] [--data DIR] [--jwt-secret S]
                             [--jwks URL [--target-audience A | --target-scope S]]

Runs a local Canton participant (the devnet): the JSON Ledger API v2 subset the product uses,
with the token-standard test instrument. Not Canton: for development and tests only.

options:
  --port N          port (default: 7575; 0 picks a free port)
  --host H          interface to listen on (default: 127.0.0.1)
  --data DIR        keep the ledger in DIR (SQLite); without it the ledger lives in memory
  --jwt-secret S    HS256 secret for Ledger API tokens (default: generated, kept in DIR): Canton's
                    unsafe-jwt-hmac-256 auth service
  --jwks URL        accept only RS256/ES256 tokens signed by a key of this JWKS (Canton's jwt-jwks
                    auth service, as a production participant runs); no admin token is printed
  --target-audience A, --target-scope S
                    with --jwks: the audience (or scope) the tokens must carry`

/** `stratos canton-devnet`: starts the devnet, prints its URL and an admin token, runs until stopped. */
export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      'jwt-secret': { type: 'string' },
      jwks: { type: 'string' },
      'target-audience': { type: 'string' },
      'target-scope': { type: 'string' },
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
  const jwks = values.jwks
  if (!jwks && (values['target-audience'] || values['target-scope'])) {
    console.error('stratos canton-devnet: --target-audience and --target-scope need --jwks')
    return 2
  }
  const devnet = await startCantonDevnet({
    port: Number(portArg),
    ...(values.host ? { host: values.host } : {}),
    ...(values.data ? { dataDir: resolve(values.data) } : {}),
    ...(values['jwt-secret'] ? { jwtSecret: values['jwt-secret'] } : {}),
    ...(jwks
      ? {
          authServices: [
            {
              type: 'jwt-jwks' as const,
              url: jwks,
              ...(values['target-audience'] ? { targetAudience: values['target-audience'] } : {}),
              ...(values['target-scope'] ? { targetScope: values['target-scope'] } : {}),
            },
          ],
        }
      : {}),
  })
  console.log(`canton-devnet listening on ${devnet.url}`)
  console.log(`  participant   ${devnet.participantId}`)
  console.log(`  synchronizer  ${devnet.synchronizerId}`)
  console.log(`  ledger        ${values.data ? resolve(values.data) : 'in memory'}`)
  if (jwks) console.log(`  tokens        signed by a key of ${jwks}`)
  else console.log(`  admin token   ${await devnet.adminToken()}`)
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
