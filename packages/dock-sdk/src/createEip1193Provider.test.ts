import { type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  BrowserProvider,
  parseEther as ethersParseEther,
  verifyTypedData as ethersVerifyTypedData,
} from 'ethers'
import {
  BaseError,
  createPublicClient,
  createWalletClient,
  custom,
  defineChain,
  http,
  parseEther,
  UserRejectedRequestError,
  verifyTypedData,
} from 'viem'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { ProviderRpcError } from './ProviderRpcError.js'
import { createDockHarness } from './testing/dockHarness.js'

const RECEIVER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as const

// EIP-712's own example (the "Mail" message of the EIP's test vectors).
const domain = {
  name: 'Ether Mail',
  version: '1',
  chainId: 31337,
  verifyingContract: '0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC',
} as const
const types = {
  Person: [
    { name: 'name', type: 'string' },
    { name: 'wallet', type: 'address' },
  ],
  Mail: [
    { name: 'from', type: 'Person' },
    { name: 'to', type: 'Person' },
    { name: 'contents', type: 'string' },
  ],
} as const
const message = {
  from: { name: 'Cow', wallet: '0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826' },
  to: { name: 'Bob', wallet: '0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB' },
  contents: 'Hello, Bob!',
} as const

let anvil: AnvilNode
beforeAll(async () => {
  anvil = await startAnvil()
})
afterAll(async () => {
  await anvil?.stop()
})

let harness: ReturnType<typeof createDockHarness>
afterEach(() => harness?.close())

function rejectsWith(code: number) {
  return (error: unknown) =>
    error instanceof BaseError && error.walk((e) => (e as { code?: unknown }).code === code) !== null
}

describe('createEip1193Provider with viem (custom transport)', () => {
  const chain = defineChain({
    id: 31337,
    name: 'Anvil',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: ['http://127.0.0.1:9'] } },
  })

  test('behavior: connects, sends 0.1 ETH the wallet signs, signs typed data that verifies', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const walletClient = createWalletClient({ chain, transport: custom(harness.dock.ethereum) })
    const publicClient = createPublicClient({ chain, transport: custom(harness.dock.ethereum) })
    const onAnvil = createPublicClient({ chain, transport: http(anvil.rpcUrl) })

    const [address] = await walletClient.requestAddresses()
    expect(address).toBe(harness.wallet.account.address)
    expect(await walletClient.getChainId()).toBe(31337)

    const before = await onAnvil.getBalance({ address: RECEIVER })
    const hash = await walletClient.sendTransaction({
      account: address!,
      to: RECEIVER,
      value: parseEther('0.1'),
    })
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 50 })
    expect(receipt.status).toBe('success')
    expect(await onAnvil.getBalance({ address: RECEIVER })).toBe(before + parseEther('0.1'))
    expect(harness.wallet.received.map((r) => r.method)).toContain('eth_sendTransaction')

    const signature = await walletClient.signTypedData({
      account: address!,
      domain,
      types,
      primaryType: 'Mail',
      message,
    })
    expect(
      await verifyTypedData({ address: address!, domain, types, primaryType: 'Mail', message, signature }),
    ).toBe(true)
  })

  test('error: a rejection in the review is viem UserRejectedRequestError (4001), nothing sent', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const walletClient = createWalletClient({ chain, transport: custom(harness.dock.ethereum) })
    const [address] = await walletClient.requestAddresses()
    harness.wallet.state.approve = async () => false
    const onAnvil = createPublicClient({ chain, transport: http(anvil.rpcUrl) })
    const nonce = await onAnvil.getTransactionCount({ address: address! })

    const sending = walletClient.sendTransaction({
      account: address!,
      to: RECEIVER,
      value: parseEther('0.1'),
    })
    await expect(sending).rejects.toSatisfy(
      (e) => e instanceof BaseError && e.walk((x) => x instanceof UserRejectedRequestError) !== null,
    )
    await expect(
      walletClient.signTypedData({ account: address!, domain, types, primaryType: 'Mail', message }),
    ).rejects.toBeInstanceOf(UserRejectedRequestError)
    expect(await onAnvil.getTransactionCount({ address: address! })).toBe(nonce)
  })

  test('behavior: switchChain to a configured chain emits chainChanged; another is 4902', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const walletClient = createWalletClient({ chain, transport: custom(harness.dock.ethereum) })
    const changed = new Promise<string>((resolve) => harness.dock.ethereum.on('chainChanged', resolve))
    await walletClient.switchChain({ id: 31338 })
    expect(await changed).toBe('0x7a6a')
    expect(await walletClient.getChainId()).toBe(31338)

    await expect(walletClient.switchChain({ id: 999 })).rejects.toSatisfy(rejectsWith(4902))
  })
})

describe('createEip1193Provider with ethers v6 (BrowserProvider)', () => {
  test('behavior: getSigner, sendTransaction of 0.1 ETH, signTypedData that verifies', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const provider = new BrowserProvider(harness.dock.ethereum)
    try {
      const signer = await provider.getSigner()
      expect(signer.address).toBe(harness.wallet.account.address)
      expect((await provider.getNetwork()).chainId).toBe(31337n)

      // Balances read on anvil itself (ethers caches identical calls for 250 ms).
      const onAnvil = createPublicClient({ transport: http(anvil.rpcUrl) })
      const before = await onAnvil.getBalance({ address: RECEIVER })
      const tx = await signer.sendTransaction({ to: RECEIVER, value: ethersParseEther('0.1') })
      const receipt = await tx.wait()
      expect(receipt?.status).toBe(1)
      expect(await onAnvil.getBalance({ address: RECEIVER })).toBe(before + ethersParseEther('0.1'))

      const ethersTypes = { Person: [...types.Person], Mail: [...types.Mail] }
      const signature = await signer.signTypedData(domain, ethersTypes, message)
      expect(ethersVerifyTypedData(domain, ethersTypes, message, signature)).toBe(signer.address)
    } finally {
      provider.destroy()
    }
  })

  test('error: a rejection in the review is ethers ACTION_REJECTED with code 4001', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const provider = new BrowserProvider(harness.dock.ethereum)
    try {
      const signer = await provider.getSigner()
      harness.wallet.state.approve = async () => false
      await expect(
        signer.sendTransaction({ to: RECEIVER, value: ethersParseEther('0.1') }),
      ).rejects.toMatchObject({
        code: 'ACTION_REJECTED',
        info: { error: { code: 4001 } },
      })
      await expect(
        signer.signTypedData(domain, { Person: [...types.Person], Mail: [...types.Mail] }, message),
      ).rejects.toMatchObject({ code: 'ACTION_REJECTED' })
    } finally {
      provider.destroy()
    }
  })
})

describe('createEip1193Provider', () => {
  test('error: requests reject with ProviderRpcError objects carrying code and message', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    const error = await harness.dock.ethereum
      .request({ method: 'eth_sign', params: [] })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ProviderRpcError)
    expect(error).toMatchObject({ code: 4200, message: 'eth_sign is not supported' })
    await expect(harness.dock.ethereum.request({ method: '' })).rejects.toMatchObject({ code: -32600 })
  })

  test('behavior: forwards the wallet accountsChanged event and stops after removeListener', async () => {
    harness = createDockHarness({ rpcUrl: anvil.rpcUrl })
    await harness.dock.ready
    const seen: unknown[] = []
    const listener = (accounts: unknown) => seen.push(accounts)
    harness.dock.ethereum.on('accountsChanged', listener)
    harness.wallet.emit('eip1193', 'accountsChanged', [RECEIVER])
    await harness.appWindow.delivered()
    harness.dock.ethereum.removeListener('accountsChanged', listener)
    harness.wallet.emit('eip1193', 'accountsChanged', [])
    await harness.appWindow.delivered()
    expect(seen).toEqual([[RECEIVER]])
  })
})
