import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { bytesToHex } from '@noble/hashes/utils.js'
import { mnemonicToSeedSync } from '@scure/bip39'
import { mnemonicToAccount } from 'viem/accounts'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { run } from './keys.js'

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const ABANDON =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'

/** Published and cross-checked vectors for "abandon x11 about", account 0 (see packages/keys tests). */
const EXPECTED = {
  evm: '0x9858EfFD232B4033E47d90003D41EC34EcaEda94',
  solana: 'HAgk14JpMQLgt6rVgv7cBQFJWFto5Dqxi472uT3DKpqk',
  bitcoin: 'bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu',
  tron: 'TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH',
  ton: {
    v5r1: 'UQBHyu-oZVDHRYQ1-rKlGqpHy5yAqanPBirEQNMNOmfHLtaT',
    v4r2: 'UQAzWZa6nM5mJev91wGc7VCSfBoIsYRqKJpV78N8Add9-RKY',
  },
  canton: {
    publicKey: 'd80f86404d93ab50d979727fea5e568310f7c603cae6de9d52c9d0351f3f7ab8',
    fingerprint: '1220542b29aa6e0ab94ff893c1adcb1c2585d0bd493034c66d8f8a33419f28e9c975',
  },
}

/** Secrets of the abandon mnemonic that must never be printed. */
const SECRETS = [
  bytesToHex(mnemonicToAccount(ABANDON).getHdKey().privateKey!),
  bytesToHex(mnemonicToSeedSync(ABANDON)).slice(0, 32),
  'abandon',
]

function stratos(...args: string[]) {
  const result = spawnSync('npx', ['tsx', 'apps/cli/src/bin.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, STRATOS_MNEMONIC: '' },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

async function runInProcess(...args: string[]) {
  const out: string[] = []
  const err: string[] = []
  vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')))
  vi.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')))
  const code = await run(args)
  vi.restoreAllMocks()
  return { code, stdout: out.join('\n'), stderr: err.join('\n') }
}

describe('stratos keys derive (spawned: npx tsx apps/cli/src/bin.ts)', () => {
  test('behavior: --json prints one object with the six chains, equal to the known vectors, and no secret', () => {
    const { code, stdout, stderr } = stratos('keys', 'derive', '--mnemonic', ABANDON, '--json')
    expect(stderr).not.toMatch(/Error/)
    expect(code).toBe(0)
    const json = JSON.parse(stdout)
    expect(Object.keys(json)).toEqual(['evm', 'solana', 'bitcoin', 'tron', 'ton', 'canton'])
    expect(json).toEqual(EXPECTED)
    for (const secret of SECRETS) expect(stdout).not.toContain(secret)
  })

  test('behavior: text output lists every chain', () => {
    const { code, stdout } = stratos('keys', 'derive', '--mnemonic', ABANDON)
    expect(code).toBe(0)
    for (const value of [EXPECTED.evm, EXPECTED.solana, EXPECTED.bitcoin, EXPECTED.tron, EXPECTED.ton.v5r1])
      expect(stdout).toContain(value)
    expect(stdout).toContain(`<hint>::${EXPECTED.canton.fingerprint}`)
    expect(stdout).toContain(EXPECTED.canton.publicKey)
    for (const secret of SECRETS) expect(stdout).not.toContain(secret)
  })

  test('error: a bad mnemonic exits 2 with a message on stderr that does not echo the words', () => {
    const { code, stdout, stderr } = stratos(
      'keys',
      'derive',
      '--mnemonic',
      ABANDON.replace('about', 'abandon'),
      '--json',
    )
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/mnemonic/)
    expect(stderr).not.toContain('abandon abandon')
  })
})

describe('keys.run (in process)', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  test('behavior: --json matches the vectors; --index and --testnet change the addresses', async () => {
    const main = await runInProcess('derive', '--mnemonic', ABANDON, '--json')
    expect(main.code).toBe(0)
    expect(JSON.parse(main.stdout)).toEqual(EXPECTED)
    const test1 = await runInProcess('derive', '--mnemonic', ABANDON, '--json', '--testnet', '--index', '1')
    const json = JSON.parse(test1.stdout)
    expect(json.evm).toBe(mnemonicToAccount(ABANDON, { addressIndex: 1 }).address)
    expect(json.bitcoin).toMatch(/^tb1q/)
    expect(json.ton.v5r1).toMatch(/^0Q/)
    for (const secret of SECRETS) expect(test1.stdout).not.toContain(secret)
  })

  test('behavior: --party-hint adds the whole Canton party id <hint>::<fingerprint>, in JSON and text', async () => {
    const partyId = `ada-lovelace::${EXPECTED.canton.fingerprint}`
    const json = await runInProcess('derive', '--mnemonic', ABANDON, '--json', '--party-hint', 'ada-lovelace')
    expect(json.code).toBe(0)
    expect(JSON.parse(json.stdout).canton).toEqual({ ...EXPECTED.canton, partyId })
    const text = await runInProcess('derive', '--mnemonic', ABANDON, '--party-hint', 'ada-lovelace')
    expect(text.stdout).toMatch(new RegExp(`^canton +${partyId}$`, 'm'))
  })

  test('behavior: --help says how the party id is formed (API hint, ::, 1220 + SHA-256 of the key)', async () => {
    const { code, stdout } = await runInProcess('derive', '--help')
    expect(code).toBe(0)
    expect(stdout).toContain('<hint>::<fingerprint>')
    expect(stdout).toContain('"1220" (SHA-256 multihash prefix)')
    expect(stdout).toContain('"Ada Lovelace" -> "ada-lovelace"')
  })

  test('behavior: STRATOS_MNEMONIC is read when --mnemonic is absent', async () => {
    vi.stubEnv('STRATOS_MNEMONIC', ABANDON)
    const { code, stdout } = await runInProcess('derive', '--json')
    vi.unstubAllEnvs()
    expect(code).toBe(0)
    expect(JSON.parse(stdout).evm).toBe(EXPECTED.evm)
  })

  test('behavior: --help exits 0', async () => {
    expect((await runInProcess('derive', '--help')).code).toBe(0)
    expect((await runInProcess('--help')).code).toBe(0)
  })

  test('error: bad input exits 2 with a message on stderr', async () => {
    vi.stubEnv('STRATOS_MNEMONIC', '')
    const cases: [string[], RegExp][] = [
      [['derive'], /--mnemonic is required/],
      [['derive', '--mnemonic', 'hello world'], /mnemonic/],
      [['derive', '--mnemonic', ABANDON, '--index', '-1'], /--index/],
      [['derive', '--mnemonic', ABANDON, '--index', 'x'], /--index/],
      [['derive', '--mnemonic', ABANDON, '--index', '2147483648'], /index/],
      [['derive', '--mnemonic', ABANDON, '--bogus'], /bogus/],
      [['derive', '--mnemonic', ABANDON, 'extra'], /unexpected argument/],
      [['derive', '--mnemonic', ABANDON, '--party-hint', 'Ada Lovelace'], /--party-hint .*'Ada Lovelace'/],
      [['derive', '--mnemonic', ABANDON, '--party-hint', 'a::b'], /--party-hint/],
      [['derive', '--mnemonic', ABANDON, '--party-hint', ''], /--party-hint/],
      [['rotate'], /unknown subcommand/],
      [[], /usage/],
    ]
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await runInProcess(...args)
      expect(code, args.join(' ')).toBe(2)
      expect(stdout).toBe('')
      expect(stderr).toMatch(message)
    }
    vi.unstubAllEnvs()
  })
})
