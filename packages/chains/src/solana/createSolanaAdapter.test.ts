import {
  type Address,
  address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  getSignatureFromTransaction,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit'
import { getCreateAccountInstruction, getTransferSolInstruction } from '@solana-program/system'
import {
  findAssociatedTokenPda,
  getInitializeMint2Instruction,
  getMintSize,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token'
import { Vault } from '@stratos/keys'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ChainAdapter, HistoryItem, TokenRef } from '../ChainAdapter.js'
import type { LocalChain } from '../LocalChain.js'
import { createSolanaAdapter } from './createSolanaAdapter.js'
import { startSolanaLocalChain } from './localChain/startSolanaLocalChain.js'
import { solanaUpstream } from './solanaUpstream.js'

const SOL = 1_000_000_000n
const TOKEN_2022 = address('TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb')
const FEE = 5_000n
/** Rent-exempt minimum of a wallet (0 bytes) and of a token account (165 bytes), at the default rent. */
const WALLET_RENT = 890_880n
const TOKEN_ACCOUNT_RENT = 2_039_280n

const alice = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const bob = Vault.fromMnemonic(
  'legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth useful legal winner thank year wave sausage worth title',
)
const aliceAddress = alice.addresses().solana
const bobAddress = bob.addresses().solana
/** Alice's account 1: a third address, never funded unless a test says so. */
const carolAddress = alice.addresses({ index: 1 }).solana

let chain: LocalChain
let adapter: ChainAdapter
let usdc: TokenRef
/** Every JSON-RPC method the adapter sent, through the `fetch` it was given. */
const called = new Set<string>()

const recordingFetch: typeof fetch = async (input, init) => {
  const body = JSON.parse(String(init?.body)) as { method: string } | { method: string }[]
  for (const request of Array.isArray(body) ? body : [body]) called.add(request.method)
  return fetch(input, init)
}

beforeAll(async () => {
  chain = await startSolanaLocalChain()
  adapter = createSolanaAdapter({ endpoint: chain.endpoint, fetch: recordingFetch })
  usdc = chain.tokens[0] as TokenRef
  await chain.fund(aliceAddress, 10n * SOL)
  await chain.fund(aliceAddress, 500_000_000n, usdc.address)
})

afterAll(async () => {
  await chain?.stop()
})

async function send(vault: Vault, from: string, to: string, amount: bigint, token?: TokenRef, index = 0) {
  const prepared = await adapter.prepareTransfer({ from, to, amount, ...(token ? { token } : {}) })
  const signed = adapter.signTransfer(vault, prepared, index)
  const { txId } = await adapter.broadcast(signed)
  return { prepared, txId }
}

describe('createSolanaAdapter', () => {
  test('behavior: identify answers the genesis hash and the slot', async () => {
    const identity = await adapter.identify()
    expect(identity).toEqual({ family: 'solana', id: chain.networkId, height: expect.any(BigInt) })
    expect(identity.height).toBeGreaterThan(0n)
  })

  test('behavior: getToken reads the mint decimals', async () => {
    expect(await adapter.getToken(usdc.address)).toEqual({ address: usdc.address, decimals: 6 })
  })

  test('error: getToken on a wallet, an empty address or garbage', async () => {
    for (const address of [aliceAddress, carolAddress])
      await expect(adapter.getToken(address)).rejects.toMatchObject({
        name: 'ChainsError',
        code: 'TOKEN_NOT_FOUND',
        shortMessage: expect.stringContaining('no SPL token mint'),
      })
    await expect(adapter.getToken('0xdeadbeef')).rejects.toMatchObject({ code: 'INVALID_ADDRESS' })
  })

  test('behavior: balances of SOL and of the listed tokens, zero for what is not held', async () => {
    const other: TokenRef = {
      address: 'So11111111111111111111111111111111111111112',
      symbol: 'wSOL',
      decimals: 9,
    }
    expect(await adapter.getBalances(aliceAddress, [usdc, other])).toEqual({
      native: 10n * SOL,
      tokens: [
        { token: usdc.address, amount: 500_000_000n },
        { token: other.address, amount: 0n },
      ],
    })
    expect(await adapter.getBalances(carolAddress, [usdc])).toEqual({
      native: 0n,
      tokens: [{ token: usdc.address, amount: 0n }],
    })
  })

  test('behavior: a SOL transfer signed by the Vault lands; balances, status and both histories follow', async () => {
    const fee = await adapter.estimateFee({ from: aliceAddress, to: bobAddress, amount: SOL })
    expect(fee).toEqual({ fee: FEE, details: [{ label: 'Network fee', value: '0.000005 SOL' }] })
    const { prepared, txId } = await send(alice, aliceAddress, bobAddress, SOL)
    expect(prepared.fee.fee).toBe(FEE)
    expect(prepared.notes).toEqual(['The recipient account is new: this transfer creates it.'])
    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
    expect((await adapter.getBalances(aliceAddress, [])).native).toBe(9n * SOL - FEE)
    expect((await adapter.getBalances(bobAddress, [])).native).toBe(SOL)

    const [out] = (await adapter.getHistory(aliceAddress, { limit: 1 })).items
    expect(out).toMatchObject({
      txId,
      direction: 'out',
      amount: SOL,
      counterparty: bobAddress,
      fee: FEE,
      state: 'confirmed',
      time: expect.any(Number),
    } satisfies Partial<HistoryItem>)
    expect(out?.token).toBeUndefined()
    const [incoming] = (await adapter.getHistory(bobAddress)).items
    expect(incoming).toEqual({
      txId,
      direction: 'in',
      amount: SOL,
      counterparty: aliceAddress,
      state: 'confirmed',
      time: expect.any(Number),
    })
  })

  test('behavior: an SPL transfer to a recipient without a token account creates it and shows its rent', async () => {
    const before = await adapter.getBalances(aliceAddress, [usdc])
    const { prepared, txId } = await send(alice, aliceAddress, bobAddress, 1_250_000n, usdc)
    expect(prepared.fee).toEqual({
      fee: FEE + TOKEN_ACCOUNT_RENT,
      details: [
        { label: 'Network fee', value: '0.000005 SOL' },
        { label: "Rent for the recipient's USDC account", value: '0.00203928 SOL' },
      ],
    })
    expect(prepared.notes).toEqual([
      'The recipient has no USDC account yet: this transfer creates it and you pay its rent deposit of 0.00203928 SOL.',
    ])
    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
    expect(await adapter.getBalances(aliceAddress, [usdc])).toEqual({
      native: before.native - FEE - TOKEN_ACCOUNT_RENT,
      tokens: [{ token: usdc.address, amount: 500_000_000n - 1_250_000n }],
    })
    expect((await adapter.getBalances(bobAddress, [usdc])).tokens).toEqual([
      { token: usdc.address, amount: 1_250_000n },
    ])

    // A second transfer finds the account: no rent this time.
    const again = await adapter.prepareTransfer({
      from: aliceAddress,
      to: bobAddress,
      amount: 1n,
      token: usdc,
    })
    expect(again.fee.fee).toBe(FEE)
    expect(again.notes).toEqual([])

    const sent = (await adapter.getHistory(aliceAddress, { tokens: [usdc], limit: 1 })).items
    expect(sent).toEqual([
      expect.objectContaining({
        txId,
        direction: 'out',
        token: usdc.address,
        amount: 1_250_000n,
        counterparty: bobAddress,
        fee: FEE,
      }),
      // The rent deposit left Alice's SOL for Bob's new token account.
      expect.objectContaining({ txId, direction: 'out', amount: TOKEN_ACCOUNT_RENT }),
    ])
    const received = (await adapter.getHistory(bobAddress, { tokens: [usdc], limit: 1 })).items
    expect(received).toEqual([
      expect.objectContaining({
        txId,
        direction: 'in',
        token: usdc.address,
        amount: 1_250_000n,
        counterparty: aliceAddress,
      }),
    ])
  })

  test('behavior: history pages newest first through the cursor, each transaction once', async () => {
    const sent: string[] = []
    for (const amount of [WALLET_RENT, WALLET_RENT + 1n, WALLET_RENT + 2n])
      sent.unshift((await send(alice, aliceAddress, carolAddress, amount)).txId)
    await chain.fund(aliceAddress, 7n, usdc.address)
    const all = (await adapter.getHistory(aliceAddress, { tokens: [usdc], limit: 100 })).items
    const pages: HistoryItem[][] = []
    let cursor: string | undefined
    do {
      const page = await adapter.getHistory(aliceAddress, {
        tokens: [usdc],
        limit: 2,
        ...(cursor ? { cursor } : {}),
      })
      pages.push(page.items)
      cursor = page.nextCursor
    } while (cursor)
    expect(pages.flat()).toEqual(all)
    expect(new Set(pages.flat().map((i) => i.txId)).size).toBe(new Set(all.map((i) => i.txId)).size)
    expect(pages.length).toBeGreaterThan(2)
    // Newest first: the faucet's USDC, then the three SOL transfers to Carol from the latest.
    expect(all[0]).toMatchObject({ direction: 'in', token: usdc.address, amount: 7n })
    expect(all.slice(1, 4).map((i) => i.txId)).toEqual(sent)
    expect(all.slice(1, 4).map((i) => i.amount)).toEqual([WALLET_RENT + 2n, WALLET_RENT + 1n, WALLET_RENT])
  })

  test('error: a tampered Vault signature is refused by the chain; the untampered one lands', async () => {
    const prepared = await adapter.prepareTransfer({ from: aliceAddress, to: bobAddress, amount: 1_000n })
    const signed = adapter.signTransfer(alice, prepared)
    if (signed.family !== 'solana') throw new Error('expected a Solana transaction')
    const wire = new Uint8Array(getBase64Encoder().encode(signed.transaction))
    wire[1] = (wire[1] as number) ^ 0x01 // first byte of the signature (after the count)
    const tampered = { family: 'solana' as const, transaction: getBase64Decoder().decode(wire) }
    await expect(adapter.broadcast(tampered)).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('signature verification failure'),
    })
    // Signed with another account's key (index 1 instead of 0): refused too.
    await expect(adapter.broadcast(adapter.signTransfer(alice, prepared, 1))).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
    })
    const { txId } = await adapter.broadcast(signed)
    expect(await adapter.getTransactionStatus(txId)).toEqual({ state: 'confirmed' })
    // The same transaction again is a replay.
    await expect(adapter.broadcast(signed)).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('already been processed'),
    })
  })

  test('error: RENT_EXEMPTION when a new account would get less than the rent-exempt minimum', async () => {
    const fresh = bob.addresses({ index: 5 }).solana
    await expect(
      adapter.prepareTransfer({ from: aliceAddress, to: fresh, amount: WALLET_RENT - 1n }),
    ).rejects.toMatchObject({
      name: 'ChainsError',
      code: 'RENT_EXEMPTION',
      shortMessage: expect.stringContaining('at least 0.00089088 SOL'),
    })
    // Exactly the minimum is fine.
    await expect(
      adapter.prepareTransfer({ from: aliceAddress, to: fresh, amount: WALLET_RENT }),
    ).resolves.toBeDefined()
  })

  test('error: RENT_EXEMPTION when the sender would keep a nonzero balance below the minimum', async () => {
    const { native } = await adapter.getBalances(bobAddress, [])
    await expect(
      adapter.prepareTransfer({ from: bobAddress, to: aliceAddress, amount: native - FEE - 1_000n }),
    ).rejects.toMatchObject({ code: 'RENT_EXEMPTION', shortMessage: expect.stringContaining('must keep') })
    // Emptying the account is allowed.
    await expect(
      adapter.prepareTransfer({ from: bobAddress, to: aliceAddress, amount: native - FEE }),
    ).resolves.toBeDefined()
  })

  test('error: INSUFFICIENT_FUNDS for more than the balance, INSUFFICIENT_FUNDS_FOR_FEE for the fee', async () => {
    const { native } = await adapter.getBalances(bobAddress, [])
    await expect(
      adapter.prepareTransfer({ from: bobAddress, to: aliceAddress, amount: native + 1n }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
    await expect(
      adapter.prepareTransfer({ from: bobAddress, to: aliceAddress, amount: native }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      shortMessage: expect.stringContaining('0.000005 SOL network fee'),
    })
    await expect(
      adapter.prepareTransfer({ from: bobAddress, to: aliceAddress, amount: 2_000_000n, token: usdc }),
    ).rejects.toMatchObject({ code: 'INSUFFICIENT_FUNDS' })
  })

  test('error: INSUFFICIENT_FUNDS_FOR_FEE for a token transfer from an account without SOL', async () => {
    const dave = bob.addresses({ index: 2 }).solana
    await chain.fund(dave, 1_000n, usdc.address)
    await expect(
      adapter.prepareTransfer({ from: dave, to: aliceAddress, amount: 10n, token: usdc }),
    ).rejects.toMatchObject({
      code: 'INSUFFICIENT_FUNDS_FOR_FEE',
      shortMessage: expect.stringContaining('Add SOL'),
    })
  })

  test('error: RENT_EXEMPTION when the fee of a token transfer would leave SOL below the minimum', async () => {
    const erin = bob.addresses({ index: 3 }).solana
    await chain.fund(erin, WALLET_RENT + 1_000n)
    await chain.fund(erin, 1_000n, usdc.address)
    await expect(
      adapter.prepareTransfer({ from: erin, to: aliceAddress, amount: 10n, token: usdc }),
    ).rejects.toMatchObject({
      code: 'RENT_EXEMPTION',
      shortMessage: expect.stringContaining('Add at least 0.000004 SOL'),
    })
  })

  test('error: INVALID_ADDRESS and INVALID_AMOUNT name the field', async () => {
    await expect(
      adapter.prepareTransfer({
        from: aliceAddress,
        to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
        amount: 1n,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ADDRESS', shortMessage: expect.stringContaining('recipient') })
    await expect(adapter.getBalances('not-an-address', [])).rejects.toMatchObject({ code: 'INVALID_ADDRESS' })
    await expect(
      adapter.prepareTransfer({ from: aliceAddress, to: bobAddress, amount: 0n }),
    ).rejects.toMatchObject({
      code: 'INVALID_AMOUNT',
    })
  })

  test('error: INVALID_ADDRESS for tokens sent to a token account instead of its wallet', async () => {
    const [bobUsdcAccount] = await findAssociatedTokenPda({
      owner: bobAddress as Address,
      mint: usdc.address as Address,
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    })
    await expect(
      adapter.prepareTransfer({ from: aliceAddress, to: bobUsdcAccount, amount: 1n, token: usdc }),
    ).rejects.toMatchObject({
      code: 'INVALID_ADDRESS',
      shortMessage: expect.stringContaining('not a wallet'),
    })
  })

  test('error: TOKEN_NOT_FOUND names a Token-2022 mint as not supported', async () => {
    const payer = await generateKeyPairSigner()
    const mint = await generateKeyPairSigner()
    await chain.fund(payer.address, SOL)
    const { value } = await rpc<{ value: { blockhash: string; lastValidBlockHeight: number } }>(
      'getLatestBlockhash',
    )
    const signed = await signTransactionMessageWithSigners(
      pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(payer, m),
        (m) =>
          setTransactionMessageLifetimeUsingBlockhash(
            {
              blockhash: value.blockhash as Blockhash,
              lastValidBlockHeight: BigInt(value.lastValidBlockHeight),
            },
            m,
          ),
        (m) =>
          appendTransactionMessageInstructions(
            [
              getCreateAccountInstruction({
                payer,
                newAccount: mint,
                lamports: lamports(SOL / 100n),
                space: getMintSize(),
                programAddress: TOKEN_2022,
              }),
              getInitializeMint2Instruction(
                { mint: mint.address, decimals: 2, mintAuthority: payer.address },
                { programAddress: TOKEN_2022 },
              ),
            ],
            m,
          ),
      ),
    )
    expect(
      await rpc('sendTransaction', [getBase64EncodedWireTransaction(signed), { encoding: 'base64' }]),
    ).toBe(getSignatureFromTransaction(signed))
    await expect(adapter.getToken(mint.address)).rejects.toMatchObject({
      code: 'TOKEN_NOT_FOUND',
      shortMessage: expect.stringContaining('Token-2022'),
    })
  })

  test('error: the chain itself refuses a transfer below rent that skips the adapter checks', async () => {
    const { value } = await rpc<{ value: { blockhash: string; lastValidBlockHeight: number } }>(
      'getLatestBlockhash',
    )
    const from = createNoopSigner(aliceAddress as Address)
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(from, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          {
            blockhash: value.blockhash as Blockhash,
            lastValidBlockHeight: BigInt(value.lastValidBlockHeight),
          },
          m,
        ),
      (m) =>
        appendTransactionMessageInstructions(
          [
            getTransferSolInstruction({
              source: from,
              destination: bob.addresses({ index: 6 }).solana as Address,
              amount: lamports(1n),
            }),
          ],
          m,
        ),
    )
    const { messageBytes } = compileTransaction(message)
    const prepared = {
      request: { from: aliceAddress, to: bobAddress, amount: 1n },
      fee: { fee: FEE, details: [] },
      unsigned: { family: 'solana' as const, message: getBase64Decoder().decode(messageBytes) },
      notes: [],
    }
    await expect(adapter.broadcast(adapter.signTransfer(alice, prepared))).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('insufficient funds for rent'),
    })
  })

  test('behavior: a transaction that failed on chain is failed in its status and in the history', async () => {
    // 9 decimals for a 6-decimal mint: the Token program refuses transferChecked (MintDecimalsMismatch).
    const prepared = await adapter.prepareTransfer({
      from: aliceAddress,
      to: bobAddress,
      amount: 1n,
      token: { ...usdc, decimals: 9 },
    })
    const signed = adapter.signTransfer(alice, prepared)
    if (signed.family !== 'solana') throw new Error('expected a Solana transaction')
    await expect(adapter.broadcast(signed)).rejects.toMatchObject({
      code: 'TRANSACTION_REJECTED',
      details: expect.stringContaining('custom program error: 0x12'),
    })
    const before = (await adapter.getBalances(aliceAddress, [])).native
    // Without preflight the node lands it, failed, and charges the fee.
    const txId = await rpc<string>('sendTransaction', [
      signed.transaction,
      { encoding: 'base64', skipPreflight: true },
    ])
    expect(await adapter.getTransactionStatus(txId)).toEqual({
      state: 'failed',
      error: expect.stringContaining(
        'step 1 of the transaction was refused by its program (program error 18)',
      ),
    })
    expect((await adapter.getBalances(aliceAddress, [])).native).toBe(before - FEE)
    const [item] = (await adapter.getHistory(aliceAddress, { tokens: [usdc], limit: 1 })).items
    expect(item).toEqual({
      txId,
      direction: 'out',
      amount: 0n,
      fee: FEE,
      state: 'failed',
      time: expect.any(Number),
    })
  })

  test('behavior: an unknown signature is pending', async () => {
    expect(
      await adapter.getTransactionStatus(
        '5h6xBEauJ3PK6SWCZ1PGjBvj8vDdWG3KpwATGy1ARAXFSDwt8GFXM7W5Ncn16wmqokgpiKRLuS83KUxyZyv2sUYv',
      ),
    ).toEqual({ state: 'pending' })
  })

  test('error: an endpoint that does not answer is RPC_ERROR', async () => {
    const dead = createSolanaAdapter({ endpoint: 'http://127.0.0.1:9', fetch: recordingFetch })
    await expect(dead.identify()).rejects.toMatchObject({ code: 'RPC_ERROR' })
  })

  // Runs last: every call above went through `recordingFetch`.
  test('behavior: the adapter calls exactly the methods in solanaUpstream', () => {
    expect([...called].sort()).toEqual([...solanaUpstream.methods].sort())
  })
})

async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const response = await fetch(chain.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  return ((await response.json()) as { result: T }).result
}

describe('createSolanaAdapter in a browser', () => {
  test('behavior: the adapter bundles for the browser and imports no Node module', async () => {
    const result = await build({
      entryPoints: [new URL('./index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.some((path) => path.includes('@solana/kit'))).toBe(true)
    expect(inputs.filter((path) => path.startsWith('node:') || path.includes('litesvm'))).toEqual([])
    const nodeImports = [
      ...(result.outputFiles[0]?.text ?? '').matchAll(
        /(?:from\s*|import\(\s*|require\(\s*)["'](node:[\w/]+)["']/g,
      ),
    ]
    expect(nodeImports).toEqual([])
  })
})
