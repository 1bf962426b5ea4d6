import { KMSClient } from '@aws-sdk/client-kms'
import { evmChain } from '@stratos/chains'
import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  createPublicClient,
  createWalletClient,
  http,
  parseEther,
  parseGwei,
  recoverTransactionAddress,
  verifyMessage,
  verifyTypedData,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type MockKms, startMockKms } from '../testing/startMockKms.js'
import { createKmsSigner } from './createKmsSigner.js'
import { createLocalSigner } from './createLocalSigner.js'
import { toViemAccount } from './toViemAccount.js'

// Fresh keys, not anvil's prefunded ones: the test funds them, so it proves the signatures.
const LOCAL_KEY = '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba'
const KMS_KEY = '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e'

const typedData = {
  domain: {
    name: 'CantonDeFiVault',
    version: '1',
    chainId: 31337,
    verifyingContract: `0x${'11'.repeat(20)}`,
  },
  types: { Ping: [{ name: 'id', type: 'bytes32' }] },
  primaryType: 'Ping',
  message: { id: `0x${'22'.repeat(32)}` },
} as const

describe('toViemAccount', () => {
  let anvil: AnvilNode
  let kms: MockKms
  let kmsClient: KMSClient
  beforeAll(async () => {
    ;[anvil, kms] = await Promise.all([
      startAnvil(),
      startMockKms({ privateKey: KMS_KEY, signatureMode: 'high-s' }),
    ])
    kmsClient = new KMSClient({
      region: 'us-east-1',
      endpoint: kms.url,
      credentials: { accessKeyId: 'AKIDMOCKKMS', secretAccessKey: 'mock-kms-secret' },
      maxAttempts: 1,
    })
  })
  afterAll(async () => {
    kmsClient?.destroy()
    await Promise.all([anvil?.stop(), kms?.stop()])
  })

  const signers = {
    local: () => createLocalSigner(LOCAL_KEY),
    'kms (mock KMS: AWS KMS cannot run here)': () => createKmsSigner({ keyId: kms.keyId, client: kmsClient }),
  }

  describe.each(Object.entries(signers))('over a %s signer', (_, makeSigner) => {
    test('behavior: messages and typed data verify against the signer’s address', async () => {
      const account = await toViemAccount(makeSigner())
      const message = await account.signMessage({ message: 'stratos relayer' })
      expect(
        await verifyMessage({ address: account.address, message: 'stratos relayer', signature: message }),
      ).toBe(true)
      const typed = await account.signTypedData(typedData)
      expect(await verifyTypedData({ address: account.address, signature: typed, ...typedData })).toBe(true)
    })

    test('behavior: signed EIP-1559 and legacy transactions are accepted by anvil', async () => {
      const account = await toViemAccount(makeSigner())
      const chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl, name: 'anvil' })
      const publicClient = createPublicClient({ chain, transport: http(anvil.rpcUrl) })
      await publicClient.request({
        method: 'anvil_setBalance' as never,
        params: [account.address, `0x${parseEther('10').toString(16)}`] as never,
      })
      const wallet = createWalletClient({ account, chain, transport: http(anvil.rpcUrl) })
      const to = `0x${'33'.repeat(20)}` as const

      const eip1559 = await wallet.sendTransaction({ to, value: 1n })
      const legacy = await wallet.sendTransaction({ to, value: 2n, gasPrice: parseGwei('5'), type: 'legacy' })
      for (const hash of [eip1559, legacy]) {
        const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
        expect(receipt.status).toBe('success')
        expect(receipt.from.toLowerCase()).toBe(account.address.toLowerCase())
      }
      const raw = await account.signTransaction({
        to,
        value: 3n,
        chainId: anvil.chainId,
        nonce: 9,
        gas: 21_000n,
        maxFeePerGas: 1n,
        maxPriorityFeePerGas: 1n,
      })
      expect(await recoverTransactionAddress({ serializedTransaction: raw as `0x02${string}` })).toBe(
        account.address,
      )
    })
  })

  test('behavior: a local-key account signs exactly as viem’s own privateKeyToAccount', async () => {
    const ours = await toViemAccount(createLocalSigner(LOCAL_KEY))
    const viem = privateKeyToAccount(LOCAL_KEY)
    const tx = {
      to: `0x${'44'.repeat(20)}`,
      value: 5n,
      chainId: 1,
      nonce: 3,
      gas: 21_000n,
      maxFeePerGas: 9n,
      maxPriorityFeePerGas: 2n,
    } as const
    expect(await ours.signTransaction(tx)).toBe(await viem.signTransaction(tx))
    expect(await ours.signTypedData(typedData)).toBe(await viem.signTypedData(typedData))
    expect(await ours.signMessage({ message: 'x' })).toBe(await viem.signMessage({ message: 'x' }))
  })
})
