import type { EvmTransaction } from './evm/EvmTransaction.js'

/**
 * The chain families Stratos holds keys for outside Canton. One adapter per family talks to the
 * family's standard API: EVM JSON-RPC, Solana JSON-RPC, Esplora HTTP, TRON HTTP API, toncenter v2.
 */
export type ChainFamily = 'evm' | 'solana' | 'bitcoin' | 'tron' | 'ton'

/** A token the instance lists: ERC-20 / SPL mint / TRC-20 / jetton master, by its chain address. */
export interface TokenRef {
  /** Contract, mint or jetton master address, in the chain's usual text form. */
  address: string
  symbol: string
  /** Base unit is 10^-decimals of one token. */
  decimals: number
}

/** What an endpoint says about itself: compared with the configured network before it is saved. */
export interface NetworkIdentity {
  family: ChainFamily
  /**
   * The network's own id, as text: EVM chain id (`"8453"`), Solana genesis hash, Bitcoin network
   * (`"mainnet"`, `"testnet"`, `"regtest"`), TRON genesis block id, TON global id (`"-239"`).
   */
  id: string
  /** The latest block/slot/seqno height seen, as a sign the endpoint is alive and synced. */
  height: bigint
}

/** A token contract as the chain reports it; `symbol` when the contract exposes one. */
export interface TokenInfo {
  address: string
  decimals: number
  symbol?: string
}

/** One asset's balance in base units. `token` is absent for the native coin. */
export interface AssetBalance {
  token?: string
  amount: bigint
}

export interface Balances {
  native: bigint
  /** One entry per requested token, in the order asked, zero when the account holds none. */
  tokens: AssetBalance[]
}

/** One line of the fee shown in the review, already formatted by the adapter: "Energy", "14,650". */
export interface FeeDetail {
  label: string
  value: string
}

export interface FeeEstimate {
  /** The most the network will charge, in the native coin's base units. */
  fee: bigint
  /** Chain-specific detail for the review (gas and price, sat/vB and size, bandwidth and energy). */
  details: FeeDetail[]
}

/** What a person asks to send: `token` absent sends the native coin. */
export interface TransferRequest {
  from: string
  to: string
  /** Base units of the asset sent; more than zero. */
  amount: bigint
  token?: TokenRef
  /** Bitcoin: fee rate in sat/vB; the adapter's estimate when absent. Ignored elsewhere. */
  feeRate?: number
}

/**
 * What the signer signs, per family. Every form is JSON-safe except bigint fields: callers that
 * move it across HTTP encode bigints as decimal strings.
 */
export type UnsignedTransaction =
  | { family: 'evm'; transaction: EvmTransaction }
  /** A serialized Solana transaction message (legacy or v0), base64. */
  | { family: 'solana'; message: string }
  /** An unsigned PSBT, base64; `network` selects the derivation path's coin type. */
  | { family: 'bitcoin'; psbt: string; network: 'mainnet' | 'testnet' | 'regtest' }
  /** The node-built transaction (`txID`, `raw_data`, `raw_data_hex`), signed over `raw_data_hex`. */
  | { family: 'tron'; transaction: { txID: string; raw_data: unknown; raw_data_hex: string } }
  /** The wallet v5r1 transfer `Vault.signTonTransfer` signs (amounts as bigint). */
  | { family: 'ton'; transfer: TonTransferRequest }

/** The subset of `@stratos/keys` `TonTransfer` the TON adapter fills in. */
export interface TonTransferRequest {
  to: string
  amount: bigint
  seqno: number
  validUntil: number
  network?: 'mainnet' | 'testnet'
  bounce?: boolean
  comment?: string
  sendMode?: number
  /** A message body cell, BOC base64 (a jetton `transfer`); excludes `comment`. */
  payload?: string
}

/** A transfer ready for review: what it will do, what it costs, what to sign. */
export interface PreparedTransfer {
  request: TransferRequest
  fee: FeeEstimate
  unsigned: UnsignedTransaction
  /** Things the person should know before signing ("recipient account will be activated"). */
  notes: string[]
}

/** A signed transaction in the form the family's broadcast takes. */
export type SignedTransaction =
  | { family: 'evm'; raw: `0x${string}` }
  /** The wire transaction, base64. */
  | { family: 'solana'; transaction: string }
  /** The finalized transaction, hex. */
  | { family: 'bitcoin'; hex: string }
  | {
      family: 'tron'
      transaction: { txID: string; raw_data: unknown; raw_data_hex: string; signature: string[] }
    }
  /** The external message BOC, base64. */
  | { family: 'ton'; boc: string }

/**
 * The signing methods of `@stratos/keys` `Vault` the adapters use: a `Vault` is one. Structural, so
 * `@stratos/chains` does not depend on the package that holds key bytes.
 */
export interface TransactionSigner {
  signEvmTransaction(tx: EvmTransaction, index?: number): `0x${string}`
  signSolanaMessage(messageBytes: Uint8Array, index?: number): Uint8Array
  signBitcoinPsbt(
    psbt: Uint8Array,
    options?: { index?: number; network?: 'mainnet' | 'testnet' | 'regtest' },
  ): Uint8Array
  signTronTransaction(rawDataHex: string, index?: number): string
  signTonTransfer(
    transfer: TonTransferRequest,
    index?: number,
  ): { boc: string; hash: string; normalizedHash: string; from: string }
}

export type TransactionState = 'pending' | 'confirmed' | 'failed'

export interface TransactionStatus {
  state: TransactionState
  /** Why it failed, in words a person can act on; only when `state` is `failed`. */
  error?: string
}

/** One movement of one asset into or out of the account. */
export interface HistoryItem {
  /** The id an explorer links to (tx hash, signature, txid). */
  txId: string
  direction: 'in' | 'out' | 'self'
  /** Absent for the native coin; the token's address otherwise. */
  token?: string
  /** Base units moved (for `out`, not counting the fee). */
  amount: bigint
  /** The other side, when the chain names one. */
  counterparty?: string
  /** Network fee paid by this account, base units of the native coin, when it paid one. */
  fee?: bigint
  /** Unix seconds; absent while pending when the chain gives no time. */
  time?: number
  state: TransactionState
}

export interface HistoryPage {
  items: HistoryItem[]
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string
  /**
   * Set when the upstream cannot list native-coin transfers (an EVM node without Otterscan's
   * `ots_` methods and no indexer configured): `items` then hold token transfers only.
   */
  nativeHistoryUnavailable?: true
}

export interface HistoryOptions {
  tokens?: TokenRef[]
  cursor?: string
  /** Items per page; the adapter may return fewer. */
  limit?: number
}

/**
 * What a browser may ask a family's upstream through the API's proxy: exactly the calls its
 * adapter makes. JSON-RPC families list method names; HTTP families list method and path (the
 * path after the endpoint's base, query string excluded).
 */
export type UpstreamAllowlist =
  | { kind: 'json-rpc'; methods: readonly string[] }
  | { kind: 'http'; routes: readonly { method: 'GET' | 'POST'; path: RegExp }[] }

/**
 * One chain family behind one interface. An adapter is made for one network endpoint and a
 * `fetch` (in the browser, the API's same-origin proxy; on the server, the upstream URL). Amounts
 * are bigint base units everywhere. Errors a person meets are `ChainsError` with a code that
 * names the cause (`INSUFFICIENT_FUNDS_FOR_FEE`, `DUST_OUTPUT`, `ACCOUNT_NOT_ACTIVATED`,
 * `WALLET_NOT_DEPLOYED`, `RENT_EXEMPTION`...).
 */
export interface ChainAdapter {
  readonly family: ChainFamily
  /** What network the endpoint serves; throws `RPC_ERROR` when it does not answer. */
  identify(): Promise<NetworkIdentity>
  /** Reads a token contract; throws `TOKEN_NOT_FOUND` when there is none at `address`. */
  getToken(address: string): Promise<TokenInfo>
  getBalances(address: string, tokens: TokenRef[]): Promise<Balances>
  estimateFee(request: TransferRequest): Promise<FeeEstimate>
  /** Checks the transfer can go through (funds, fee, dust, activation, rent) and builds it. */
  prepareTransfer(request: TransferRequest): Promise<PreparedTransfer>
  /** Signs with the account at `index` (default 0); only the signature comes out of `signer`. */
  signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index?: number): SignedTransaction
  /** Sends it; returns the id to follow. The node's refusal is `TRANSACTION_REJECTED`. */
  broadcast(signed: SignedTransaction): Promise<{ txId: string }>
  getTransactionStatus(txId: string): Promise<TransactionStatus>
  getHistory(address: string, options?: HistoryOptions): Promise<HistoryPage>
}
