import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  createTransactionMessage,
  generateKeyPairSigner,
  getTransactionEncoder,
  type Instruction,
  isAddress,
  lamports,
  pipe,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  signTransactionMessageWithSigners,
} from '@solana/kit'
import { parseJsonWithBigInts, stringifyJsonWithBigInts } from '@solana/rpc-spec-types'
import { getCreateAccountInstruction, getTransferSolInstruction } from '@solana-program/system'
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getInitializeMint2Instruction,
  getMintSize,
  getMintToInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token'
import { LiteSVM } from 'litesvm'
import type { TokenRef } from '../../ChainAdapter.js'
import type { LocalChain } from '../../LocalChain.js'
import { checkLocalTokenSpecs } from '../../localTokenSpecs.js'
import { base58, RpcError, SolanaLedger } from './SolanaLedger.js'
import { solanaMethods } from './solanaJsonRpc.js'

export interface StartSolanaLocalChainOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /**
   * What `getGenesisHash` answers (the network id). A fixed value by default, so a dev chain
   * restarted keeps the id an instance saved for it.
   */
  genesisHash?: string
  /** The SPL mints created at start, in this order; one, USDC-like with 6 decimals, by default. */
  tokens?: readonly { symbol: string; decimals: number }[]
  /** The clock block times come from; `Date.now` by default. */
  now?: () => number
}

/** What the dev faucet holds at start: one million SOL. */
const FAUCET_LAMPORTS = 1_000_000n * 1_000_000_000n
/** agave's `MAX_REQUEST_BODY_SIZE`. */
const MAX_REQUEST_BODY = 50 * 1024

/**
 * A local Solana for development and tests: litesvm (the real SVM in process, with the SPL Token
 * and Associated Token Account programs) behind a JSON-RPC server on 127.0.0.1 that answers the
 * methods the Solana adapter uses. The SPL mints asked (one by default) are created at start, their
 * authority the faucet.
 * Stopped by whoever started it. See README.md beside this file for where it differs from a
 * validator.
 */
export async function startSolanaLocalChain(options: StartSolanaLocalChainOptions = {}): Promise<LocalChain> {
  const genesisHash =
    options.genesisHash ?? base58.encode(createHash('sha256').update('stratos solana local chain').digest())
  const specs = checkLocalTokenSpecs(
    options.tokens ?? [{ symbol: 'USDC', decimals: 6 }],
    'startSolanaLocalChain',
  )
  // The ledger checks blockhashes itself, against the validator's 150-block window; litesvm's own
  // check accepts only the latest one.
  const svm = new LiteSVM().withBlockhashCheck(false)
  const ledger = new SolanaLedger(svm, genesisHash, options.now ?? Date.now)
  const faucet = await generateKeyPairSigner()
  ledger.allocate(faucet.address, FAUCET_LAMPORTS)

  /** Signs with the faucet (and any signer the instructions carry) and lands it; throws if it fails. */
  async function run(instructions: Instruction[]): Promise<string> {
    const { blockhash, lastValidBlockHeight } = ledger.latestBlockhash
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(faucet, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          { blockhash: blockhash as Blockhash, lastValidBlockHeight },
          m,
        ),
      (m) => appendTransactionMessageInstructions(instructions, m),
    )
    const signed = await signTransactionMessageWithSigners(message)
    const landed = await ledger.submit(getTransactionEncoder().encode(signed) as Uint8Array)
    if (landed.err !== null)
      throw new Error(`local chain faucet transaction failed: ${JSON.stringify(landed.err)}`)
    return landed.signature
  }

  const mintSize = BigInt(getMintSize())
  const tokens: TokenRef[] = []
  for (const spec of specs) {
    const mint = await generateKeyPairSigner()
    await run([
      getCreateAccountInstruction({
        payer: faucet,
        newAccount: mint,
        lamports: lamports(svm.minimumBalanceForRentExemption(mintSize)),
        space: mintSize,
        programAddress: TOKEN_PROGRAM_ADDRESS,
      }),
      getInitializeMint2Instruction({
        mint: mint.address,
        decimals: spec.decimals,
        mintAuthority: faucet.address,
      }),
    ])
    tokens.push({ address: mint.address, symbol: spec.symbol, decimals: spec.decimals })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((cause) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
      res.end(String(cause))
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'content-type': 'text/plain' })
      res.end('Used HTTP Method is not allowed. POST or OPTIONS is required')
      return
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      res.writeHead(415, { 'content-type': 'text/plain' })
      res.end('Supported Content-Types are application/json')
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of req) {
      size += (chunk as Buffer).length
      if (size > MAX_REQUEST_BODY) {
        res.writeHead(413, { 'content-type': 'text/plain' })
        res.end('Payload Too Large')
        return
      }
      chunks.push(chunk as Buffer)
    }
    let body: unknown
    try {
      body = parseJsonWithBigInts(Buffer.concat(chunks).toString('utf8'))
    } catch {
      return reply(res, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null })
    }
    if (Array.isArray(body)) {
      if (body.length === 0) return reply(res, invalidRequest(null))
      return reply(res, await Promise.all(body.map(answer)))
    }
    return reply(res, await answer(body))
  }

  async function answer(request: unknown): Promise<unknown> {
    if (typeof request !== 'object' || request === null) return invalidRequest(null)
    const { jsonrpc, method, params = [], id = null } = request as Record<string, unknown>
    if (jsonrpc !== '2.0' || typeof method !== 'string' || !Array.isArray(params)) return invalidRequest(id)
    const handler = Object.hasOwn(solanaMethods, method) ? solanaMethods[method] : undefined
    if (!handler) return { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id }
    try {
      return { jsonrpc: '2.0', result: await handler(ledger, params), id }
    } catch (cause) {
      if (cause instanceof RpcError)
        return {
          jsonrpc: '2.0',
          error: {
            code: cause.code,
            message: cause.message,
            ...(cause.data === undefined ? {} : { data: cause.data }),
          },
          id,
        }
      return { jsonrpc: '2.0', error: { code: -32603, message: `Internal error: ${String(cause)}` }, id }
    }
  }

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))
  })

  return {
    family: 'solana',
    endpoint: `http://127.0.0.1:${port}`,
    networkId: genesisHash,
    tokens,

    async fund(address: string, amount: bigint, tokenAddress?: string) {
      if (!isAddress(address)) throw new Error(`fund: ${address} is not a Solana address`)
      if (amount <= 0n) throw new Error('fund: amount must be more than zero')
      if (tokenAddress === undefined)
        return {
          txId: await run([
            getTransferSolInstruction({ source: faucet, destination: address, amount: lamports(amount) }),
          ]),
        }
      const mint = tokens.find((t) => t.address === tokenAddress)?.address as Address | undefined
      if (mint === undefined)
        throw new Error(`fund: this local chain mints only ${tokens.map((t) => t.address).join(', ')}`)
      const [ata] = await findAssociatedTokenPda({
        owner: address as Address,
        mint,
        tokenProgram: TOKEN_PROGRAM_ADDRESS,
      })
      return {
        txId: await run([
          getCreateAssociatedTokenIdempotentInstruction({
            payer: faucet,
            ata,
            owner: address,
            mint,
          }),
          getMintToInstruction({ mint, token: ata, mintAuthority: faucet, amount }),
        ]),
      }
    },

    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    },
  }
}

function invalidRequest(id: unknown) {
  return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id }
}

function reply(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(stringifyJsonWithBigInts(body))
}
