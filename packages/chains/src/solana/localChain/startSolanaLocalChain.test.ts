import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createTransactionMessage,
  generateKeyPairSigner,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getSignatureFromTransaction,
  type KeyPairSigner,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit'
import { getTransferSolInstruction } from '@solana-program/system'
import {
  findAssociatedTokenPda,
  getTransferCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenRef } from '../../ChainAdapter.js'
import type { LocalChain } from '../../LocalChain.js'
import { createSolanaAdapter } from '../createSolanaAdapter.js'
import docs from './fixtures/solanaDocsResponses.json' with { type: 'json' }
import { startSolanaLocalChain } from './startSolanaLocalChain.js'

let chain: LocalChain
let payer: KeyPairSigner
let mint: Address

beforeAll(async () => {
  chain = await startSolanaLocalChain()
  payer = await generateKeyPairSigner()
  mint = chain.tokens[0]?.address as Address
  await chain.fund(payer.address, 5_000_000_000n)
  await chain.fund(payer.address, 1_000_000n, mint)
})

afterAll(async () => {
  await chain?.stop()
})

interface RpcAnswer {
  jsonrpc: '2.0'
  id: number
  result?: unknown
  error?: { code: number; message: string; data?: unknown }
}

async function call(method: string, params: unknown[] = []): Promise<RpcAnswer> {
  const response = await fetch(chain.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  })
  expect(response.status).toBe(200)
  return (await response.json()) as RpcAnswer
}

async function latestBlockhash() {
  const { value } = (await call('getLatestBlockhash')).result as {
    value: { blockhash: string; lastValidBlockHeight: number }
  }
  return { blockhash: value.blockhash as Blockhash, lastValidBlockHeight: BigInt(value.lastValidBlockHeight) }
}

async function transfer(
  amount: bigint,
  options: { to?: Address; blockhash?: Awaited<ReturnType<typeof latestBlockhash>> } = {},
) {
  const lifetime = options.blockhash ?? (await latestBlockhash())
  const message = pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) =>
      appendTransactionMessageInstructions(
        [
          getTransferSolInstruction({
            source: payer,
            destination: options.to ?? (chain.tokens[0]?.address as Address),
            amount: lamports(amount),
          }),
        ],
        m,
      ),
  )
  return signTransactionMessageWithSigners(message)
}

/** Every field of `expected` is in `actual` with the same JSON type; `null` in `expected` allows any. */
function expectShape(actual: unknown, expected: unknown, path = 'result'): void {
  if (expected === null) return
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${path} is an array`).toBe(true)
    ;(actual as unknown[]).forEach((item, i) => {
      expectShape(item, expected[Math.min(i, expected.length - 1)], `${path}[${i}]`)
    })
    return
  }
  if (typeof expected === 'object') {
    expect(
      typeof actual === 'object' && actual !== null && !Array.isArray(actual),
      `${path} is an object`,
    ).toBe(true)
    for (const key of Object.keys(expected))
      expect(Object.hasOwn(actual as object, key), `${path}.${key} is present`).toBe(true)
    for (const [key, value] of Object.entries(expected))
      expectShape((actual as Record<string, unknown>)[key], value, `${path}.${key}`)
    return
  }
  expect(typeof actual, `${path} type`).toBe(typeof expected)
}

describe('startSolanaLocalChain', () => {
  test('behavior: every answer the adapter reads has the fields and types of the published examples', async () => {
    const tx = await transfer(1_000_000n, { to: (await generateKeyPairSigner()).address })
    const sent = await call('sendTransaction', [getBase64EncodedWireTransaction(tx), { encoding: 'base64' }])
    const signature = sent.result as string
    expect(signature).toBe(getSignatureFromTransaction(tx))
    const message = getBase64Decoder().decode(compileTransaction(await transferMessage()).messageBytes)
    const answers: Record<keyof typeof docs.responses, RpcAnswer> = {
      getGenesisHash: await call('getGenesisHash'),
      getSlot: await call('getSlot'),
      getBalance: await call('getBalance', [payer.address]),
      getAccountInfo: await call('getAccountInfo', [payer.address, { encoding: 'base58' }]),
      getTokenAccountsByOwner: await call('getTokenAccountsByOwner', [
        payer.address,
        { programId: TOKEN_PROGRAM_ADDRESS },
        { encoding: 'jsonParsed' },
      ]),
      getLatestBlockhash: await call('getLatestBlockhash'),
      getFeeForMessage: await call('getFeeForMessage', [message]),
      getMinimumBalanceForRentExemption: await call('getMinimumBalanceForRentExemption', [165]),
      sendTransaction: sent,
      getSignatureStatuses: await call('getSignatureStatuses', [
        [signature, docs.responses.getSignaturesForAddress.response.result[0]?.signature],
        { searchTransactionHistory: true },
      ]),
      getSignaturesForAddress: await call('getSignaturesForAddress', [payer.address, { limit: 1 }]),
      getTransaction: await call('getTransaction', [
        signature,
        { encoding: 'json', maxSupportedTransactionVersion: 0 },
      ]),
    }
    for (const [method, { source, response }] of Object.entries(docs.responses)) {
      const answer = answers[method as keyof typeof answers]
      expect(answer.error, `${method} (${source})`).toBeUndefined()
      expectShape(answer, response, method)
    }
    expect(answers.getGenesisHash.result).toBe(chain.networkId)
    expect((answers.getFeeForMessage.result as { value: number }).value).toBe(5000)
    expect(answers.getMinimumBalanceForRentExemption.result).toBe(2_039_280)
    expect((answers.getSignatureStatuses.result as { value: unknown[] }).value[1]).toBeNull()
    expect(answers.getSignaturesForAddress.result).toEqual([
      expect.objectContaining({ signature, err: null, confirmationStatus: 'finalized' }),
    ])
  })

  test('behavior: fund sends SOL and mints the token into the associated token account', async () => {
    const someone = (await generateKeyPairSigner()).address
    await chain.fund(someone, 2_000_000n)
    await chain.fund(someone, 42n, mint)
    expect(((await call('getBalance', [someone])).result as { value: number }).value).toBe(2_000_000)
    const [ata] = await findAssociatedTokenPda({ owner: someone, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS })
    const { value } = (await call('getTokenAccountsByOwner', [someone, { mint }, { encoding: 'jsonParsed' }]))
      .result as {
      value: {
        pubkey: string
        account: { data: { parsed: { info: { tokenAmount: { amount: string } } } } }
      }[]
    }
    expect(value.map((a) => [a.pubkey, a.account.data.parsed.info.tokenAmount.amount])).toEqual([[ata, '42']])
    await expect(chain.fund(someone, 1n, payer.address)).rejects.toThrow('mints only')
  })

  test('behavior: several tokens asked are each a mint of their own, funded apart from the others', async () => {
    const several = await startSolanaLocalChain({
      tokens: [
        { symbol: 'USDC', decimals: 6 },
        { symbol: 'BONK', decimals: 5 },
      ],
    })
    try {
      const [usdc, bonk] = several.tokens as [TokenRef, TokenRef]
      expect(several.tokens.map(({ symbol, decimals }) => ({ symbol, decimals }))).toEqual([
        { symbol: 'USDC', decimals: 6 },
        { symbol: 'BONK', decimals: 5 },
      ])
      expect(usdc.address).not.toBe(bonk.address)
      const adapter = createSolanaAdapter({ endpoint: several.endpoint })
      expect(await adapter.getToken(bonk.address)).toMatchObject({ decimals: 5 })
      const someone = (await generateKeyPairSigner()).address
      await several.fund(someone, 3n, usdc.address)
      await several.fund(someone, 11n, bonk.address)
      expect(await adapter.getBalances(someone, several.tokens)).toEqual({
        native: 0n,
        tokens: [
          { token: usdc.address, amount: 3n },
          { token: bonk.address, amount: 11n },
        ],
      })
    } finally {
      await several.stop()
    }
  })

  test('error: a transaction whose blockhash is older than 150 blocks is refused, as its fee query', async () => {
    const old = await latestBlockhash()
    const tx = await transfer(1_000_000n, { blockhash: old, to: (await generateKeyPairSigner()).address })
    const oldMessage = getBase64Decoder().decode(tx.messageBytes)
    for (let i = 0; i < 150; i++) await chain.fund(payer.address, 1n + BigInt(i))
    // Still inside the window: 150 blocks later the hash is valid for the last time.
    expect(((await call('getFeeForMessage', [oldMessage])).result as { value: unknown }).value).toBe(5000)
    await chain.fund(payer.address, 1n)
    expect(((await call('getFeeForMessage', [oldMessage])).result as { value: unknown }).value).toBeNull()
    const answer = await call('sendTransaction', [
      getBase64EncodedWireTransaction(tx),
      { encoding: 'base64' },
    ])
    expect(answer.error).toMatchObject({
      code: -32002,
      message: 'Transaction simulation failed: Blockhash not found',
      data: { err: 'BlockhashNotFound' },
    })
  })

  test('error: a tampered signature is refused with -32003 before anything runs', async () => {
    const tx = await transfer(1_000_000n)
    const signature = Object.values(tx.signatures)[0] as Uint8Array
    const tampered = {
      ...tx,
      signatures: { [payer.address]: signature.map((b, i) => (i === 0 ? b ^ 1 : b)) },
    }
    const answer = await call('sendTransaction', [
      getBase64EncodedWireTransaction(tampered as typeof tx),
      { encoding: 'base64' },
    ])
    expect(answer.error).toEqual({ code: -32003, message: 'Transaction signature verification failure' })
  })

  test('behavior: with skipPreflight a transaction that fails in execution lands failed and pays its fee', async () => {
    const before = ((await call('getBalance', [payer.address])).result as { value: number }).value
    const [source] = await findAssociatedTokenPda({
      owner: payer.address,
      mint,
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    })
    // Decimals 9 for a 6-decimal mint: the token program refuses (MintDecimalsMismatch, custom error 18).
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) => m,
    )
    const lifetime = await latestBlockhash()
    const signed = await signTransactionMessageWithSigners(
      appendTransactionMessageInstructions(
        [
          getTransferCheckedInstruction({
            source,
            mint,
            destination: source,
            authority: payer,
            amount: 1n,
            decimals: 9,
          }),
        ],
        setTransactionMessageLifetimeUsingBlockhash(lifetime, message),
      ),
    )
    const wire = getBase64EncodedWireTransaction(signed)
    const preflight = await call('sendTransaction', [wire, { encoding: 'base64' }])
    expect(preflight.error).toMatchObject({
      code: -32002,
      message: 'Transaction simulation failed: Error processing Instruction 0: custom program error: 0x12',
      data: { err: { InstructionError: [0, { Custom: 18 }] } },
    })
    const landed = await call('sendTransaction', [wire, { encoding: 'base64', skipPreflight: true }])
    expect(landed.result).toBe(getSignatureFromTransaction(signed))
    const statuses = (await call('getSignatureStatuses', [[landed.result]])).result as { value: unknown[] }
    expect(statuses.value[0]).toMatchObject({
      err: { InstructionError: [0, { Custom: 18 }] },
      status: { Err: { InstructionError: [0, { Custom: 18 }] } },
    })
    expect(((await call('getBalance', [payer.address])).result as { value: number }).value).toBe(
      before - 5000,
    )
  })

  test('error: a v0 transaction asked for without maxSupportedTransactionVersion, as agave answers', async () => {
    const [latest] = (await call('getSignaturesForAddress', [payer.address, { limit: 1 }])).result as {
      signature: string
    }[]
    const answer = await call('getTransaction', [latest?.signature, 'json'])
    expect(answer.error).toMatchObject({ code: -32015 })
  })

  test('error: what the RPC refuses outside a method: unknown method, GET, another media type', async () => {
    expect((await call('getClusterNodes')).error).toEqual({ code: -32601, message: 'Method not found' })
    expect((await call('getBalance', ['not-a-key'])).error).toMatchObject({ code: -32602 })
    expect((await fetch(chain.endpoint)).status).toBe(405)
    const text = await fetch(chain.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    })
    expect(text.status).toBe(415)
    const big = await fetch(chain.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'getSlot', params: ['x'.repeat(60_000)] }),
    })
    expect(big.status).toBe(413)
  })
})

async function transferMessage() {
  const lifetime = await latestBlockhash()
  return pipe(
    createTransactionMessage({ version: 0 }),
    (m) => setTransactionMessageFeePayerSigner(payer, m),
    (m) => setTransactionMessageLifetimeUsingBlockhash(lifetime, m),
    (m) =>
      appendTransactionMessageInstructions(
        [getTransferSolInstruction({ source: payer, destination: mint, amount: lamports(1n) })],
        m,
      ),
  )
}
