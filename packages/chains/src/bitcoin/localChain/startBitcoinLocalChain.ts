import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hex } from '@scure/base'
import { Transaction } from '@scure/btc-signer'
import { Vault } from '@stratos/keys'
import type { LocalChain } from '../../LocalChain.js'
import { p2wpkhVsize } from '../p2wpkhVsize.js'
import { type ParsedBitcoinAddress, parseBitcoinAddress } from '../parseBitcoinAddress.js'
import { BitcoinChainState, type Block, RejectedTransaction } from './BitcoinChainState.js'
import {
  addressChainTxsView,
  addressTxsView,
  addressView,
  statusView,
  txView,
  utxoView,
} from './esploraViews.js'

/**
 * The faucet's BIP-39 mnemonic: a public test vector (BIP-39 English "zoo ... wrong"). Its
 * regtest address receives every coinbase; it must never hold value on a real network.
 */
export const BITCOIN_FAUCET_MNEMONIC = 'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo wrong'

/** The fee rate the faucet pays, sat/vB. */
const FAUCET_FEE_RATE = 2n
/** Blocks mined at start: the first coinbases mature (100 confirmations) right away. */
const INITIAL_BLOCKS = 101

/** `GET /fee-estimates` at start: the confirmation targets Esplora lists (API.md), in sat/vB. */
export const DEFAULT_FEE_ESTIMATES: Readonly<Record<string, number>> = {
  '2': 3,
  '3': 2,
  '4': 2,
  '5': 2,
  '6': 2,
  '10': 1.5,
  '20': 1.2,
  '25': 1.1,
  '144': 1,
  '504': 1,
  '1008': 1,
}

export interface StartBitcoinLocalChainOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /** Clock for block times (milliseconds); `Date.now` when omitted. */
  now?: () => number
}

/** The Bitcoin local chain: a `LocalChain` plus what only a stand-in can do. */
export interface BitcoinLocalChain extends LocalChain {
  /** The faucet's regtest address, paid by every coinbase. */
  faucetAddress: string
  /** Mines `blocks` blocks (default 1), the first with the whole mempool; answers their hashes. */
  mine(blocks?: number): string[]
  /** What `GET /fee-estimates` answers from now on. */
  setFeeEstimates(estimates: Record<string, number>): void
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function readBody(request: IncomingMessage, limit = 1_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        reject(new HttpError(413, 'Payload Too Large'))
        request.destroy()
      } else chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}

/**
 * Starts a regtest-style Bitcoin chain behind the Esplora HTTP API paths the adapter uses, on
 * 127.0.0.1. It is a stand-in for bitcoind + electrs (no node can run here): every transaction
 * it is given is validated (see README.md), blocks are mined on demand (`mine()`, or
 * `POST /regtest/mine`, which is not an Esplora path and not in `bitcoinUpstream`). Stop it with
 * `stop()`.
 */
export async function startBitcoinLocalChain(
  options: StartBitcoinLocalChainOptions = {},
): Promise<BitcoinLocalChain> {
  const faucet = Vault.fromMnemonic(BITCOIN_FAUCET_MNEMONIC)
  const faucetAddress = faucet.addresses({ bitcoinNetwork: 'regtest' }).bitcoin
  const faucetScript = parseBitcoinAddress(faucetAddress, 'regtest').script
  const state = new BitcoinChainState(faucetScript, options.now)
  let feeEstimates: Record<string, number> = { ...DEFAULT_FEE_ESTIMATES }

  const mine = (blocks = 1): string[] => {
    if (!Number.isInteger(blocks) || blocks < 1 || blocks > 1000)
      throw new HttpError(400, 'blocks: expected an integer from 1 to 1000')
    const mined: Block[] = []
    for (let i = 0; i < blocks; i++) mined.push(state.mineBlock())
    return mined.map((b) => b.hash)
  }
  mine(INITIAL_BLOCKS)

  function address(text: string): ParsedBitcoinAddress {
    try {
      return parseBitcoinAddress(decodeURIComponent(text), 'regtest')
    } catch {
      throw new HttpError(400, 'Invalid Bitcoin address')
    }
  }

  function txid(text: string): string {
    if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new HttpError(400, 'Invalid hex string')
    return text.toLowerCase()
  }

  function broadcast(body: string): string {
    const text = body.trim()
    if (!/^([0-9a-fA-F]{2})+$/.test(text))
      throw new HttpError(400, 'sendrawtransaction RPC error: {"code":-22,"message":"TX decode failed"}')
    try {
      return state.accept(hex.decode(text.toLowerCase()))
    } catch (error) {
      if (error instanceof RejectedTransaction)
        throw new HttpError(
          400,
          `sendrawtransaction RPC error: ${JSON.stringify({ code: error.code, message: error.reason })}`,
        )
      throw error
    }
  }

  async function route(
    request: IncomingMessage,
  ): Promise<{ status?: number; json?: unknown; text?: string }> {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const parts = url.pathname.split('/').filter(Boolean)
    const [a, b, c, d, e, f] = parts
    if (request.method === 'POST') {
      const body = await readBody(request)
      if (a === 'tx' && parts.length === 1) return { text: broadcast(body) }
      if (a === 'regtest' && b === 'mine' && parts.length === 2) {
        let blocks = 1
        if (body.trim()) {
          try {
            blocks = (JSON.parse(body) as { blocks?: number }).blocks ?? 1
          } catch {
            throw new HttpError(400, 'body: expected JSON {"blocks": n}')
          }
        }
        return { json: mine(blocks) }
      }
      throw new HttpError(404, 'Not Found')
    }
    if (request.method !== 'GET') throw new HttpError(405, 'Invalid method')
    if (a === 'blocks' && b === 'tip' && c === 'height' && !d) return { text: String(state.tip.height) }
    if (a === 'blocks' && b === 'tip' && c === 'hash' && !d) return { text: state.tip.hash }
    if (a === 'block-height' && b !== undefined && !c) {
      const block = /^\d+$/.test(b) ? state.blocks[Number(b)] : undefined
      if (!block) throw new HttpError(404, 'Block not found')
      return { text: block.hash }
    }
    if (a === 'fee-estimates' && !b) return { json: feeEstimates }
    if (a === 'address' && b !== undefined) {
      const parsed = address(b)
      if (!c) return { json: addressView(state, decodeURIComponent(b), parsed.script) }
      if (c === 'utxo' && !d) return { json: utxoView(state, parsed.script) }
      if (c === 'txs' && !d) return { json: addressTxsView(state, parsed.script) }
      if (c === 'txs' && d === 'chain' && !f)
        return { json: addressChainTxsView(state, parsed.script, e && txid(e)) }
    }
    if (a === 'tx' && b !== undefined) {
      const record = state.txs.get(txid(b))
      if (!c) {
        if (!record) throw new HttpError(404, 'Transaction not found')
        return { json: txView(record) }
      }
      // electrs answers {"confirmed":false} for a txid it does not know (get_tx_status).
      if (c === 'status' && !d) return { json: statusView(record) }
      if (c === 'hex' && !d) {
        if (!record) throw new HttpError(404, 'Transaction not found')
        return { text: hex.encode(record.raw) }
      }
    }
    throw new HttpError(404, 'Not Found')
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      const { status = 200, json, text } = await route(request)
      if (json !== undefined) {
        response.writeHead(status, { 'content-type': 'application/json' })
        response.end(JSON.stringify(json))
      } else {
        response.writeHead(status, { 'content-type': 'text/plain' })
        response.end(text ?? '')
      }
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500
      const message = error instanceof Error ? error.message : String(error)
      response.writeHead(status, { 'content-type': 'text/plain' })
      response.end(message)
    }
  }

  const server = createServer((request, response) => void handle(request, response))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  /** The faucet pays `amount` to `to` from its mature coins, signed by its vault, then mines it. */
  async function fund(to: string, amount: bigint, token?: string): Promise<{ txId: string }> {
    if (token !== undefined) throw new Error('fund: Bitcoin has no tokens')
    const recipient = parseBitcoinAddress(to, 'regtest')
    if (amount < recipient.dustLimit)
      throw new Error(`fund: ${amount} sat is below the dust limit ${recipient.dustLimit}`)
    const coins = state
      .spendableCoins(faucetScript)
      .sort((x, y) => (x.value > y.value ? -1 : x.value < y.value ? 1 : 0))
    const tx = new Transaction({ version: 2 })
    let total = 0n
    let fee = 0n
    for (const coin of coins) {
      tx.addInput({
        txid: coin.txid,
        index: coin.vout,
        witnessUtxo: { script: coin.script, amount: coin.value },
      })
      total += coin.value
      fee = BigInt(p2wpkhVsize(tx.inputsLength, [recipient.outputVsize, 31])) * FAUCET_FEE_RATE
      if (total >= amount + fee + 294n) break
    }
    if (total < amount + fee + 294n)
      throw new Error(`fund: the faucet has ${total} sat spendable, ${amount} asked`)
    tx.addOutput({ script: recipient.script, amount })
    tx.addOutput({ script: faucetScript, amount: total - amount - fee })
    const signed = Transaction.fromPSBT(faucet.signBitcoinPsbt(tx.toPSBT(), { network: 'regtest' }))
    signed.finalize()
    const txId = broadcast(signed.hex)
    mine(1)
    return { txId }
  }

  return {
    family: 'bitcoin',
    endpoint: `http://127.0.0.1:${port}`,
    networkId: 'regtest',
    tokens: [],
    faucetAddress,
    fund,
    mine,
    setFeeEstimates(estimates) {
      feeEstimates = { ...estimates }
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        faucet.lock()
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
