import { parseArgs } from 'node:util'
import { cantonPartyId, type DerivedAddresses, KeysError, Vault } from '@stratos/keys'

const help = `usage: stratos keys derive --mnemonic "<words>" [--index N] [--testnet] [--json]

Prints the public address of every chain for a BIP-39 mnemonic (account N, default 0), derived
exactly as the wallet derives it in the browser. Prints no private key material.

options:
  --mnemonic WORDS  English BIP-39 mnemonic (or set STRATOS_MNEMONIC, which keeps it out of
                    shell history and the process list)
  --index N         account index, 0 to 2147483647 (default 0)
  --testnet         Bitcoin testnet (m/84'/1'/…, tb1…) and TON testnet wallet addresses
  --json            one JSON object: { evm, solana, bitcoin, tron, ton: { v5r1, v4r2 },
                    canton: { fingerprint, partyHint } }`

/** Party id hint the CLI shows for the Canton external party; the hint is free text chosen at allocation. */
const CANTON_HINT = 'stratos'

class UsageError extends Error {}

/** The `--json` shape: exactly the six chains at the top level. */
export interface KeysDeriveJson {
  evm: string
  solana: string
  bitcoin: string
  tron: string
  /** v5r1 is the wallet address; v4r2 is shown for users coming from older wallets. Non-bounceable form. */
  ton: { v5r1: string; v4r2: string }
  canton: { fingerprint: string; partyHint: string }
}

function toJson(a: DerivedAddresses): KeysDeriveJson {
  return {
    evm: a.evm,
    solana: a.solana,
    bitcoin: a.bitcoin,
    tron: a.tron,
    ton: { v5r1: a.ton, v4r2: a.tonV4 },
    canton: { fingerprint: a.canton, partyHint: cantonPartyId(CANTON_HINT, a.canton) },
  }
}

function toText(a: DerivedAddresses, testnet: boolean): string {
  const rows: [string, string][] = [
    ['account', `${a.index}${testnet ? ' (test networks)' : ''}`],
    ['evm', a.evm],
    ['solana', a.solana],
    ['bitcoin', a.bitcoin],
    ['tron', a.tron],
    ['ton', `${a.ton}  (wallet v5r1, non-bounceable)`],
    ['ton v4r2', a.tonV4],
    ['canton', cantonPartyId(CANTON_HINT, a.canton)],
  ]
  return rows.map(([k, v]) => `${k.padEnd(10)}${v}`).join('\n')
}

function derive(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      mnemonic: { type: 'string' },
      index: { type: 'string' },
      testnet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: true,
  })
  if (values.help) {
    console.log(help)
    return 0
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`)
  const mnemonic = values.mnemonic ?? process.env.STRATOS_MNEMONIC
  if (!mnemonic) throw new UsageError('--mnemonic is required (or set STRATOS_MNEMONIC)')
  const indexArg = values.index ?? '0'
  if (!/^\d+$/.test(indexArg))
    throw new UsageError(`--index must be a whole number from 0 to 2147483647, got '${indexArg}'`)
  const index = Number(indexArg)
  const network = values.testnet ? 'testnet' : 'mainnet'

  const vault = Vault.fromMnemonic(mnemonic)
  try {
    const addresses = vault.addresses({ index, bitcoinNetwork: network, tonNetwork: network })
    console.log(values.json ? JSON.stringify(toJson(addresses), null, 2) : toText(addresses, values.testnet))
  } finally {
    vault.lock()
  }
  return 0
}

/** `stratos keys <subcommand>`: key tooling. Exit codes: 0 ok, 2 bad input. */
export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  if (sub === '--help' || sub === '-h') {
    console.log(help)
    return 0
  }
  if (!sub) {
    console.error(help)
    return 2
  }
  try {
    if (sub === 'derive') return derive(rest)
    throw new UsageError(`unknown subcommand '${sub}'`)
  } catch (error) {
    // Bad input of any kind: options, mnemonic, index. Never echo the mnemonic back.
    if (error instanceof UsageError || error instanceof KeysError || isParseArgsError(error)) {
      const message = error instanceof KeysError ? error.shortMessage : (error as Error).message
      console.error(`stratos keys: ${message}\n\n${help}`)
      return 2
    }
    throw error
  }
}

function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
}
