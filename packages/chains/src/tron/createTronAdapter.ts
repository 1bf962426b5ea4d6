import { decodeAbiParameters, encodeAbiParameters } from 'viem'
import { formatAmount } from '../amount/formatAmount.js'
import { parseAmount } from '../amount/parseAmount.js'
import type {
  Balances,
  ChainAdapter,
  FeeEstimate,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TokenRef,
  TransactionSigner,
  TransactionStatus,
  TransferRequest,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { getTronHistory } from './getTronHistory.js'
import { normalizeTronAddress, tronAddressBytes, tronToEvmAddress } from './tronAddress.js'
import {
  bandwidthBytes,
  computeTronFee,
  FEE_LIMIT_LABEL,
  readAccountResources,
  readFeeParameters,
  type TronFee,
  type TronFeeInput,
} from './tronFee.js'
import { messageText, servletError, type TronHttp, tronHttp } from './tronHttp.js'
import { readNodeTransaction } from './tronTransaction.js'
import { trc20TransferData, verifyTronTransfer } from './verifyTronTransfer.js'

export interface CreateTronAdapterParameters {
  /** java-tron / TronGrid HTTP base: `https://api.trongrid.io`, or the API's proxy path. */
  endpoint: string
  fetch?: typeof fetch
  /** Milliseconds now (expiration checks); `Date.now` when omitted. */
  now?: () => number
}

export type CreateTronAdapterReturnType = ChainAdapter

interface TriggerResult {
  result?: { result?: boolean; code?: string; message?: string }
  energy_used?: number
  energy_penalty?: number
  constant_result?: string[]
  transaction?: { ret?: { ret?: string }[] } & Record<string, unknown>
}

interface AccountJson {
  address?: string
  balance?: number
}

const TRX = (sun: bigint) => `${formatAmount({ value: sun, decimals: 6 })} TRX`

/** Whether `getaccount` found the account: java-tron answers `{}` for one that does not exist. */
function exists(account: AccountJson): boolean {
  return typeof account.address === 'string'
}

function assertAmount(amount: bigint, token: boolean): void {
  if (typeof amount !== 'bigint' || amount <= 0n)
    throw new ChainsError('INVALID_AMOUNT', 'The amount must be more than zero.')
  // TRX amounts travel as JSON numbers (int64 in the protobuf); token amounts as uint256.
  if (amount > (token ? (1n << 256n) - 1n : BigInt(Number.MAX_SAFE_INTEGER)))
    throw new ChainsError('INVALID_AMOUNT', 'The amount is too large.')
}

/**
 * The TRON adapter: java-tron's HTTP API for state and building (`/wallet/*`), TronGrid's
 * `/v1/accounts` lists for history. Amounts are sun (TRX, 6 decimals) and token base units.
 * The node builds each transaction; the adapter decodes the protobuf bytes and checks they do
 * what was asked before anything is signed (`verifyTronTransfer`).
 */
export function createTronAdapter(parameters: CreateTronAdapterParameters): CreateTronAdapterReturnType {
  const http: TronHttp = tronHttp(parameters.endpoint, parameters.fetch)
  const now = parameters.now ?? Date.now

  const getAccount = (address: string) =>
    http.post<AccountJson>('/wallet/getaccount', { address, visible: true })

  async function constantCall(
    owner: string,
    contract: string,
    functionSelector: string,
    parameter: string,
  ): Promise<TriggerResult> {
    const body = await http.post<TriggerResult & { Error?: string }>('/wallet/triggerconstantcontract', {
      owner_address: owner,
      contract_address: contract,
      function_selector: functionSelector,
      parameter,
      visible: true,
    })
    const error = servletError(body)
    if (error)
      throw new ChainsError('RPC_ERROR', 'The TRON node could not run the contract call.', { details: error })
    if (body.result?.code === 'CONTRACT_VALIDATE_ERROR')
      throw new ChainsError(
        'TOKEN_NOT_FOUND',
        `There is no token contract at ${contract} on this TRON network.`,
        {
          details: messageText(body.result.message),
        },
      )
    if (body.result?.result !== true)
      throw new ChainsError('RPC_ERROR', 'The TRON node could not run the contract call.', {
        details: `${body.result?.code}: ${messageText(body.result?.message)}`,
      })
    return body
  }

  const reverted = (r: TriggerResult) => r.transaction?.ret?.[0]?.ret === 'FAILED'

  async function readUint(owner: string, token: string, selector: string, parameter = ''): Promise<bigint> {
    const r = await constantCall(owner, token, selector, parameter)
    const hex = r.constant_result?.[0]
    if (reverted(r) || !hex || hex.length < 64)
      throw new ChainsError(
        'TOKEN_NOT_FOUND',
        `The contract at ${token} does not answer ${selector} like a TRC-20 token.`,
      )
    return BigInt(`0x${hex.slice(0, 64)}`)
  }

  const addressParameter = (address: string) =>
    encodeAbiParameters([{ type: 'address' }], [tronToEvmAddress(address)]).slice(2)

  async function tokenBalance(owner: string, token: TokenRef): Promise<bigint> {
    const contract = normalizeTronAddress(token.address, 'token address')
    return readUint(owner, contract, 'balanceOf(address)', addressParameter(owner))
  }

  interface Plan {
    from: string
    to: string
    fee: TronFee
    notes: string[]
    balance: bigint
    /** Everything the fee depends on but the exact bytes. */
    inputs: Omit<TronFeeInput, 'bytes'>
  }

  /** The funds checks a person must pass, once the fee is known. */
  function checkFunds(request: TransferRequest, balance: bigint, fee: TronFee): void {
    const spend = request.token ? 0n : request.amount
    if (balance < spend)
      throw new ChainsError('INSUFFICIENT_FUNDS', 'The TRX balance is lower than the amount.', {
        details: `balance ${balance} sun, amount ${spend} sun`,
      })
    if (balance < spend + fee.fee)
      throw new ChainsError(
        'INSUFFICIENT_FUNDS_FOR_FEE',
        request.token
          ? `Sending ${request.token.symbol} burns up to ${TRX(fee.fee)} for energy and bandwidth, and this account has ${TRX(balance)}. Add TRX, then try again.`
          : `The amount plus the network fee (${TRX(fee.fee)}) is more than the ${TRX(balance)} this account has. Send less, or add TRX.`,
        { details: `balance ${balance} sun, amount ${spend} sun, fee ${fee.fee} sun` },
      )
  }

  /**
   * Everything a transfer needs to know about the chain, and its fee. With `strict`, the checks a
   * person must pass (activated sender, funds, fee) throw.
   */
  async function plan(request: TransferRequest, strict: boolean): Promise<Plan> {
    const from = normalizeTronAddress(request.from, 'sender address')
    const to = normalizeTronAddress(request.to, 'recipient address')
    assertAmount(request.amount, request.token !== undefined)
    if (from === to) throw new ChainsError('INVALID_ADDRESS', 'The recipient is the sending account itself.')
    const token = request.token ? normalizeTronAddress(request.token.address, 'token address') : undefined
    const [sender, recipient, resources, params] = await Promise.all([
      getAccount(from),
      getAccount(to),
      http.post('/wallet/getaccountresource', { address: from, visible: true }),
      http.post('/wallet/getchainparameters', {}),
    ])
    if (strict && !exists(sender))
      throw new ChainsError(
        'ACCOUNT_NOT_ACTIVATED',
        'This TRON account is not activated yet: it exists on chain only once it has received TRX. Receive some TRX first, then send.',
        { details: from },
      )
    const balance = BigInt(sender.balance ?? 0)
    const notes: string[] = []
    let energy = 0n
    if (token && request.token) {
      const owned = await tokenBalance(from, request.token)
      if (strict && owned < request.amount)
        throw new ChainsError(
          'INSUFFICIENT_FUNDS',
          `The ${request.token.symbol} balance is lower than the amount.`,
          {
            details: `balance ${owned}, amount ${request.amount}`,
          },
        )
      const simulation = await constantCall(
        from,
        token,
        'transfer(address,uint256)',
        encodeAbiParameters(
          [{ type: 'address' }, { type: 'uint256' }],
          [tronToEvmAddress(to), request.amount],
        ).slice(2),
      )
      if (strict && reverted(simulation))
        throw new ChainsError(
          'TRANSACTION_REVERTED',
          `The ${request.token.symbol} contract refuses this transfer.`,
          {
            details: messageText(simulation.result?.message),
          },
        )
      energy = BigInt(simulation.energy_used ?? 0)
      if (!exists(recipient))
        notes.push(
          `The recipient's TRON account is not activated. It receives the ${request.token.symbol}, but needs TRX sent to it before it can move them.`,
        )
    } else if (!exists(recipient)) {
      notes.push(
        'The recipient account is not activated yet: this transfer activates it, for the activation fee shown.',
      )
    }
    const bytes = bandwidthBytes({
      refBlockBytes: new Uint8Array(2),
      refBlockHash: new Uint8Array(8),
      expiration: BigInt(now() + 60_000),
      timestamp: BigInt(now()),
      feeLimit: 0n,
      contract: token
        ? {
            type: 'TriggerSmartContract',
            ownerAddress: tronAddressBytes(from),
            contractAddress: tronAddressBytes(token),
            callValue: 0n,
            data: trc20TransferData(to, request.amount),
          }
        : {
            type: 'TransferContract',
            ownerAddress: tronAddressBytes(from),
            toAddress: tronAddressBytes(to),
            amount: request.amount,
          },
    })
    const inputs = {
      kind: token ? ('trc20' as const) : ('trx' as const),
      recipientExists: exists(recipient),
      energy,
      params: readFeeParameters(params),
      resources: readAccountResources(resources),
    }
    // The fee limit is itself part of the bytes: size the estimate with it.
    let fee = computeTronFee({ ...inputs, bytes })
    if (fee.feeLimit > 0n) {
      const withLimit = bandwidthBytes({
        refBlockBytes: new Uint8Array(2),
        refBlockHash: new Uint8Array(8),
        expiration: BigInt(now() + 60_000),
        timestamp: BigInt(now()),
        feeLimit: fee.feeLimit,
        contract: {
          type: 'TriggerSmartContract',
          ownerAddress: tronAddressBytes(from),
          contractAddress: tronAddressBytes(token ?? from),
          callValue: 0n,
          data: trc20TransferData(to, request.amount),
        },
      })
      fee = computeTronFee({ ...inputs, bytes: withLimit })
    }
    if (strict) checkFunds(request, balance, fee)
    return { from, to, fee, notes, balance, inputs }
  }

  const feeEstimate = (fee: TronFee): FeeEstimate => ({ fee: fee.fee, details: fee.details })

  function buildError(error: string): ChainsError {
    if (/no OwnerAccount|account does not exist|not exist/i.test(error))
      return new ChainsError(
        'ACCOUNT_NOT_ACTIVATED',
        'This TRON account is not activated yet: it needs to receive TRX first.',
        {
          details: error,
        },
      )
    if (/balance is not sufficient/i.test(error))
      return new ChainsError(
        'INSUFFICIENT_FUNDS_FOR_FEE',
        'The TRX balance does not cover the amount plus the network fee.',
        {
          details: error,
        },
      )
    return new ChainsError('TRANSACTION_REJECTED', 'The TRON node would not build this transaction.', {
      details: error,
    })
  }

  return {
    family: 'tron',

    async identify() {
      const [genesis, head] = await Promise.all([
        http.post<{ blockID?: string }>('/wallet/getblockbynum', { num: 0 }),
        http.post<{ block_header?: { raw_data?: { number?: number } } }>('/wallet/getnowblock', {}),
      ])
      if (typeof genesis.blockID !== 'string')
        throw new ChainsError('RPC_ERROR', 'The TRON node did not return its genesis block.', {
          details: JSON.stringify(genesis).slice(0, 200),
        })
      return { family: 'tron', id: genesis.blockID, height: BigInt(head.block_header?.raw_data?.number ?? 0) }
    },

    async getToken(address): Promise<TokenInfo> {
      const token = normalizeTronAddress(address, 'token address')
      const decimals = await readUint(token, token, 'decimals()')
      if (decimals > 77n)
        throw new ChainsError(
          'TOKEN_NOT_FOUND',
          `The contract at ${token} reports ${decimals} decimals: not a TRC-20 token.`,
        )
      let symbol: string | undefined
      try {
        const r = await constantCall(token, token, 'symbol()', '')
        const hex = r.constant_result?.[0]
        if (hex && !reverted(r)) [symbol] = decodeAbiParameters([{ type: 'string' }], `0x${hex}`)
      } catch {
        symbol = undefined
      }
      return { address: token, decimals: Number(decimals), ...(symbol ? { symbol } : {}) }
    },

    async getBalances(address, tokens): Promise<Balances> {
      const owner = normalizeTronAddress(address)
      const [account, ...amounts] = await Promise.all([
        getAccount(owner),
        ...tokens.map((t) => tokenBalance(owner, t)),
      ])
      return {
        native: BigInt((account as AccountJson).balance ?? 0),
        tokens: tokens.map((t, i) => ({ token: t.address, amount: amounts[i] as bigint })),
      }
    },

    async estimateFee(request) {
      return feeEstimate((await plan(request, false)).fee)
    },

    async prepareTransfer(request): Promise<PreparedTransfer> {
      const first = await plan(request, true)
      let nodeTx: unknown
      if (request.token) {
        const body = await http.post<TriggerResult & { Error?: string }>('/wallet/triggersmartcontract', {
          owner_address: first.from,
          contract_address: normalizeTronAddress(request.token.address),
          function_selector: 'transfer(address,uint256)',
          parameter: encodeAbiParameters(
            [{ type: 'address' }, { type: 'uint256' }],
            [tronToEvmAddress(first.to), request.amount],
          ).slice(2),
          fee_limit: Number(first.fee.feeLimit),
          call_value: 0,
          visible: true,
        })
        const error = servletError(body)
        if (error) throw buildError(error)
        if (body.result?.result !== true)
          throw buildError(`${body.result?.code}: ${messageText(body.result?.message)}`)
        nodeTx = body.transaction
      } else {
        const body = await http.post('/wallet/createtransaction', {
          owner_address: first.from,
          to_address: first.to,
          amount: Number(request.amount),
          visible: true,
        })
        const error = servletError(body)
        if (error) throw buildError(error)
        nodeTx = body
      }
      const { raw, transaction } = readNodeTransaction(nodeTx)
      verifyTronTransfer({ raw, request, maxFeeLimit: first.fee.feeLimit, now: now() })
      // The fee again, with the bandwidth of the exact bytes built.
      const fee = computeTronFee({ ...first.inputs, bytes: bandwidthBytes(raw) })
      checkFunds(request, first.balance, fee)
      return { request, fee: feeEstimate(fee), unsigned: { family: 'tron', transaction }, notes: first.notes }
    },

    signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index = 0): SignedTransaction {
      if (prepared.unsigned.family !== 'tron')
        throw new ChainsError('TRANSACTION_REJECTED', 'This is not a TRON transaction.')
      // Checked again here, next to the signature: the prepared transfer may have crossed HTTP.
      const { raw, transaction } = readNodeTransaction(prepared.unsigned.transaction)
      // A TRC-20's fee limit is the one the review showed.
      const shown = prepared.fee.details.find((d) => d.label === FEE_LIMIT_LABEL)?.value
      const maxFeeLimit = shown ? parseAmount({ amount: shown.replace(/ TRX$/, ''), decimals: 6 }) : 0n
      verifyTronTransfer({
        raw,
        request: prepared.request,
        ...(prepared.request.token ? { maxFeeLimit } : {}),
      })
      const signature = signer.signTronTransaction(transaction.raw_data_hex, index)
      return { family: 'tron', transaction: { ...transaction, signature: [signature] } }
    },

    async broadcast(signed) {
      if (signed.family !== 'tron')
        throw new ChainsError('TRANSACTION_REJECTED', 'This is not a TRON transaction.')
      const body = await http.post<{
        result?: boolean
        code?: string
        message?: string
        txid?: string
        Error?: string
      }>('/wallet/broadcasttransaction', { ...signed.transaction, visible: true })
      const txId = body.txid ?? signed.transaction.txID
      if (body.result === true || body.code === 'DUP_TRANSACTION_ERROR') return { txId }
      const message = servletError(body) ?? messageText(body.message)
      const details = `${body.code ?? 'Error'}: ${message}`
      if (body.code === 'BANDWITH_ERROR')
        throw new ChainsError(
          'INSUFFICIENT_FUNDS_FOR_FEE',
          'The account has too little TRX to pay for the bandwidth.',
          {
            details,
          },
        )
      if (/balance is not sufficient/i.test(message))
        throw new ChainsError('INSUFFICIENT_FUNDS', 'The TRX balance no longer covers this transfer.', {
          details,
        })
      if (body.code === 'TRANSACTION_EXPIRATION_ERROR' || body.code === 'TAPOS_ERROR')
        throw new ChainsError(
          'TRANSACTION_REJECTED',
          'The transaction expired before it reached the network. Prepare it again.',
          {
            details,
          },
        )
      throw new ChainsError('TRANSACTION_REJECTED', 'The TRON network refused the transaction.', { details })
    },

    async getTransactionStatus(txId): Promise<TransactionStatus> {
      if (!/^[0-9a-fA-F]{64}$/.test(txId))
        throw new ChainsError('RPC_ERROR', `Not a TRON transaction id: ${txId}`)
      const info = await http.post<{
        id?: string
        result?: string
        resMessage?: string
        receipt?: { result?: string }
      }>('/wallet/gettransactioninfobyid', { value: txId })
      if (typeof info.id !== 'string') return { state: 'pending' }
      const outcome = info.receipt?.result
      if (info.result === 'FAILED' || (outcome !== undefined && outcome !== 'SUCCESS')) {
        const reason =
          outcome === 'OUT_OF_ENERGY'
            ? 'It ran out of energy: the fee limit or the TRX balance was too low for the energy it needed.'
            : outcome === 'REVERT'
              ? 'The token contract refused the transfer.'
              : `The network reports ${outcome ?? 'FAILED'}.`
        const message = messageText(info.resMessage)
        return { state: 'failed', error: message ? `${reason} (${message})` : reason }
      }
      return { state: 'confirmed' }
    },

    getHistory: (address, options) => getTronHistory(http, address, options),
  }
}
