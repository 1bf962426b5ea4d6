import { readFileSync } from 'node:fs'
import { outcomesOf } from '@stratos/canton-devnet/testing'
import { cantonDeFiVaultAbi } from '@stratos/contracts'
import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type RelayerProcess, spawnRelayer } from './testing/spawnRelayer.js'
import { type DeFiTestStack, startDeFiStack } from './testing/startDeFiStack.js'
import { type MockKms, startMockKms } from './testing/startMockKms.js'

// The production signer path end to end: a relayer process configured with RELAYER_SIGNER=kms
// signs every intent and transaction through the AWS SDK's KMS client. AWS KMS cannot run here, so
// the SDK talks to the mock KMS (the KMS JSON protocol over HTTP, backed by the relayer's real
// secp256k1 key), which answers with high-s DER signatures: the relayer must normalise them.

const INTENTS = 6
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('relayer with the KMS signer', () => {
  let stack: DeFiTestStack
  let kms: MockKms
  let relayer: RelayerProcess

  beforeAll(async () => {
    stack = await startDeFiStack()
    const env = stack.relayerEnv('kms-relayer', { RELAYER_POLL_INTERVAL_MS: '200' })
    const privateKey = readFileSync(env.RELAYER_PRIVATE_KEY_FILE as string, 'utf8').trim() as Hex
    kms = await startMockKms({ privateKey, signatureMode: 'high-s' })
    const { RELAYER_PRIVATE_KEY_FILE: _localKey, ...kmsEnv } = env
    relayer = await spawnRelayer(
      'kms-relayer',
      {
        ...kmsEnv,
        RELAYER_SIGNER: 'kms',
        KMS_KEY_ID: kms.keyId,
        KMS_ENDPOINT: kms.url,
        AWS_REGION: 'eu-central-1',
        AWS_ACCESS_KEY_ID: 'AKIDMOCKKMS',
        AWS_SECRET_ACCESS_KEY: 'mock-kms-secret',
      },
      { logDir: stack.dir },
    )
  }, 120_000)

  afterAll(async () => {
    relayer?.kill('SIGTERM')
    await Promise.race([relayer?.exited, sleep(5_000)])
    relayer?.kill('SIGKILL')
    await kms?.stop()
    await stack?.stop()
  }, 60_000)

  test('behavior: every intent executes once, signed through KMS (high-s answers normalised), and is marked on Canton', async () => {
    const created = await stack.createIntents(INTENTS)
    const ids = new Set(created.map((c) => c.intentId.toLowerCase()))
    // Every intent reported to Canton (the relayer's audit line follows the ledger's answer).
    await relayer.untilLogged(
      (records) =>
        records.filter((r) => r.event === 'intent_reported' && ids.has(String(r.intentId))).length >= INTENTS,
    )
    const { client, operator, operatorToken } = stack.scenario
    const outcomes = await outcomesOf(client, operatorToken, operator)
    expect(outcomes.map((o) => o.args.status)).toEqual(Array(INTENTS).fill('Executed'))

    const events = await stack.publicClient.getContractEvents({
      address: stack.defi.vault,
      abi: cantonDeFiVaultAbi,
      eventName: 'IntentExecuted',
      fromBlock: stack.defi.vaultDeployBlock,
    })
    expect(events.map((e) => (e.args.intentId as Hex).toLowerCase()).sort()).toEqual(
      created.map((c) => c.intentId.toLowerCase()).sort(),
    )
    // Both the EIP-712 intents and the transactions went through KMS Sign (no local key was given).
    expect(kms.requests.filter((r) => r.target === 'Sign').length).toBeGreaterThanOrEqual(2 * INTENTS)
  }, 120_000)
})
