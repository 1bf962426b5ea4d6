import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base64, base64urlnopad } from '@scure/base'
import { formatAmount } from '../amount/formatAmount.js'
import type {
  Balances,
  ChainAdapter,
  FeeEstimate,
  HistoryItem,
  HistoryOptions,
  HistoryPage,
  NetworkIdentity,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TokenRef,
  TransactionSigner,
  TransactionStatus,
  TransferRequest,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { bodyOp, JETTON_OP, jettonTransferBody, readJettonContent, readJettonMove } from './jetton.js'
import {
  formatTonAddress,
  parseTonAddress,
  rawTonAddress,
  sameTonAddress,
  type TonAddress,
} from './tonAddress.js'
import { parseBoc, serializeBoc, type TonAddressParts, TonBuilder, type TonCell } from './tonCell.js'
import {
  sliceArgument,
  stackCell,
  stackNumber,
  Toncenter,
  type ToncenterAddressInformation,
  ToncenterError,
  type ToncenterMessage,
  type ToncenterTransaction,
} from './toncenter.js'
import { TON_GLOBAL_ID, type TonNetwork, unsignedTransferBody } from './walletV5R1.js'

export interface CreateTonAdapterOptions {
  /** toncenter v2 base, e.g. `https://toncenter.com/api/v2`, or the API's proxy for it. */
  endpoint: string
  fetch?: typeof fetch
  /** The network the wallets are made for (v5r1 `wallet_id` embeds it); default `mainnet`. */
  network?: TonNetwork
}

const TON_DECIMALS = 9
/** Seconds a signed message stays valid, from the chain's last known time. */
const MESSAGE_TTL = 300
/** Pay fees separately, ignore errors (the wallet adds +2 for external requests anyway). */
const SEND_MODE = 3
/**
 * TON attached to a jetton `transfer`: pays the sender's and the recipient's jetton wallet (and
 * deploys the latter when it does not exist yet); what is left comes back as `excesses`. 0.05 TON
 * is what TON wallets attach; the standard jetton wallet needs about 0.04 with a deploy.
 */
const JETTON_TRANSFER_TON = 50_000_000n
/** One nanoton forwarded so the recipient's wallet is notified (TEP-74 `transfer_notification`). */
const JETTON_FORWARD_TON = 1n
/**
 * Fee allowance for a wallet's first send, which carries the StateInit: `/estimateFee` cannot run a
 * wallet that has no code yet without its public key. Measured on the local chain (mainnet gas and
 * forwarding prices) at 0.0059 TON for deploy + transfer; twice that keeps a margin.
 */
const FIRST_SEND_FEE = 12_000_000n
/** Fee margin on `/estimateFee` answers: gas prices can move between estimate and inclusion. */
const FEE_MARGIN_PERCENT = 10n

const toncenterTx = (tx: ToncenterTransaction) => `${tx.transaction_id.lt}:${tx.transaction_id.hash}`

/**
 * The TON adapter over toncenter v2: native TON and TEP-74 jettons, sent from the wallet v5r1 that
 * `@stratos/keys` signs for (its first send deploys it). A TON transaction id names the message
 * that caused a transaction on an account, `<workchain>:<account hex>:<message hash hex>`: TON
 * has no lookup by hash alone (an account's transactions are listed, then matched by `in_msg`), and
 * the hash of a sent message is known before it lands.
 */
export function createTonAdapter(options: CreateTonAdapterOptions): ChainAdapter {
  const network = options.network ?? 'mainnet'
  const api = new Toncenter(options.endpoint, options.fetch)
  const jettonWallets = new Map<string, TonAddressParts>()
  const sent = new Map<string, { validUntil: number }>()
  const friendly = (a: TonAddressParts, bounceable = false) =>
    formatTonAddress(a, { bounceable, testOnly: network === 'testnet' })

  async function account(address: TonAddressParts): Promise<ToncenterAddressInformation> {
    return api.getAddressInformation(rawTonAddress(address))
  }

  async function jettonWalletOf(master: TonAddress, owner: TonAddressParts): Promise<TonAddressParts> {
    const key = `${rawTonAddress(master)}/${rawTonAddress(owner)}`
    const cached = jettonWallets.get(key)
    if (cached) return cached
    const result = await api
      .runGetMethod(rawTonAddress(master), 'get_wallet_address', [
        sliceArgument(new TonBuilder().address(owner).cell()),
      ])
      .catch((cause: unknown) => {
        if (cause instanceof ToncenterError) throw tokenNotFound(master, cause)
        throw cause
      })
    if (result.exit_code !== 0) throw tokenNotFound(master)
    const wallet = stackCell(result.stack[0]).beginParse().address()
    if (!wallet) throw tokenNotFound(master)
    jettonWallets.set(key, wallet)
    return wallet
  }

  function tokenNotFound(master: TonAddressParts, cause?: unknown): ChainsError {
    return new ChainsError(
      'TOKEN_NOT_FOUND',
      `No jetton master answers at ${friendly(master, true)} on this network. Check the token address.`,
      cause === undefined ? {} : { cause },
    )
  }

  /** Jetton balance of a jetton wallet; zero when it is not deployed (never received any). */
  async function jettonBalance(wallet: TonAddressParts): Promise<bigint> {
    const state = await account(wallet)
    if (state.state !== 'active') return 0n
    const result = await api.runGetMethod(rawTonAddress(wallet), 'get_wallet_data')
    if (result.exit_code !== 0)
      throw new ChainsError('RPC_ERROR', 'The jetton wallet did not answer get_wallet_data.', {
        details: `exit code ${result.exit_code}`,
      })
    return stackNumber(result.stack[0])
  }

  async function seqnoOf(wallet: TonAddressParts): Promise<number> {
    const result = await api.runGetMethod(rawTonAddress(wallet), 'seqno')
    if (result.exit_code !== 0)
      throw new ChainsError('RPC_ERROR', 'The sender wallet did not answer the seqno get-method.', {
        details: `exit code ${result.exit_code}`,
      })
    return Number(stackNumber(result.stack[0]))
  }

  async function plan(request: TransferRequest): Promise<PreparedTransfer> {
    const from = parseTonAddress(request.from)
    const to = parseTonAddress(request.to)
    if (typeof request.amount !== 'bigint' || request.amount <= 0n)
      throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')
    const sender = await account(from)
    if (sender.state === 'frozen')
      throw new ChainsError(
        'WALLET_NOT_DEPLOYED',
        'This TON wallet is frozen (its storage fees ran out). Unfreeze it before sending.',
      )
    const deployed = sender.state === 'active'
    const balance = BigInt(sender.balance)
    const seqno = deployed ? await seqnoOf(from) : 0
    const validUntil = sender.sync_utime + MESSAGE_TTL
    const notes: string[] = []
    if (!deployed) notes.push('This is the first send from this wallet: it also deploys the wallet contract.')

    let message: { to: TonAddress; amount: bigint; bounce: boolean; body?: TonCell }
    let spent: bigint
    if (!request.token) {
      const recipient = await account(to)
      if (balance < request.amount)
        throw new ChainsError('INSUFFICIENT_FUNDS', 'The amount is more than this wallet holds.')
      // Wallets send non-bounceable to an account with no code: a bounce would return the coins
      // (less fees) and the recipient could never receive until someone deploys its wallet.
      const bounce = recipient.state === 'active' && to.bounceable !== false
      if (recipient.state !== 'active')
        notes.push(
          'The recipient wallet is not deployed yet: the coins are sent non-bounceable and wait there until its owner first sends.',
        )
      message = { to, amount: request.amount, bounce }
      spent = request.amount
    } else {
      const master = parseTonAddress(request.token.address)
      const senderJettons = await jettonWalletOf(master, from)
      const held = await jettonBalance(senderJettons)
      if (held < request.amount)
        throw new ChainsError(
          'INSUFFICIENT_FUNDS',
          `The amount is more ${request.token.symbol} than this wallet holds.`,
        )
      const recipientJettons = await jettonWalletOf(master, to)
      if ((await account(recipientJettons)).state !== 'active')
        notes.push(`The recipient has no ${request.token.symbol} wallet yet: this transfer creates it.`)
      const body = jettonTransferBody({
        queryId: BigInt(validUntil) * 1000n + BigInt(seqno % 1000),
        amount: request.amount,
        destination: to,
        responseDestination: from,
        forwardTonAmount: JETTON_FORWARD_TON,
      })
      message = {
        to: { ...senderJettons, bounceable: true, testOnly: false },
        amount: JETTON_TRANSFER_TON,
        bounce: true,
        body,
      }
      spent = JETTON_TRANSFER_TON
      notes.push(
        `${formatAmount({ value: JETTON_TRANSFER_TON, decimals: TON_DECIMALS })} TON goes with the jetton transfer to pay the jetton wallets; what they do not use comes back.`,
      )
    }

    const networkFee = deployed
      ? await estimateExternalFee(from, { ...message, seqno, validUntil })
      : FIRST_SEND_FEE
    const fee: FeeEstimate = {
      fee: networkFee + (request.token ? JETTON_TRANSFER_TON : 0n),
      details: [
        { label: 'Network fee', value: `${formatAmount({ value: networkFee, decimals: TON_DECIMALS })} TON` },
        ...(request.token
          ? [
              {
                label: 'Attached to jetton transfer (excess returned)',
                value: `${formatAmount({ value: JETTON_TRANSFER_TON, decimals: TON_DECIMALS })} TON`,
              },
            ]
          : []),
      ],
    }
    if (balance < spent + networkFee) {
      if (!deployed && request.token && balance === 0n)
        throw new ChainsError(
          'WALLET_NOT_DEPLOYED',
          'This TON wallet is not deployed yet and holds no TON to deploy it and pay for the transfer. Receive some TON first.',
        )
      throw new ChainsError(
        'INSUFFICIENT_FUNDS_FOR_FEE',
        `This wallet needs ${formatAmount({ value: spent + networkFee, decimals: TON_DECIMALS })} TON for this transfer and its fee but holds ${formatAmount({ value: balance, decimals: TON_DECIMALS })} TON.`,
      )
    }
    return {
      request,
      fee,
      notes,
      unsigned: {
        family: 'ton',
        transfer: {
          to: rawTonAddress(message.to),
          amount: message.amount,
          seqno,
          validUntil,
          network,
          bounce: message.bounce,
          sendMode: SEND_MODE,
          ...(message.body && { payload: base64.encode(serializeBoc(message.body)) }),
        },
      },
    }
  }

  async function estimateExternalFee(
    wallet: TonAddressParts,
    t: { to: TonAddress; amount: bigint; bounce: boolean; body?: TonCell; seqno: number; validUntil: number },
  ): Promise<bigint> {
    const body = unsignedTransferBody({ ...t, sendMode: SEND_MODE }, network)
    const { source_fees: f } = await api.estimateFee({
      address: rawTonAddress(wallet),
      body: base64.encode(serializeBoc(body)),
      ignore_chksig: true,
    })
    const total = BigInt(f.in_fwd_fee) + BigInt(f.storage_fee) + BigInt(f.gas_fee) + BigInt(f.fwd_fee)
    return total + (total * FEE_MARGIN_PERCENT) / 100n
  }

  /** The account and external message hash a txId names: `<wc>:<account hex>:<message hash hex>`. */
  function splitTxId(txId: string): { account: string; hash: string } {
    const m = /^(-?\d+:[0-9a-f]{64}):([0-9a-f]{64})$/.exec(txId)
    if (!m)
      throw new ChainsError('INVALID_ADDRESS', `'${txId}' is not a TON transaction id from this wallet.`)
    return { account: m[1]!, hash: m[2]! }
  }

  function messageBody(message: ToncenterMessage): TonCell | undefined {
    const data = message.msg_data
    if (data['@type'] !== 'msg.dataRaw' || !data.body) return undefined
    try {
      return parseBoc(base64.decode(data.body))
    } catch {
      return undefined
    }
  }

  function messageId(
    account: TonAddressParts,
    message: ToncenterMessage | undefined,
    tx: ToncenterTransaction,
  ) {
    const hash = message?.hash ?? tx.transaction_id.hash
    return `${rawTonAddress(account)}:${bytesToHex(base64.decode(hash))}`
  }

  /** The items one transaction of the owner's wallet contributes to its TON history. */
  function nativeItems(owner: TonAddressParts, tx: ToncenterTransaction): HistoryItem[] {
    const base = { txId: messageId(owner, tx.in_msg, tx), time: tx.utime, state: 'confirmed' as const }
    const inMsg = tx.in_msg
    if (inMsg?.source) {
      const op = bodyOp(messageBody(inMsg))
      // Jetton plumbing (the notification's nanoton, the excess coming back) is part of the jetton
      // item, not a TON transfer of its own.
      if (op === JETTON_OP.transferNotification || op === JETTON_OP.excesses) return []
      if (BigInt(inMsg.value) === 0n) return []
      return [{ ...base, direction: 'in', amount: BigInt(inMsg.value), counterparty: display(inMsg.source) }]
    }
    if (tx.out_msgs.length === 0) return []
    return tx.out_msgs.flatMap((out): HistoryItem[] => {
      if (bodyOp(messageBody(out)) === JETTON_OP.transfer) return []
      const dest = parseTonAddress(out.destination)
      // The sender pays the transaction's fees and the forwarding fee its message carries.
      const fee = BigInt(tx.fee) + tx.out_msgs.reduce((sum, m) => sum + BigInt(m.fwd_fee), 0n)
      return [
        {
          ...base,
          direction: sameTonAddress(dest, owner) ? 'self' : 'out',
          amount: BigInt(out.value),
          counterparty: friendly(dest),
          fee,
        },
      ]
    })
  }

  /** The items one transaction of the owner's jetton wallet contributes. */
  function jettonItems(
    jettonWallet: TonAddressParts,
    token: string,
    tx: ToncenterTransaction,
  ): HistoryItem[] {
    const inMsg = tx.in_msg
    const body = inMsg && messageBody(inMsg)
    if (!inMsg?.source || !body) return []
    const base = { txId: messageId(jettonWallet, inMsg, tx), time: tx.utime, token }
    try {
      const move = readJettonMove(body)
      if (move.op === JETTON_OP.transfer) {
        const delivered = tx.out_msgs.some((m) => bodyOp(messageBody(m)) === JETTON_OP.internalTransfer)
        return [
          {
            ...base,
            direction: 'out',
            amount: move.amount,
            ...(move.party && { counterparty: friendly(move.party) }),
            state: delivered ? 'confirmed' : 'failed',
          },
        ]
      }
      if (move.op === JETTON_OP.internalTransfer)
        return [
          {
            ...base,
            direction: 'in',
            amount: move.amount,
            ...(move.party && { counterparty: friendly(move.party) }),
            state: 'confirmed',
          },
        ]
    } catch {
      // A body that does not parse as TEP-74 is no jetton movement.
    }
    return []
  }

  function display(address: string): string {
    try {
      return friendly(parseTonAddress(address))
    } catch {
      return address
    }
  }

  type Cursor = Record<string, { lt: string; hash: string } | 'end'>
  const encodeCursor = (c: Cursor) => base64urlnopad.encode(new TextEncoder().encode(JSON.stringify(c)))
  function decodeCursor(text: string | undefined): Cursor {
    if (!text) return {}
    try {
      return JSON.parse(new TextDecoder().decode(base64urlnopad.decode(text))) as Cursor
    } catch (cause) {
      throw new ChainsError('INVALID_ADDRESS', 'The history cursor is not one this adapter gave.', { cause })
    }
  }

  return {
    family: 'ton',

    async identify(): Promise<NetworkIdentity> {
      const [param, info] = await Promise.all([api.getConfigParam(19), api.getMasterchainInfo()])
      return { family: 'ton', id: String(param.beginParse().int(32)), height: BigInt(info.last.seqno) }
    },

    async getToken(address: string): Promise<TokenInfo> {
      const master = parseTonAddress(address)
      if ((await account(master)).state !== 'active') throw tokenNotFound(master)
      const result = await api
        .runGetMethod(rawTonAddress(master), 'get_jetton_data')
        .catch((cause: unknown) => {
          throw tokenNotFound(master, cause)
        })
      if (result.exit_code !== 0 || result.stack.length < 5) throw tokenNotFound(master)
      const content = readJettonContent(stackCell(result.stack[3]))
      return {
        address,
        decimals: content.decimals ?? 9,
        ...(content.symbol !== undefined && { symbol: content.symbol }),
      }
    },

    async getBalances(address: string, tokens: TokenRef[]): Promise<Balances> {
      const owner = parseTonAddress(address)
      const [info, ...amounts] = await Promise.all([
        account(owner),
        ...tokens.map(async (t) => jettonBalance(await jettonWalletOf(parseTonAddress(t.address), owner))),
      ])
      return {
        native: BigInt(info.balance),
        tokens: tokens.map((t, i) => ({ token: t.address, amount: amounts[i]! })),
      }
    },

    async estimateFee(request: TransferRequest): Promise<FeeEstimate> {
      return (await plan(request)).fee
    },

    prepareTransfer: plan,

    signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index = 0): SignedTransaction {
      if (prepared.unsigned.family !== 'ton')
        throw new ChainsError('INVALID_ADDRESS', 'This transfer was not prepared for TON.')
      const signed = signer.signTonTransfer(prepared.unsigned.transfer, index)
      if (!sameTonAddress(parseTonAddress(signed.from), parseTonAddress(prepared.request.from)))
        throw new ChainsError(
          'INVALID_ADDRESS',
          `The signing key's wallet ${signed.from} is not the sender ${prepared.request.from}.`,
        )
      return { family: 'ton', boc: signed.boc }
    },

    async broadcast(signed: SignedTransaction): Promise<{ txId: string }> {
      if (signed.family !== 'ton') throw new ChainsError('INVALID_ADDRESS', 'Not a TON transaction.')
      let message: TonCell
      try {
        message = parseBoc(base64.decode(signed.boc))
      } catch (cause) {
        throw new ChainsError('TRANSACTION_REJECTED', 'The signed message is not a valid BOC.', { cause })
      }
      const s = message.beginParse()
      if (s.uint(2) !== 0b10n)
        throw new ChainsError('TRANSACTION_REJECTED', 'The signed message is not an external message.')
      s.address()
      const dest = s.address()
      if (!dest) throw new ChainsError('TRANSACTION_REJECTED', 'The signed message names no wallet.')
      try {
        await api.sendBocReturnHash(signed.boc)
      } catch (cause) {
        if (cause instanceof ToncenterError)
          throw new ChainsError(
            'TRANSACTION_REJECTED',
            'The TON network refused the transfer: the wallet did not accept the message (signature, seqno or expiry).',
            { details: cause.upstreamError, cause },
          )
        throw cause
      }
      const txId = `${rawTonAddress(dest)}:${bytesToHex(message.hash())}`
      const body = message.refs.at(-1)
      if (body && body.bitLength >= 96) {
        const b = body.beginParse()
        b.uint(64)
        sent.set(txId, { validUntil: Number(b.uint(32)) })
      }
      return { txId }
    },

    async getTransactionStatus(txId: string): Promise<TransactionStatus> {
      const { account: wallet, hash } = splitTxId(txId)
      const want = base64.encode(hexToBytes(hash))
      const txs = await api.getTransactions(wallet, { limit: 20 })
      const tx = txs.find((t) => t.in_msg?.hash === want)
      if (tx) {
        if (!tx.in_msg?.source && tx.out_msgs.length === 0)
          return {
            state: 'failed',
            error:
              'The wallet accepted the message but sent nothing: the balance did not cover the amount and fees.',
          }
        return { state: 'confirmed' }
      }
      const pending = sent.get(txId)
      if (pending) {
        const info = await api.getAddressInformation(wallet)
        if (info.sync_utime > pending.validUntil)
          return {
            state: 'failed',
            error: 'The transfer expired before the network included it. Send it again.',
          }
      }
      return { state: 'pending' }
    },

    async getHistory(address: string, options: HistoryOptions = {}): Promise<HistoryPage> {
      const owner = parseTonAddress(address)
      const limit = Math.max(1, Math.min(options.limit ?? 20, 50))
      const cursor = decodeCursor(options.cursor)
      const sources: {
        key: string
        account: TonAddressParts
        items: (tx: ToncenterTransaction) => HistoryItem[]
      }[] = [{ key: 'ton', account: owner, items: (tx) => nativeItems(owner, tx) }]
      for (const token of options.tokens ?? []) {
        const wallet = await jettonWalletOf(parseTonAddress(token.address), owner)
        sources.push({
          key: token.address,
          account: wallet,
          items: (tx) => jettonItems(wallet, token.address, tx),
        })
      }
      const fetched = await Promise.all(
        sources.map(async (source) => {
          const at = cursor[source.key]
          if (at === 'end') return { source, txs: [] as ToncenterTransaction[], more: false }
          // getTransactions starts at the cursor's transaction itself; one more shows if a page follows.
          const txs = await api.getTransactions(rawTonAddress(source.account), {
            limit: limit + (at ? 2 : 1),
            lt: at?.lt,
            hash: at?.hash,
          })
          const page = at ? txs.filter((t) => toncenterTx(t) !== `${at.lt}:${at.hash}`) : txs
          return { source, txs: page.slice(0, limit), more: page.length > limit }
        }),
      )
      const merged = fetched
        .flatMap(({ source, txs }) => txs.map((tx) => ({ source, tx })))
        .sort(
          (a, b) =>
            b.tx.utime - a.tx.utime ||
            Number(BigInt(b.tx.transaction_id.lt) - BigInt(a.tx.transaction_id.lt)),
        )
      const items: HistoryItem[] = []
      const next: Cursor = { ...cursor }
      const consumed = new Map<string, number>()
      for (const { source, tx } of merged) {
        if (items.length >= limit) break
        items.push(...source.items(tx))
        next[source.key] = { lt: tx.transaction_id.lt, hash: tx.transaction_id.hash }
        consumed.set(source.key, (consumed.get(source.key) ?? 0) + 1)
      }
      for (const { source, txs, more } of fetched)
        if (!more && (consumed.get(source.key) ?? 0) === txs.length) next[source.key] = 'end'
      const done = sources.every((s) => next[s.key] === 'end')
      return { items, ...(!done && { nextCursor: encodeCursor(next) }) }
    },
  }
}

/** The global id text `identify()` answers for a network name. */
export function tonNetworkId(network: TonNetwork): string {
  return String(TON_GLOBAL_ID[network])
}
