import { base64 } from '@scure/base'
import { Transaction } from '@scure/btc-signer'
import type {
  Balances,
  ChainAdapter,
  FeeDetail,
  FeeEstimate,
  HistoryOptions,
  HistoryPage,
  NetworkIdentity,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TransactionSigner,
  TransactionStatus,
  TransferRequest,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { bitcoinHistoryItem } from './bitcoinHistoryItem.js'
import { assertBitcoinNetwork, type BitcoinNetworkName, GENESIS_BLOCK_HASHES } from './bitcoinNetwork.js'
import {
  ESPLORA_CHAIN_PAGE_SIZE,
  type EsploraAddress,
  type EsploraFeeEstimates,
  type EsploraTx,
  type EsploraUtxo,
  esploraClient,
} from './esplora.js'
import { type ParsedBitcoinAddress, parseBitcoinAddress } from './parseBitcoinAddress.js'
import { type SelectUtxosReturnType, type SpendableUtxo, selectUtxos } from './selectUtxos.js'

export interface CreateBitcoinAdapterParameters {
  /** Esplora HTTP API base, without a trailing slash: `https://blockstream.info/api`. */
  endpoint: string
  fetch?: typeof fetch
  network: BitcoinNetworkName
}

/**
 * BIP-125 replaceability: every input's nSequence below 0xfffffffe signals it, and 0xfffffffd
 * keeps nLockTime enforced (BIP-68 relative locks are off: the disable flag, bit 31, is set).
 */
export const RBF_SEQUENCE = 0xfffffffd

/** The confirmation target (blocks) whose `/fee-estimates` rate the adapter uses. */
export const FEE_TARGET_BLOCKS = 3

/** Bitcoin Core's `sendrawtransaction` default `maxfeerate`, 0.10 BTC/kvB. */
const MAX_FEE_RATE_SAT_PER_VB = 10_000

/** Bitcoin Core's default `-minrelaytxfee`, 1 sat/vB: nothing below it is relayed. */
const MIN_RELAY_MSAT_PER_VB = 1000n

interface Plan {
  from: ParsedBitcoinAddress
  to: ParsedBitcoinAddress
  feeRateMsatPerVb: bigint
  selection: SelectUtxosReturnType
  fee: FeeEstimate
}

const sats = (n: bigint) => `${n.toLocaleString('en-US')} sat`

function formatRate(msatPerVb: bigint): string {
  const whole = msatPerVb / 1000n
  const fraction = (msatPerVb % 1000n).toString().padStart(3, '0').replace(/0+$/, '')
  return `${whole}${fraction ? `.${fraction}` : ''} sat/vB`
}

/** `/fee-estimates` rate for `FEE_TARGET_BLOCKS`, else the nearest slower target, else the fastest; never below 1 sat/vB. */
export function feeRateFromEstimates(estimates: EsploraFeeEstimates): bigint {
  const targets = Object.keys(estimates)
    .map(Number)
    .filter((t) => Number.isInteger(t) && t > 0 && Number.isFinite(estimates[String(t)]))
    .sort((a, b) => a - b)
  const target = targets.find((t) => t >= FEE_TARGET_BLOCKS) ?? targets.at(-1)
  const rate = target === undefined ? 0 : (estimates[String(target)] ?? 0)
  const msat = BigInt(Math.ceil(rate * 1000))
  return msat > MIN_RELAY_MSAT_PER_VB ? msat : MIN_RELAY_MSAT_PER_VB
}

function requestedRate(feeRate: number): bigint {
  if (!Number.isFinite(feeRate) || feeRate < 1)
    throw new ChainsError(
      'INVALID_AMOUNT',
      `Fee rate ${feeRate} sat/vB is below the 1 sat/vB the network relays.`,
    )
  // bitcoind's sendrawtransaction refuses more than 0.10 BTC/kvB (maxfeerate) as a likely typo.
  if (feeRate > MAX_FEE_RATE_SAT_PER_VB)
    throw new ChainsError(
      'INVALID_AMOUNT',
      `Fee rate ${feeRate} sat/vB is above ${MAX_FEE_RATE_SAT_PER_VB.toLocaleString('en-US')} sat/vB, which nodes refuse as a likely mistake.`,
    )
  return BigInt(Math.ceil(feeRate * 1000))
}

function notToken(): never {
  throw new ChainsError(
    'TOKEN_NOT_FOUND',
    'Bitcoin has no tokens here: only bitcoin itself (BTC) can be held and sent.',
  )
}

/**
 * The Bitcoin adapter, over the Esplora HTTP API (`bitcoinUpstream` lists every call). Native BTC
 * only; the sender is a P2WPKH (BIP-84) address; recipients may be P2PKH, P2SH, P2WPKH, P2WSH or
 * P2TR. A transfer is a PSBT (BIP-174) whose inputs carry their `witnessUtxo`, every input
 * signalling RBF (`RBF_SEQUENCE`), change back to the sender unless it would be dust; the signer
 * signs the PSBT and the adapter finalizes it to the raw transaction, after checking the PSBT is
 * the transfer reviewed.
 *
 * Balances count pending transactions (Esplora's `chain_stats` plus `mempool_stats`). History is
 * Esplora's paging: the first page holds every pending transaction and the newest 25 confirmed,
 * later pages 25 confirmed each; `limit` cuts the confirmed part, the cursor being the last txid
 * shown. A transaction Esplora no longer knows (replaced or dropped) has status `failed`.
 */
export function createBitcoinAdapter(parameters: CreateBitcoinAdapterParameters): ChainAdapter {
  const { endpoint, network } = parameters
  assertBitcoinNetwork(network)
  const esplora = esploraClient(endpoint, parameters.fetch ?? globalThis.fetch.bind(globalThis))

  function sender(address: string): ParsedBitcoinAddress {
    const parsed = parseBitcoinAddress(address, network, 'Sending address')
    if (parsed.type !== 'p2wpkh')
      throw new ChainsError(
        'INVALID_ADDRESS',
        `Sending address ${address} is not a native SegWit (P2WPKH) address: this wallet sends from its BIP-84 address only.`,
      )
    return parsed
  }

  async function spendable(address: string): Promise<SpendableUtxo[]> {
    const utxos = await esplora.getJson<EsploraUtxo[]>(`/address/${encodeURIComponent(address)}/utxo`)
    const pendingTxids = new Set(utxos.filter((u) => !u.status.confirmed).map((u) => u.txid))
    // Pending outputs are spendable only when they are the change of the sender's own transaction:
    // a pending payment from someone else can still be replaced by its sender.
    const ownPending = new Set<string>()
    if (pendingTxids.size > 0) {
      const txs = await esplora.getJson<EsploraTx[]>(`/address/${encodeURIComponent(address)}/txs`)
      for (const tx of txs) {
        if (pendingTxids.has(tx.txid) && tx.vin.every((i) => i.prevout?.scriptpubkey_address === address))
          ownPending.add(tx.txid)
      }
    }
    return utxos
      .filter((u) => u.status.confirmed || ownPending.has(u.txid))
      .map((u) => ({ txid: u.txid, vout: u.vout, value: BigInt(u.value), confirmed: u.status.confirmed }))
  }

  async function plan(request: TransferRequest): Promise<Plan> {
    if (request.token) notToken()
    const from = sender(request.from)
    const to = parseBitcoinAddress(request.to, network)
    if (typeof request.amount !== 'bigint' || request.amount <= 0n)
      throw new ChainsError('INVALID_AMOUNT', 'The amount to send must be more than zero.')
    if (request.amount < to.dustLimit)
      throw new ChainsError(
        'DUST_OUTPUT',
        `${sats(request.amount)} is below the dust limit of ${sats(to.dustLimit)} for this ${to.type.toUpperCase()} address: the network does not relay smaller outputs. Send at least ${sats(to.dustLimit)}.`,
      )
    const asked = request.feeRate === undefined ? undefined : requestedRate(request.feeRate)
    const [utxos, feeRateMsatPerVb] = await Promise.all([
      spendable(request.from),
      asked ?? esplora.getJson<EsploraFeeEstimates>('/fee-estimates').then(feeRateFromEstimates),
    ])
    const selection = selectUtxos({
      utxos,
      amount: request.amount,
      recipientVsize: to.outputVsize,
      feeRateMsatPerVb,
    })
    const details: FeeDetail[] = [
      { label: 'Fee rate', value: formatRate(feeRateMsatPerVb) },
      { label: 'Size', value: `${selection.vsize} vB` },
      { label: 'Inputs', value: String(selection.inputs.length) },
    ]
    if (selection.change !== undefined) details.push({ label: 'Change', value: sats(selection.change) })
    if (selection.dustAddedToFee > 0n)
      details.push({ label: 'Change below dust added to fee', value: sats(selection.dustAddedToFee) })
    return { from, to, feeRateMsatPerVb, selection, fee: { fee: selection.fee, details } }
  }

  return {
    family: 'bitcoin',

    async identify(): Promise<NetworkIdentity> {
      const [genesis, height] = await Promise.all([
        esplora.getText('/block-height/0'),
        esplora.getText('/blocks/tip/height'),
      ])
      const known = GENESIS_BLOCK_HASHES[genesis.toLowerCase()]
      if (!known)
        throw new ChainsError(
          'WRONG_NETWORK',
          'This endpoint serves a chain that is not Bitcoin mainnet, testnet or regtest.',
          {
            details: `genesis block ${genesis}`,
          },
        )
      if (!/^\d+$/.test(height))
        throw new ChainsError(
          'RPC_ERROR',
          'The Bitcoin API (Esplora) sent a tip height that is not a number.',
          {
            details: height.slice(0, 100),
          },
        )
      return { family: 'bitcoin', id: known.network, height: BigInt(height) }
    },

    async getToken(_address: string): Promise<TokenInfo> {
      return notToken()
    },

    async getBalances(address: string): Promise<Balances> {
      parseBitcoinAddress(address, network, 'Address')
      const info = await esplora.getJson<EsploraAddress>(`/address/${encodeURIComponent(address)}`)
      const { chain_stats: chain, mempool_stats: pending } = info
      const native =
        BigInt(chain.funded_txo_sum) -
        BigInt(chain.spent_txo_sum) +
        BigInt(pending.funded_txo_sum) -
        BigInt(pending.spent_txo_sum)
      return { native, tokens: [] }
    },

    async estimateFee(request: TransferRequest): Promise<FeeEstimate> {
      return (await plan(request)).fee
    },

    async prepareTransfer(request: TransferRequest): Promise<PreparedTransfer> {
      const { from, to, selection, fee } = await plan(request)
      const tx = new Transaction({ version: 2 })
      for (const input of selection.inputs) {
        tx.addInput({
          txid: input.txid,
          index: input.vout,
          sequence: RBF_SEQUENCE,
          witnessUtxo: { script: from.script, amount: input.value },
        })
      }
      tx.addOutput({ script: to.script, amount: request.amount })
      if (selection.change !== undefined) tx.addOutput({ script: from.script, amount: selection.change })
      const notes: string[] = []
      if (selection.inputs.some((i) => !i.confirmed))
        notes.push('This spends the change of your pending transaction; it confirms with or after it.')
      notes.push('Replaceable (RBF): until it confirms, it can be replaced by one paying a higher fee.')
      return {
        request,
        fee,
        unsigned: { family: 'bitcoin', psbt: base64.encode(tx.toPSBT()), network },
        notes,
      }
    },

    signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index = 0): SignedTransaction {
      const { unsigned } = prepared
      if (unsigned.family !== 'bitcoin')
        throw new TypeError(`prepared: a ${unsigned.family} transfer, not bitcoin`)
      if (unsigned.network !== network)
        throw new TypeError(`prepared: built for ${unsigned.network}, this adapter is ${network}`)
      const psbt = base64.decode(unsigned.psbt)
      const before = Transaction.fromPSBT(psbt)
      assertReviewed(
        before,
        prepared,
        sender(prepared.request.from),
        parseBitcoinAddress(prepared.request.to, network),
      )
      const signed = Transaction.fromPSBT(signer.signBitcoinPsbt(psbt, { index, network }))
      // The signer adds signatures; the transaction it signed must be the one reviewed.
      if (signed.id !== before.id) throw new Error('signer: the signed PSBT is not the transaction prepared')
      try {
        signed.finalize()
      } catch (cause) {
        throw new ChainsError(
          'INVALID_ADDRESS',
          `Account ${index} cannot sign for ${prepared.request.from}: every input must be this account's own.`,
          { details: cause instanceof Error ? cause.message : String(cause), cause },
        )
      }
      return { family: 'bitcoin', hex: signed.hex }
    },

    async broadcast(signed: SignedTransaction): Promise<{ txId: string }> {
      if (signed.family !== 'bitcoin')
        throw new TypeError(`signed: a ${signed.family} transaction, not bitcoin`)
      const answer = await esplora.postText('/tx', signed.hex)
      if (answer.ok && /^[0-9a-f]{64}$/.test(answer.text)) return { txId: answer.text }
      if (answer.status >= 500 && !answer.text.includes('RPC error'))
        throw new ChainsError(
          'RPC_ERROR',
          'The Bitcoin API (Esplora) could not take the transaction; try again shortly.',
          {
            details: `HTTP ${answer.status} ${answer.text.slice(0, 300)}`,
          },
        )
      throw new ChainsError('TRANSACTION_REJECTED', rejectionMessage(answer.text), {
        details: answer.text.slice(0, 500),
      })
    },

    async getTransactionStatus(txId: string): Promise<TransactionStatus> {
      if (!/^[0-9a-f]{64}$/.test(txId))
        throw new TypeError(`txId: expected 64 lowercase hex digits, got '${txId}'`)
      const tx = await esplora.getJsonOrUndefined<EsploraTx>(`/tx/${txId}`)
      if (!tx)
        return {
          state: 'failed',
          error:
            'The network no longer has this transaction: it was replaced by another (RBF) or dropped. Check your history and balance before sending again.',
        }
      return { state: tx.status.confirmed ? 'confirmed' : 'pending' }
    },

    async getHistory(address: string, options: HistoryOptions = {}): Promise<HistoryPage> {
      parseBitcoinAddress(address, network, 'Address')
      const { cursor, limit } = options
      if (cursor !== undefined && !/^[0-9a-f]{64}$/.test(cursor))
        throw new TypeError(`cursor: expected a txid from a previous page, got '${cursor}'`)
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
        throw new TypeError(`limit: expected a positive integer, got ${limit}`)
      const path = cursor
        ? `/address/${encodeURIComponent(address)}/txs/chain/${cursor}`
        : `/address/${encodeURIComponent(address)}/txs`
      const txs = await esplora.getJson<EsploraTx[]>(path)
      const pending = txs.filter((tx) => !tx.status.confirmed)
      const confirmed = txs.filter((tx) => tx.status.confirmed)
      const cut = limit !== undefined && confirmed.length > limit
      const shown = cut ? confirmed.slice(0, limit) : confirmed
      const last = shown.at(-1)
      const more = cut || confirmed.length >= ESPLORA_CHAIN_PAGE_SIZE
      return {
        items: [...pending, ...shown].map((tx) => bitcoinHistoryItem(tx, address)),
        ...(more && last ? { nextCursor: last.txid } : {}),
      }
    },
  }
}

/**
 * The PSBT about to be signed does what the review showed: inputs all the sender's, the first
 * output the recipient's amount, any other output change back to the sender, and the fee shown.
 * A `PreparedTransfer` may have crossed HTTP; this keeps a changed PSBT from being signed.
 */
function assertReviewed(
  tx: Transaction,
  prepared: PreparedTransfer,
  from: ParsedBitcoinAddress,
  to: ParsedBitcoinAddress,
): void {
  const same = (a: Uint8Array | undefined, b: Uint8Array) =>
    a !== undefined && a.length === b.length && a.every((x, i) => x === b[i])
  function problem(what: string): never {
    throw new TypeError(`prepared: the PSBT is not the reviewed transfer (${what}); prepare it again`)
  }
  let total = 0n
  for (let i = 0; i < tx.inputsLength; i++) {
    const utxo = tx.getInput(i).witnessUtxo
    if (!utxo || !same(utxo.script, from.script)) problem(`input ${i} is not the sender's`)
    total += utxo.amount
  }
  if (tx.outputsLength < 1 || tx.outputsLength > 2) problem(`${tx.outputsLength} outputs`)
  const payment = tx.getOutput(0)
  if (!same(payment.script, to.script) || payment.amount !== prepared.request.amount)
    problem('the first output is not the recipient and amount')
  for (let i = 1; i < tx.outputsLength; i++) {
    const change = tx.getOutput(i)
    if (!same(change.script, from.script)) problem(`output ${i} is not change to the sender`)
    total -= change.amount!
  }
  if (total - payment.amount! !== prepared.fee.fee) problem('the fee is not the one shown')
}

/** What a person can do about a refusal, from bitcoind's reject reason (validation.cpp, policy.cpp). */
function rejectionMessage(reason: string): string {
  if (/missingorspent|missing-inputs|txn-mempool-conflict|already spent/i.test(reason))
    return 'An input of this transaction is already spent by another transaction. Refresh your balance and send again.'
  if (/insufficient fee|min relay fee|mempool min fee/i.test(reason))
    return 'The fee is too low for the network to accept the transaction. Send again with a higher fee rate.'
  if (/dust/i.test(reason))
    return 'An output is below the dust limit the network relays. Send a larger amount.'
  if (/script-verify|signature/i.test(reason))
    return 'The network refused the signature. Sign the transaction again from this wallet.'
  return 'The Bitcoin network refused the transaction.'
}
