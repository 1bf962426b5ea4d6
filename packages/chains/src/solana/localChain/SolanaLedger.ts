import {
  type Address,
  type CompiledTransactionMessageWithLifetime,
  getBase58Decoder,
  getBase58Encoder,
  getCompiledTransactionMessageDecoder,
  getPublicKeyFromAddress,
  getTransactionDecoder,
  type LegacyCompiledTransactionMessage,
  lamports,
  type SignatureBytes,
  type Transaction,
  type V0CompiledTransactionMessage,
  verifySignature,
} from '@solana/kit'
import { SYSTEM_PROGRAM_ADDRESS } from '@solana-program/system'
import { getMintDecoder, getTokenDecoder, getTokenSize, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token'
import { FailedTransactionMetadata, type LiteSVM, type TransactionMetadata } from 'litesvm'

/** The messages a validator runs: legacy and v0, with their recent blockhash. */
export type LedgerMessage = (LegacyCompiledTransactionMessage | V0CompiledTransactionMessage) &
  CompiledTransactionMessageWithLifetime

/** A JSON-RPC error as the validator's RPC answers it. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message)
  }
}

/** The validator's wire limit for one transaction (a UDP packet less headers). */
export const PACKET_DATA_SIZE = 1232
/** A blockhash is accepted for this many blocks after it was produced (`MAX_PROCESSING_AGE`). */
export const BLOCKHASH_VALIDITY = 150

export interface TokenBalanceRecord {
  accountIndex: number
  mint: string
  owner: string
  programId: string
  uiTokenAmount: { amount: string; decimals: number; uiAmount: number | null; uiAmountString: string }
}

/** One landed transaction, kept for getTransaction, getSignatureStatuses and getSignaturesForAddress. */
export interface LandedTransaction {
  /** Order of landing: the local chain's total order, newest highest. */
  seq: number
  signature: string
  slot: bigint
  blockTime: number
  transaction: Transaction
  message: LedgerMessage
  accountKeys: Address[]
  /** The transaction error in the RPC's JSON form, null on success. */
  err: unknown
  fee: bigint
  preBalances: bigint[]
  postBalances: bigint[]
  preTokenBalances: TokenBalanceRecord[]
  postTokenBalances: TokenBalanceRecord[]
  logMessages: string[]
  computeUnitsConsumed: bigint
  innerInstructions: {
    index: number
    instructions: { programIdIndex: number; accounts: number[]; data: string; stackHeight: number }[]
  }[]
}

/**
 * The chain state behind the local JSON-RPC: litesvm (the real SVM, with its signature, fee, rent
 * and program checks) plus what a validator keeps and litesvm does not: slots and block times,
 * the window of recent blockhashes, and the transactions by signature and by account.
 */
export class SolanaLedger {
  readonly svm: LiteSVM
  slot: bigint
  blockTime: number
  /** Recent blockhashes, oldest first, with the block height each was produced at. */
  readonly recentBlockhashes: { blockhash: string; height: bigint }[] = []
  readonly bySignature = new Map<string, LandedTransaction>()
  readonly byAccount = new Map<string, LandedTransaction[]>()
  #seq = 0

  /** What `getGenesisHash` answers: the network's id. */
  readonly genesisHash: string

  constructor(svm: LiteSVM, genesisHash: string, now: () => number) {
    this.svm = svm
    this.genesisHash = genesisHash
    this.now = now
    this.slot = svm.getClock().slot
    this.blockTime = Math.floor(now() / 1000)
    this.#setClock()
    this.recentBlockhashes.push({ blockhash: svm.latestBlockhash(), height: this.slot })
  }

  readonly now: () => number

  /** Every slot holds a block here, so the block height is the slot. */
  get blockHeight(): bigint {
    return this.slot
  }

  get latestBlockhash(): { blockhash: string; lastValidBlockHeight: bigint } {
    const latest = this.recentBlockhashes.at(-1) as { blockhash: string; height: bigint }
    return { blockhash: latest.blockhash, lastValidBlockHeight: latest.height + BigInt(BLOCKHASH_VALIDITY) }
  }

  isBlockhashValid(blockhash: string): boolean {
    return this.recentBlockhashes.some((b) => b.blockhash === blockhash)
  }

  /** Fee of a message: 5,000 lamports per signature (litesvm's fee structure); no priority fee. */
  feeFor(message: Pick<LedgerMessage, 'header'>): bigint {
    return 5000n * BigInt(message.header.numSignerAccounts)
  }

  /**
   * Checks and runs a wire transaction as a validator's `sendTransaction` does (agave
   * rpc.rs `send_transaction`): decode and size, sanitize, verify every signature (-32003),
   * then preflight (-32002) unless skipped, then execute. A transaction that fails in execution
   * after paying its fee lands, failed, as on a real cluster.
   */
  async submit(wire: Uint8Array, options: { skipPreflight?: boolean } = {}): Promise<LandedTransaction> {
    if (wire.length > PACKET_DATA_SIZE)
      throw new RpcError(
        -32602,
        `invalid transaction: transaction too large: ${wire.length} bytes (max: ${PACKET_DATA_SIZE})`,
      )
    let transaction: Transaction
    let message: LedgerMessage
    try {
      transaction = getTransactionDecoder().decode(wire)
      message = ledgerMessage(transaction.messageBytes as unknown as Uint8Array)
    } catch (cause) {
      if (cause instanceof RpcError) throw cause
      throw new RpcError(
        -32602,
        `failed to deserialize solana_transaction::versioned::VersionedTransaction: ${String(cause)}`,
      )
    }
    const signers = Object.entries(transaction.signatures)
    if (signers.length !== message.header.numSignerAccounts || signers.length === 0)
      throw new RpcError(
        -32602,
        'invalid transaction: Transaction failed to sanitize accounts offsets correctly',
      )
    if ('addressTableLookups' in message && (message.addressTableLookups?.length ?? 0) > 0)
      throw new RpcError(
        -32602,
        'invalid transaction: address table lookups are not served by this local chain',
      )
    const verified = await Promise.all(
      signers.map(async ([signer, signature]) => {
        if (!signature) return false
        const key = await getPublicKeyFromAddress(signer as Address)
        return verifySignature(key, signature as SignatureBytes, transaction.messageBytes)
      }),
    )
    if (verified.includes(false)) throw new RpcError(-32003, 'Transaction signature verification failure')
    // From here on nothing awaits: check, run and record happen as one step.
    const signature = getBase58Decoder().decode(
      transaction.signatures[signers[0]?.[0] as Address] as Uint8Array,
    )
    if (this.bySignature.has(signature)) throw preflightFailure('AlreadyProcessed', [])
    if (!this.isBlockhashValid(message.lifetimeToken)) throw preflightFailure('BlockhashNotFound', [])
    const accountKeys = message.staticAccounts
    if (!options.skipPreflight) {
      const simulated = this.svm.simulateTransaction(transaction)
      if (simulated instanceof FailedTransactionMetadata)
        throw preflightFailure(
          errorJson(simulated),
          simulated.meta().logs(),
          simulated.meta().computeUnitsConsumed(),
        )
    }
    const preBalances = accountKeys.map((key) => this.svm.getBalance(key) ?? 0n)
    const preTokenBalances = this.#tokenBalances(accountKeys)
    const result = this.svm.sendTransaction(transaction)
    const postBalances = accountKeys.map((key) => this.svm.getBalance(key) ?? 0n)
    const fee = this.feeFor(message)
    const failed = result instanceof FailedTransactionMetadata
    // A transaction that did not pay its fee was never included (signature, blockhash, fee payer).
    if (failed && (preBalances[0] ?? 0n) - (postBalances[0] ?? 0n) !== fee)
      throw preflightFailure(errorJson(result), result.meta().logs())
    const meta: TransactionMetadata = failed ? result.meta() : result
    const landed: LandedTransaction = {
      seq: ++this.#seq,
      signature,
      slot: this.slot,
      blockTime: this.blockTime,
      transaction,
      message,
      accountKeys: [...accountKeys],
      err: failed ? errorJson(result) : null,
      fee,
      preBalances,
      postBalances,
      preTokenBalances,
      postTokenBalances: this.#tokenBalances(accountKeys),
      logMessages: meta.logs(),
      computeUnitsConsumed: meta.computeUnitsConsumed(),
      innerInstructions: meta
        .innerInstructions()
        .map((list, index) => ({
          index,
          instructions: list.map((inner) => {
            const compiled = inner.instruction()
            return {
              programIdIndex: compiled.programIdIndex(),
              accounts: [...compiled.accounts()],
              data: getBase58Decoder().decode(compiled.data()),
              stackHeight: inner.stackHeight(),
            }
          }),
        }))
        .filter((entry) => entry.instructions.length > 0),
    }
    this.bySignature.set(signature, landed)
    for (const key of new Set(accountKeys)) {
      const list = this.byAccount.get(key) ?? []
      list.push(landed)
      this.byAccount.set(key, list)
    }
    this.#nextBlock()
    return landed
  }

  /** The SPL token balances of the token accounts among `keys`, in the RPC's token balance form. */
  #tokenBalances(keys: readonly Address[]): TokenBalanceRecord[] {
    const balances: TokenBalanceRecord[] = []
    keys.forEach((key, accountIndex) => {
      const token = this.tokenAccount(key)
      if (!token) return
      const decimals = this.mint(token.mint)?.decimals ?? 0
      balances.push({
        accountIndex,
        mint: token.mint,
        owner: token.owner,
        programId: TOKEN_PROGRAM_ADDRESS,
        uiTokenAmount: uiTokenAmount(token.amount, decimals),
      })
    })
    return balances
  }

  tokenAccount(key: Address): {
    mint: Address
    owner: Address
    amount: bigint
    state: number
    isNative: boolean
    delegate?: Address
    delegatedAmount: bigint
  } | null {
    const account = this.svm.getAccount(key)
    if (
      !account.exists ||
      account.programAddress !== TOKEN_PROGRAM_ADDRESS ||
      account.data.length !== getTokenSize()
    )
      return null
    const token = getTokenDecoder().decode(account.data)
    return {
      mint: token.mint,
      owner: token.owner,
      amount: token.amount,
      state: token.state,
      isNative: token.isNative.__option === 'Some',
      ...(token.delegate.__option === 'Some' ? { delegate: token.delegate.value } : {}),
      delegatedAmount: token.delegatedAmount,
    }
  }

  mint(key: Address): {
    decimals: number
    supply: bigint
    isInitialized: boolean
    mintAuthority: Address | null
    freezeAuthority: Address | null
  } | null {
    const account = this.svm.getAccount(key)
    if (!account.exists || account.programAddress !== TOKEN_PROGRAM_ADDRESS || account.data.length !== 82)
      return null
    const mint = getMintDecoder().decode(account.data)
    return {
      decimals: mint.decimals,
      supply: mint.supply,
      isInitialized: mint.isInitialized,
      mintAuthority: mint.mintAuthority.__option === 'Some' ? mint.mintAuthority.value : null,
      freezeAuthority: mint.freezeAuthority.__option === 'Some' ? mint.freezeAuthority.value : null,
    }
  }

  /** One transaction per block: the next slot, its time and a fresh blockhash. */
  #nextBlock(): void {
    this.slot += 1n
    this.blockTime = Math.max(this.blockTime, Math.floor(this.now() / 1000))
    this.svm.warpToSlot(this.slot)
    this.#setClock()
    this.svm.expireBlockhash()
    this.recentBlockhashes.push({ blockhash: this.svm.latestBlockhash(), height: this.slot })
    while (this.recentBlockhashes.length > BLOCKHASH_VALIDITY + 1) this.recentBlockhashes.shift()
  }

  #setClock(): void {
    const clock = this.svm.getClock()
    clock.unixTimestamp = BigInt(this.blockTime)
    this.svm.setClock(clock)
  }

  /** Gives `lamports` to `address` outside any transaction: the genesis allocation of the faucet. */
  allocate(address: Address, amount: bigint): void {
    this.svm.setAccount({
      address,
      data: new Uint8Array(),
      executable: false,
      lamports: lamports(amount),
      programAddress: SYSTEM_PROGRAM_ADDRESS,
      space: 0n,
    })
  }
}

/** Decodes a message; a version other than legacy and 0 is refused as validators do. */
export function ledgerMessage(bytes: Uint8Array): LedgerMessage {
  const message = getCompiledTransactionMessageDecoder().decode(bytes)
  if (message.version !== 'legacy' && message.version !== 0)
    throw new RpcError(
      -32602,
      `invalid transaction: unsupported transaction version ${String(message.version)}`,
    )
  return message as LedgerMessage
}

/** The RPC's `uiTokenAmount`: the amount as text and as a (display only) float. */
export function uiTokenAmount(amount: bigint, decimals: number) {
  const text = amount.toString().padStart(decimals + 1, '0')
  const whole = text.slice(0, text.length - decimals)
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '')
  const uiAmountString = fraction ? `${whole}.${fraction}` : whole
  return { amount: amount.toString(), decimals, uiAmount: Number(uiAmountString), uiAmountString }
}

/** `-32002 Transaction simulation failed`, as agave's RPC sends it. */
function preflightFailure(err: unknown, logs: string[], unitsConsumed = 0n): RpcError {
  return new RpcError(-32002, `Transaction simulation failed: ${describeError(err)}`, {
    accounts: null,
    err,
    innerInstructions: null,
    logs,
    replacementBlockhash: null,
    returnData: null,
    unitsConsumed,
  })
}

/**
 * A litesvm failure as the RPC's JSON `TransactionError` (`"BlockhashNotFound"`,
 * `{"InstructionError":[0,{"Custom":1}]}`, `{"InsufficientFundsForRent":{"account_index":1}}`),
 * read from its Rust debug text since the error enums are not exported at run time.
 */
export function errorJson(failed: FailedTransactionMetadata): unknown {
  const text = /err: (.*?), meta: TransactionMetadata/s.exec(failed.toString())?.[1] ?? 'InvalidError'
  const instruction = /^InstructionError\((\d+), (.*)\)$/.exec(text)
  if (instruction) {
    const inner = instruction[2] as string
    const custom = /^Custom\((\d+)\)$/.exec(inner)
    const borsh = /^BorshIoError\((.*)\)$/.exec(inner)
    return {
      InstructionError: [
        Number(instruction[1]),
        custom ? { Custom: Number(custom[1]) } : borsh ? { BorshIoError: borsh[1] } : inner,
      ],
    }
  }
  const fields = /^(\w+) \{ (\w+): (\d+) \}$/.exec(text)
  if (fields) return { [fields[1] as string]: { [fields[2] as string]: Number(fields[3]) } }
  const tuple = /^(\w+)\((\d+)\)$/.exec(text)
  if (tuple) return { [tuple[1] as string]: Number(tuple[2]) }
  return text
}

/** The words agave's `TransactionError` Display gives the common errors. */
function describeError(err: unknown): string {
  if (err === 'BlockhashNotFound') return 'Blockhash not found'
  if (err === 'AlreadyProcessed') return 'This transaction has already been processed'
  if (err === 'InsufficientFundsForFee') return 'Insufficient funds for fee'
  if (err === 'AccountNotFound') return 'Attempt to debit an account but found no record of a prior credit.'
  if (typeof err === 'object' && err !== null) {
    if ('InsufficientFundsForRent' in err)
      return `Transaction results in an account (${(err.InsufficientFundsForRent as { account_index: number }).account_index}) with insufficient funds for rent`
    if ('InstructionError' in err) {
      const [index, inner] = err.InstructionError as [number, unknown]
      const what =
        typeof inner === 'object' && inner !== null && 'Custom' in inner
          ? `custom program error: 0x${(inner.Custom as number).toString(16)}`
          : String(inner)
      return `Error processing Instruction ${index}: ${what}`
    }
  }
  return typeof err === 'string' ? err : JSON.stringify(err)
}

export const base58 = {
  encode: (bytes: Uint8Array) => getBase58Decoder().decode(bytes),
  decode: (text: string) => getBase58Encoder().encode(text) as Uint8Array,
}
