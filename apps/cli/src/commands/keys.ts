import { parseArgs } from 'node:util'
import { cantonPartyId, type DerivedAddresses, isValidPartyHint, KeysError, Vault } from '@stratos/keys'

const help = `usage: stratos keys derive --mnemonic "<words>" [--index N] [--testnet] [--party-hint HINT] [--json]

Prints the public address of every chain for a BIP-39 mnemonic (account N, default 0), derived
exactly as the wallet derives it in the browser. Prints no private key material.

options:
  --mnemonic WORDS   English BIP-39 mnemonic (or set STRATOS_MNEMONIC, which keeps it out of
                     shell history and the process list)
  --index N          account index, 0 to 2147483647 (default 0)
  --testnet          Bitcoin testnet (m/84'/1'/…, tb1…) and TON testnet wallet addresses
  --party-hint HINT  also print the Canton party id <HINT>::<fingerprint> (HINT: 1 to 185 of
                     A-Z a-z 0-9 _ -)
  --json             one JSON object: { evm, solana, bitcoin, tron, ton: { v5r1, v4r2 },
                     canton: { publicKey, fingerprint[, partyId] } }

Canton party id. A Canton party is <hint>::<fingerprint>, and only the fingerprint comes from
the mnemonic:
  fingerprint  "1220" (SHA-256 multihash prefix) + hex SHA-256 of the 4 bytes 00 00 00 0c
               (Canton hash purpose 12) followed by the 32-byte Ed25519 public key at
               m/44'/6767'/N'/0'/0' (printed too: "canton key", or publicKey in JSON)
  hint         a label the Stratos API chooses when it onboards the party (once, when the
               wallet is unlocked on an instance with a Canton participant): the account's
               display name at that time, lowercased, "_" turned into "-", accents stripped,
               each run of characters other than ASCII letters, digits and - turned into one
               "-", dashes trimmed at both ends, cut to 32 characters; "stratos" when nothing
               is left
               ("Ada Lovelace" -> "ada-lovelace")
The party is controlled by the key behind the fingerprint, whatever the hint: to audit a party
id the wallet shows, check that what follows its "::" is the fingerprint printed here (or pass
its hint with --party-hint and compare the whole id).`

class UsageError extends Error {}

/** The `--json` shape: exactly the six chains at the top level. */
export interface KeysDeriveJson {
  evm: string
  solana: string
  bitcoin: string
  tron: string
  /** v5r1 is the wallet address; v4r2 is shown for users coming from older wallets. Non-bounceable form. */
  ton: { v5r1: string; v4r2: string }
  /**
   * The Canton party key: its Ed25519 public key (hex) and fingerprint, the namespace of the party
   * id `<hint>::<fingerprint>`; `partyId` only when a hint was given (`--party-hint`).
   */
  canton: { publicKey: string; fingerprint: string; partyId?: string }
}

function toJson(a: DerivedAddresses, partyHint: string | undefined): KeysDeriveJson {
  return {
    evm: a.evm,
    solana: a.solana,
    bitcoin: a.bitcoin,
    tron: a.tron,
    ton: { v5r1: a.ton, v4r2: a.tonV4 },
    canton: {
      publicKey: a.cantonPublicKey,
      fingerprint: a.canton,
      ...(partyHint === undefined ? {} : { partyId: cantonPartyId(partyHint, a.canton) }),
    },
  }
}

function toText(a: DerivedAddresses, testnet: boolean, partyHint: string | undefined): string {
  const rows: [string, string][] = [
    ['account', `${a.index}${testnet ? ' (test networks)' : ''}`],
    ['evm', a.evm],
    ['solana', a.solana],
    ['bitcoin', a.bitcoin],
    ['tron', a.tron],
    ['ton', `${a.ton}  (wallet v5r1, non-bounceable)`],
    ['ton v4r2', a.tonV4],
    [
      'canton',
      partyHint === undefined
        ? `<hint>::${a.canton}  (party id; the hint is chosen at onboarding, see --help)`
        : cantonPartyId(partyHint, a.canton),
    ],
    ['canton key', `${a.cantonPublicKey}  (Ed25519 public key)`],
  ]
  return rows.map(([k, v]) => `${k.padEnd(11)}${v}`).join('\n')
}

function derive(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      mnemonic: { type: 'string' },
      index: { type: 'string' },
      testnet: { type: 'boolean', default: false },
      'party-hint': { type: 'string' },
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
  const partyHint = values['party-hint']
  if (partyHint !== undefined && !isValidPartyHint(partyHint))
    throw new UsageError(`--party-hint must be 1 to 185 of A-Z a-z 0-9 _ -, got '${partyHint}'`)
  const network = values.testnet ? 'testnet' : 'mainnet'

  const vault = Vault.fromMnemonic(mnemonic)
  try {
    const addresses = vault.addresses({ index, bitcoinNetwork: network, tonNetwork: network })
    console.log(
      values.json
        ? JSON.stringify(toJson(addresses, partyHint), null, 2)
        : toText(addresses, values.testnet, partyHint),
    )
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
