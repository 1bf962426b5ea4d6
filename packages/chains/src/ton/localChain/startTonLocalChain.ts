import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  Address,
  beginCell,
  Cell,
  contractAddress,
  Dictionary,
  external,
  loadMessage,
  type Message,
  type StateInit,
  storeMessage,
  type TupleItem,
  toNano,
} from '@ton/core'
import {
  Blockchain,
  type BlockchainTransaction,
  type SandboxContract,
  type TreasuryContract,
  updateConfig,
} from '@ton/sandbox'
import type { TokenRef } from '../../ChainAdapter.js'
import type { LocalChain } from '../../LocalChain.js'
import { checkLocalTokenSpecs } from '../../localTokenSpecs.js'
import { JETTON_MINTER_CODE, JETTON_WALLET_CODE } from './jettonCode.js'
import {
  friendly,
  rawTransaction,
  renderStack,
  type ToncenterTransactionJson,
  ZERO_HASH,
} from './toncenterShapes.js'

export interface StartTonLocalChainOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /** Unix seconds the chain reads as "now" (wallets check `valid_until` against it); the wall clock by default. */
  clock?: () => number
  /** Global id in config param 19: -3 (testnet) by default, so wallets are the testnet ones. */
  globalId?: number
  /**
   * The jettons deployed at start, in this order (TEP-64 on-chain metadata); one, USDT with 6
   * decimals, when omitted. `name` is `<symbol> (local)` when omitted.
   */
  tokens?: readonly { name?: string; symbol: string; decimals: number }[]
}

/** The jetton deployed at start when none are asked for. */
const DEFAULT_JETTONS = [{ symbol: 'USDT', name: 'Tether USD (local)', decimals: 6 }] as const
/** Mint op of the standard minter (token-contract `op::mint`). */
const OP_MINT = 21
const OP_INTERNAL_TRANSFER = 0x178d4519

/** `HashmapE 256 ^ContentData` on-chain metadata (TEP-64), each value snake text after 0x00. */
function onchainContent(fields: Record<string, string>): Cell {
  const dict = Dictionary.empty(Dictionary.Keys.Buffer(32), Dictionary.Values.Cell())
  for (const [key, value] of Object.entries(fields))
    dict.set(
      Buffer.from(sha256(new TextEncoder().encode(key))),
      beginCell().storeUint(0, 8).storeStringTail(value).endCell(),
    )
  return beginCell().storeUint(0, 8).storeDict(dict).endCell()
}

class ToncenterFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * A TON chain on this machine: `@ton/sandbox` (the TVM emulator and transaction executor TON nodes
 * use, built to WebAssembly) behind a `node:http` server answering the toncenter v2 methods the TON
 * adapter calls, in toncenter's response shapes. Standard TEP-74 jettons (by default one, "USDT",
 * 6 decimals) are deployed at start; `fund` sends TON from a sandbox treasury or mints a jetton. Every message is
 * executed at once (no blocks to wait for). See README.md for how it differs from the real network.
 */
export async function startTonLocalChain(options: StartTonLocalChainOptions = {}): Promise<LocalChain> {
  const clock = options.clock ?? (() => Math.floor(Date.now() / 1000))
  const globalId = options.globalId ?? -3
  const specs = checkLocalTokenSpecs(options.tokens ?? DEFAULT_JETTONS, 'startTonLocalChain')
  const blockchain = await Blockchain.create()
  blockchain.setConfig(updateConfig(blockchain.config, { kind: 'ConfigParam__19', global_id: globalId }))
  blockchain.verbosity = { print: false, blockchainLogs: false, vmLogs: 'none', debugLogs: false }
  let now = clock()
  const tick = () => {
    now = Math.max(now, clock())
    blockchain.now = now
    return now
  }
  tick()

  let seqno = 1
  const index = new Map<string, ToncenterTransactionJson[]>()
  // The emulator re-serializes an external message it is given (its body inline where it fits),
  // which changes the message's hash but not what the wallet checks (the signature covers the body
  // hash). The network records the message as sent: report the hash of the cell as sent.
  const sentAs = new Map<string, Buffer>()
  const hashOf = (cell: Cell) => sentAs.get(cell.hash().toString('hex')) ?? cell.hash()
  function record(transactions: BlockchainTransaction[]): void {
    seqno++
    for (const tx of transactions) {
      const account = new Address(0, Buffer.from(tx.address.toString(16).padStart(64, '0'), 'hex'))
      const list = index.get(account.toRawString()) ?? []
      list.unshift(rawTransaction(tx, account, hashOf))
      index.set(account.toRawString(), list)
    }
  }

  // One operation at a time: the emulator's state moves with each message.
  let queue: Promise<unknown> = Promise.resolve()
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work)
    queue = run.catch(() => undefined)
    return run
  }

  const faucet: SandboxContract<TreasuryContract> = await blockchain.treasury('stratos-faucet', {
    balance: toNano('1000000000'),
  })
  const admin = await blockchain.treasury('stratos-jetton-admin')
  const minters: Address[] = []
  const tokens: TokenRef[] = []
  for (const spec of specs) {
    const minterInit: StateInit = {
      code: Cell.fromBase64(JETTON_MINTER_CODE),
      data: beginCell()
        .storeCoins(0)
        .storeAddress(admin.address)
        .storeRef(
          onchainContent({
            symbol: spec.symbol,
            name: spec.name ?? `${spec.symbol} (local)`,
            decimals: String(spec.decimals),
          }),
        )
        .storeRef(Cell.fromBase64(JETTON_WALLET_CODE))
        .endCell(),
    }
    const minter = contractAddress(0, minterInit)
    record(
      (await admin.send({ to: minter, value: toNano('0.1'), init: minterInit, bounce: false })).transactions,
    )
    minters.push(minter)
    tokens.push({ address: friendly(minter), symbol: spec.symbol, decimals: spec.decimals })
  }

  async function fund(address: string, amount: bigint, token?: string): Promise<{ txId: string }> {
    const to = Address.parse(address)
    if (amount <= 0n) throw new Error('fund: amount must be more than zero')
    return serial(async () => {
      tick()
      if (token === undefined) {
        const result = await faucet.send({ to, value: amount, bounce: false })
        record(result.transactions)
        return { txId: txIdOf(result.transactions, to) }
      }
      const minter = minters.find((m) => m.equals(Address.parse(token)))
      if (!minter) throw new Error(`fund: ${token} is not a jetton of this chain`)
      const internalTransfer = beginCell()
        .storeUint(OP_INTERNAL_TRANSFER, 32)
        .storeUint(0, 64)
        .storeCoins(amount)
        .storeAddress(minter)
        .storeAddress(admin.address)
        .storeCoins(0)
        .storeBit(0)
        .endCell()
      const body = beginCell()
        .storeUint(OP_MINT, 32)
        .storeUint(0, 64)
        .storeAddress(to)
        .storeCoins(toNano('0.05'))
        .storeRef(internalTransfer)
        .endCell()
      const result = await admin.send({ to: minter, value: toNano('0.1'), body, bounce: true })
      record(result.transactions)
      const jettonWallet = (
        await blockchain.runGetMethod(minter, 'get_wallet_address', [
          { type: 'slice', cell: beginCell().storeAddress(to).endCell() },
        ])
      ).stackReader.readAddress()
      return { txId: txIdOf(result.transactions, jettonWallet) }
    })
  }

  /** The adapter's txId form, `<account raw>:<in-message hash hex>`, of `account`'s transaction. */
  function txIdOf(transactions: BlockchainTransaction[], account: Address): string {
    for (const tx of transactions) {
      const json = rawTransaction(tx, account)
      if (
        json.in_msg &&
        Address.parse(json.in_msg.destination || json.address.account_address).equals(account)
      ) {
        const txAccount = tx.address.toString(16).padStart(64, '0')
        if (txAccount === account.hash.toString('hex'))
          return `${account.toRawString()}:${Buffer.from(json.in_msg.hash, 'base64').toString('hex')}`
      }
    }
    throw new Error('fund: the transfer produced no transaction on the recipient')
  }

  async function accountState(address: Address) {
    const contract = await blockchain.getContract(address)
    const state = contract.accountState
    const status = state?.type === 'active' ? 'active' : state?.type === 'frozen' ? 'frozen' : 'uninitialized'
    const code = state?.type === 'active' ? state.state.code : undefined
    const data = state?.type === 'active' ? state.state.data : undefined
    return {
      '@type': 'raw.fullAccountState',
      balance: contract.balance.toString(),
      extra_currencies: [],
      code: code ? code.toBoc().toString('base64') : '',
      data: data ? data.toBoc().toString('base64') : '',
      last_transaction_id: {
        '@type': 'internal.transactionId',
        lt: contract.lastTransactionLt.toString(),
        hash:
          contract.lastTransactionLt === 0n
            ? ZERO_HASH
            : Buffer.from(contract.lastTransactionHash.toString(16).padStart(64, '0'), 'hex').toString(
                'base64',
              ),
      },
      block_id: blockId(),
      frozen_hash:
        state?.type === 'frozen'
          ? Buffer.from(state.stateHash.toString(16).padStart(64, '0'), 'hex').toString('base64')
          : '',
      sync_utime: tick(),
      '@extra': extra(),
      state: status,
    }
  }

  const blockId = () => ({
    '@type': 'ton.blockIdExt',
    workchain: -1,
    shard: '-9223372036854775808',
    seqno,
    root_hash: ZERO_HASH,
    file_hash: ZERO_HASH,
  })
  let extraCounter = 0
  const extra = () => `${now}.${++extraCounter}:0:0.${Math.random()}`

  function parseAddress(text: unknown): Address {
    if (typeof text !== 'string') throw new ToncenterFailure(416, 'Incorrect address: address is required')
    try {
      return Address.parse(text)
    } catch {
      throw new ToncenterFailure(416, `Incorrect address: ${text}`)
    }
  }

  function parseStack(stack: unknown): TupleItem[] {
    if (!Array.isArray(stack)) throw new ToncenterFailure(422, 'stack: expected an array')
    return stack.map((entry): TupleItem => {
      if (!Array.isArray(entry) || entry.length !== 2) throw new ToncenterFailure(422, 'stack: bad entry')
      const [kind, value] = entry as [unknown, unknown]
      if (kind === 'num' || kind === 'number' || kind === 'int')
        return { type: 'int', value: BigInt(value as string | number) }
      if ((kind === 'tvm.Slice' || kind === 'tvm.Cell') && typeof value === 'string') {
        const cell = Cell.fromBase64(value)
        return kind === 'tvm.Slice' ? { type: 'slice', cell } : { type: 'cell', cell }
      }
      throw new ToncenterFailure(422, `stack: unsupported entry type ${String(kind)}`)
    })
  }

  const methods: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
    'GET /getAddressInformation': async ({ address }) => accountState(parseAddress(address)),

    'GET /getMasterchainInfo': async () => ({
      '@type': 'blocks.masterchainInfo',
      last: blockId(),
      state_root_hash: ZERO_HASH,
      init: { ...blockId(), seqno: 0 },
      '@extra': extra(),
    }),

    'GET /getConfigParam': async ({ config_id }) => {
      const id = Number(config_id)
      const config = Dictionary.loadDirect(
        Dictionary.Keys.Int(32),
        Dictionary.Values.Cell(),
        blockchain.config,
      )
      const param = config.get(id)
      if (!param) throw new ToncenterFailure(500, `config param ${id} not found`)
      return {
        '@type': 'configInfo',
        config: { '@type': 'tvm.cell', bytes: param.toBoc().toString('base64') },
        '@extra': extra(),
      }
    },

    'GET /getTransactions': async ({ address, limit, lt, hash, to_lt }) => {
      const account = parseAddress(address)
      const max = limit === undefined ? 10 : Number(limit)
      if (!Number.isInteger(max) || max < 1 || max > 100)
        throw new ToncenterFailure(422, 'limit: must be between 1 and 100')
      let list = index.get(account.toRawString()) ?? []
      if (lt !== undefined) {
        const hashB64 =
          typeof hash === 'string' && /^[0-9a-fA-F]{64}$/.test(hash)
            ? Buffer.from(hash, 'hex').toString('base64')
            : String(hash).replace(/-/g, '+').replace(/_/g, '/')
        const start = list.findIndex(
          (t) => t.transaction_id.lt === String(lt) && t.transaction_id.hash === hashB64,
        )
        if (start < 0) throw new ToncenterFailure(500, 'LITE_SERVER_UNKNOWN: transaction not found')
        list = list.slice(start)
      }
      if (to_lt !== undefined && to_lt !== '0')
        list = list.filter((t) => BigInt(t.transaction_id.lt) > BigInt(String(to_lt)))
      return list.slice(0, max)
    },

    'POST /runGetMethod': async ({ address, method, stack }) => {
      const target = parseAddress(address)
      const contract = await blockchain.getContract(target)
      if (contract.accountState?.type !== 'active')
        return { '@type': 'smc.runResult', gas_used: 0, stack: [], exit_code: -13, '@extra': extra() }
      try {
        const result = await blockchain.runGetMethod(target, String(method), parseStack(stack ?? []))
        return {
          '@type': 'smc.runResult',
          gas_used: Number(result.gasUsed),
          stack: renderStack(result.stack),
          exit_code: result.exitCode,
          '@extra': extra(),
          block_id: blockId(),
        }
      } catch (error) {
        const exitCode = (error as { exitCode?: number }).exitCode
        if (typeof exitCode === 'number')
          return { '@type': 'smc.runResult', gas_used: 0, stack: [], exit_code: exitCode, '@extra': extra() }
        throw error
      }
    },

    'POST /estimateFee': async ({ address, body, init_code, init_data, ignore_chksig }) =>
      serial(async () => {
        const to = parseAddress(address)
        const init =
          typeof init_code === 'string' && init_code && typeof init_data === 'string' && init_data
            ? { code: Cell.fromBase64(init_code), data: Cell.fromBase64(init_data) }
            : undefined
        const message = external({ to, body: Cell.fromBase64(String(body)), ...(init && { init }) })
        const snapshot = blockchain.snapshot()
        tick()
        try {
          const result = await blockchain.sendMessage(message, { ignoreChksig: ignore_chksig === true })
          const tx = result.transactions[0]
          if (tx?.description.type !== 'generic') throw new Error('no transaction')
          const d = tx.description
          const gas = d.computePhase.type === 'vm' ? d.computePhase.gasFees : 0n
          const storage = d.storagePhase?.storageFeesCollected ?? 0n
          const fwd = d.actionPhase?.totalFwdFees ?? 0n
          const actionFees = d.actionPhase?.totalActionFees ?? 0n
          return {
            '@type': 'query.fees',
            source_fees: {
              '@type': 'fees',
              in_fwd_fee: Number(tx.totalFees.coins - gas - storage - actionFees),
              storage_fee: Number(storage),
              gas_fee: Number(gas),
              fwd_fee: Number(fwd),
            },
            destination_fees: [],
            '@extra': extra(),
          }
        } catch (error) {
          throw new ToncenterFailure(
            500,
            `LITE_SERVER_UNKNOWN: cannot run message on account: ${String(error)}`,
          )
        } finally {
          await blockchain.loadFrom(snapshot)
        }
      }),

    'POST /sendBocReturnHash': async ({ boc }) =>
      serial(async () => {
        let cell: Cell
        let message: Message
        try {
          cell = Cell.fromBase64(String(boc))
          message = loadMessage(cell.beginParse())
        } catch {
          throw new ToncenterFailure(500, 'LITE_SERVER_UNKNOWN: cannot deserialize bag-of-cells')
        }
        if (message.info.type !== 'external-in')
          throw new ToncenterFailure(500, 'LITE_SERVER_UNKNOWN: not an external inbound message')
        tick()
        sentAs.set(beginCell().store(storeMessage(message)).endCell().hash().toString('hex'), cell.hash())
        let result: Awaited<ReturnType<Blockchain['sendMessage']>>
        try {
          result = await blockchain.sendMessage(cell)
        } catch (error) {
          throw new ToncenterFailure(
            500,
            `LITE_SERVER_UNKNOWN: cannot apply external message to current state : External message was not accepted\n${String(error)}`,
          )
        }
        record(result.transactions)
        return {
          '@type': 'raw.extMessageInfo',
          hash: cell.hash().toString('base64'),
          hash_norm: normalizedCell(message).hash().toString('base64'),
          '@extra': extra(),
        }
      }),
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const path = url.pathname.replace(/^\/api\/v2/, '')
    const method = methods[`${request.method} ${path}`]
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(json))
    }
    if (!method) return send(404, { ok: false, error: 'Not Found', code: 404 })
    let args: Record<string, unknown> = Object.fromEntries(url.searchParams)
    if (request.method === 'POST') {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      try {
        args = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
      } catch {
        return send(422, { ok: false, error: 'body: expected JSON', code: 422 })
      }
    }
    try {
      send(200, { ok: true, result: await method(args), '@extra': extra() })
    } catch (error) {
      if (error instanceof ToncenterFailure)
        return send(error.status, { ok: false, error: error.message, code: error.status })
      send(500, { ok: false, error: String(error), code: 500 })
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    family: 'ton',
    endpoint: `http://127.0.0.1:${port}/api/v2`,
    networkId: String(globalId),
    tokens,
    fund,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}

/** TEP-467 normalized external message: src addr_none, import_fee 0, no StateInit, body as a ref. */
function normalizedCell(message: Message): Cell {
  if (message.info.type !== 'external-in') throw new Error('not external-in')
  return beginCell()
    .storeUint(0b10, 2)
    .storeUint(0, 2)
    .storeAddress(message.info.dest)
    .storeCoins(0)
    .storeBit(0)
    .storeBit(1)
    .storeRef(message.body)
    .endCell()
}
