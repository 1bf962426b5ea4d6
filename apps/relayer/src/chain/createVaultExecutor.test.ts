import { randomBytes } from 'node:crypto'
import { evmChain } from '@stratos/chains'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  cantonDeFiVaultAbi,
  type DeFiStack,
  deployDeFiStack,
  encodeAdapterCall,
  signIntent,
} from '@stratos/contracts'
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  type Hex,
  http,
  keccak256,
  type PublicClient,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openJournal } from '../journal/index.js'
import type { CantonIntent, Journal, JournalEntry } from '../types.js'
import { createTxSender, type TxSender } from './createTxSender.js'
import {
  createVaultExecutor,
  executeCalldata,
  intentStruct,
  type VaultExecutor,
} from './createVaultExecutor.js'

// anvil's default test keys (public test data): #0 deploys, #1 relays, #2 signs for the party.
const DEPLOYER = privateKeyToAccount(ANVIL_DEV_KEY)
const RELAYER = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
const PARTY_SIGNER = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804270ab365')
const PARTY = 'institution::1220aa11bb22cc33dd44ee55ff66'
const TOKEN = 1n

let anvil: AnvilNode
let client: PublicClient
let stack: DeFiStack
let journal: Journal
let sender: TxSender
let executor: VaultExecutor
let chain: Chain

beforeAll(async () => {
  anvil = await startAnvil()
  chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl, name: 'anvil' })
  client = createPublicClient({ chain, transport: http(anvil.rpcUrl) }) as PublicClient
  const deployer = createWalletClient({ account: DEPLOYER, chain, transport: http(anvil.rpcUrl) })
  stack = await deployDeFiStack(deployer, client, { partyId: PARTY, signer: PARTY_SIGNER.address })
  journal = await openJournal({ kind: 'sqlite', file: ':memory:' })
  sender = createTxSender({
    chainId: anvil.chainId,
    client,
    account: RELAYER,
    journal,
    fencingToken: () => TOKEN,
    pollIntervalMs: 50,
    feeBumpAfterMs: 300,
  })
  executor = createVaultExecutor({ sender, client, logsFromBlock: stack.vaultDeployBlock })
}, 60_000)

afterAll(async () => {
  sender?.close()
  await journal?.close()
  await anvil?.stop()
})

function newIntent(overrides: Partial<CantonIntent> = {}): CantonIntent {
  return {
    contractId: `00${randomBytes(8).toString('hex')}`,
    institution: PARTY,
    operator: 'operator::1220bb',
    regulator: null,
    intentId: `0x${randomBytes(32).toString('hex')}`,
    vaultId: stack.vaultId,
    chainId: anvil.chainId,
    vault: stack.vault,
    adapter: stack.adapters.aaveV3,
    callData: encodeAdapterCall({ action: 'aaveV3.supply', asset: stack.tokens.usdc, amount: 1_000_000n }),
    value: 0n,
    nonce: 1n,
    deadline: BigInt(Math.floor(Date.now() / 1000) + 3600),
    ...overrides,
  }
}

async function signedEntry(intent: CantonIntent, signature?: Hex): Promise<JournalEntry> {
  const sig = signature ?? (await signIntent(PARTY_SIGNER, intent, intentStruct(intent)))
  await journal.receive(TOKEN, intent)
  await journal.transition(TOKEN, intent.intentId, ['received'], 'validated')
  return journal.transition(TOKEN, intent.intentId, ['validated'], 'signed', { intentSignature: sig })
}

describe('createVaultExecutor', () => {
  test('behavior: executes a signed intent and returns its tx hash and gas used', async () => {
    const entry = await signedEntry(newIntent())
    const outcome = await executor.execute(entry)
    expect(outcome).toMatchObject({ status: 'confirmed', alreadyExecuted: false })
    if (outcome.status !== 'confirmed') return
    expect(outcome.gasUsed).toBeGreaterThan(21_000n)
    const receipt = await client.getTransactionReceipt({ hash: outcome.txHash })
    expect(receipt.status).toBe('success')
    expect((await journal.get(entry.intentId))?.txs.map((t) => t.hash)).toEqual([outcome.txHash])
  })

  test('behavior: IntentAlreadyUsed at estimate = already executed: confirmed with the executing tx', async () => {
    const intent = newIntent()
    const entry = await signedEntry(intent)
    // Someone else (another relayer) executes the same signed intent first.
    const wallet = createWalletClient({ account: DEPLOYER, chain, transport: http(anvil.rpcUrl) })
    const other = await wallet.sendTransaction({
      to: stack.vault,
      data: executeCalldata(intent, entry.intentSignature!),
    })
    await client.waitForTransactionReceipt({ hash: other })
    const outcome = await executor.execute(entry)
    expect(outcome).toMatchObject({ status: 'confirmed', txHash: other, alreadyExecuted: true })
    expect((await journal.get(entry.intentId))?.txs).toEqual([])
  })

  test('error: a known vault error at estimate is a final failure with its name', async () => {
    const wrongSigner = privateKeyToAccount(`0x${'42'.repeat(32)}`)
    const intent = newIntent()
    const badSignature = await signIntent(wrongSigner, intent, intentStruct(intent))
    const outcome = await executor.execute(await signedEntry(intent, badSignature))
    expect(outcome).toMatchObject({
      status: 'failed',
      errorName: 'InvalidSignature',
      reason: 'InvalidSignature()',
    })

    const expired = newIntent({ deadline: 1n })
    const expiredOutcome = await executor.execute(await signedEntry(expired))
    expect(expiredOutcome).toMatchObject({
      status: 'failed',
      errorName: 'IntentExpired',
      reason: 'IntentExpired(1)',
    })
  })

  test('behavior: resume after the nonce went to another tx checks the vault before re-signing', async () => {
    const intent = newIntent()
    const entry = await signedEntry(intent)
    // The crashed leader journaled its tx (never broadcast); then the nonce was used elsewhere
    // and another relayer executed the intent.
    const nonce = await client.getTransactionCount({ address: RELAYER.address, blockTag: 'pending' })
    const fees = await client.estimateFeesPerGas()
    const raw = await RELAYER.signTransaction({
      chainId: anvil.chainId,
      type: 'eip1559',
      to: stack.vault,
      data: executeCalldata(intent, entry.intentSignature!),
      gas: 500_000n,
      nonce,
      ...fees,
    })
    await journal.addTx(TOKEN, intent.intentId, {
      hash: keccak256(raw),
      raw,
      nonce,
      ...fees,
      sentAt: new Date(),
    })
    await journal.transition(TOKEN, intent.intentId, ['signed'], 'broadcast')
    const relayerWallet = createWalletClient({ account: RELAYER, chain, transport: http(anvil.rpcUrl) })
    await client.waitForTransactionReceipt({
      hash: await relayerWallet.sendTransaction({ to: DEPLOYER.address, value: 1n, nonce }),
    })
    const deployerWallet = createWalletClient({ account: DEPLOYER, chain, transport: http(anvil.rpcUrl) })
    const other = await deployerWallet.sendTransaction({
      to: stack.vault,
      data: executeCalldata(intent, entry.intentSignature!),
    })
    await client.waitForTransactionReceipt({ hash: other })

    const outcome = await executor.execute((await journal.get(intent.intentId))!)
    expect(outcome).toMatchObject({ status: 'confirmed', txHash: other, alreadyExecuted: true })
    expect(
      await client.readContract({
        address: stack.vault,
        abi: cantonDeFiVaultAbi,
        functionName: 'isIntentUsed',
        args: [intent.intentId],
      }),
    ).toBe(true)
    // Nothing was re-signed: the one journaled tx stays the only one.
    expect((await journal.get(intent.intentId))?.txs).toHaveLength(1)
  })
})
