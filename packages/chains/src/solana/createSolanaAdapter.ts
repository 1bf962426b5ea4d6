import {
  type Address,
  appendTransactionMessageInstructions,
  type Blockhash,
  compileTransaction,
  createNoopSigner,
  createTransactionMessage,
  getBase64Decoder,
  getBase64EncodedWireTransaction,
  getBase64Encoder,
  getCompiledTransactionMessageDecoder,
  type Instruction,
  isAddress,
  isSignature,
  lamports,
  pipe,
  type Signature,
  type SignatureBytes,
  setTransactionMessageFeePayerSigner,
  setTransactionMessageLifetimeUsingBlockhash,
  type Transaction,
  type TransactionMessageBytes,
  type TransactionMessageBytesBase64,
} from '@solana/kit'
import { getTransferSolInstruction } from '@solana-program/system'
import {
  findAssociatedTokenPda,
  getCreateAssociatedTokenIdempotentInstruction,
  getTokenSize,
  getTransferCheckedInstruction,
  TOKEN_PROGRAM_ADDRESS,
} from '@solana-program/token'
import { formatAmount } from '../amount/formatAmount.js'
import type {
  Balances,
  ChainAdapter,
  FeeDetail,
  FeeEstimate,
  HistoryOptions,
  HistoryPage,
  PreparedTransfer,
  SignedTransaction,
  TokenInfo,
  TokenRef,
  TransactionSigner,
  TransactionStatus,
  TransferRequest,
} from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { getSolanaHistory } from './getSolanaHistory.js'
import { solanaFailure } from './solanaFailure.js'
import { solanaRpc } from './solanaRpc.js'

export interface CreateSolanaAdapterOptions {
  /** Solana JSON-RPC URL (`https://api.mainnet-beta.solana.com`, or the API's proxy path in a browser). */
  endpoint: string
  /** The `fetch` every call goes through; the global one when absent. */
  fetch?: typeof fetch | undefined
}

/** The Token-2022 program: its mints are told apart from a missing mint. */
const TOKEN_2022_PROGRAM_ADDRESS = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb'

/** Lamports per SOL: SOL has 9 decimals. */
const SOL_DECIMALS = 9
/** An account with no data (a wallet) needs this much rent-exempt balance; asked of the node per call. */
const WALLET_ACCOUNT_SIZE = 0n
const TOKEN_ACCOUNT_SIZE = BigInt(getTokenSize())

const sol = (value: bigint) => `${formatAmount({ value, decimals: SOL_DECIMALS })} SOL`

/**
 * The Solana adapter: native SOL and classic SPL Token program tokens over the standard JSON-RPC
 * (exactly the methods in `solanaUpstream`). Transactions are v0 messages built with `@solana/kit`;
 * a token transfer goes to the recipient's associated token account and creates it in the same
 * transaction when it is missing, the sender paying its rent (shown in the fee details).
 */
export function createSolanaAdapter(options: CreateSolanaAdapterOptions): ChainAdapter {
  const rpc = solanaRpc(options)

  async function send<T>(method: string, request: { send(): Promise<T> }): Promise<T> {
    try {
      return await request.send()
    } catch (cause) {
      throw solanaFailure(method, cause)
    }
  }

  const rentExemptMinimum = (size: bigint) =>
    send('getMinimumBalanceForRentExemption', rpc.getMinimumBalanceForRentExemption(size))

  const balanceOf = async (owner: Address) =>
    (await send('getBalance', rpc.getBalance(owner))).value as bigint

  /** The SPL token account at `account` as the node parses it; null when none is there. */
  async function tokenAccount(account: Address): Promise<{ mint: string; amount: bigint } | null> {
    const { value } = await send('getAccountInfo', rpc.getAccountInfo(account, { encoding: 'jsonParsed' }))
    if (!value || value.owner !== TOKEN_PROGRAM_ADDRESS || Array.isArray(value.data)) return null
    const parsed = value.data.parsed as {
      type?: string
      info?: { mint: string; tokenAmount: { amount: string } }
    }
    if (parsed.type !== 'account' || !parsed.info) return null
    return { mint: parsed.info.mint, amount: BigInt(parsed.info.tokenAmount.amount) }
  }

  interface TransferPlan {
    messageBytes: TransactionMessageBytes
    fee: FeeEstimate
    createsTokenAccount: boolean
    /** Rent deposit of the recipient's token account this transfer creates; 0 when none. */
    rent: bigint
  }

  async function planTransfer(request: TransferRequest): Promise<TransferPlan> {
    const from = addressOf(request.from, 'sender')
    const to = addressOf(request.to, 'recipient')
    if (typeof request.amount !== 'bigint' || request.amount <= 0n)
      throw new ChainsError('INVALID_AMOUNT', 'Enter an amount greater than zero.')
    const mint = request.token ? addressOf(request.token.address, 'token mint') : undefined
    const payer = createNoopSigner(from)
    const instructions: Instruction[] = []
    let rent = 0n
    let createsTokenAccount = false
    if (request.token && mint) {
      const [[source], [destination]] = await Promise.all([
        findAssociatedTokenPda({ owner: from, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }),
        findAssociatedTokenPda({ owner: to, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS }),
      ])
      const [recipient, destinationAccount] = await Promise.all([
        send('getAccountInfo', rpc.getAccountInfo(to, { encoding: 'jsonParsed' })),
        tokenAccount(destination),
      ])
      // Tokens sent to the associated account of a token account would be out of anyone's reach.
      if (recipient.value?.owner === TOKEN_PROGRAM_ADDRESS)
        throw new ChainsError(
          'INVALID_ADDRESS',
          `The recipient ${to} is a token account, not a wallet. Send to the wallet address that owns it.`,
        )
      if (destinationAccount === null) {
        createsTokenAccount = true
        rent = await rentExemptMinimum(TOKEN_ACCOUNT_SIZE)
        instructions.push(
          getCreateAssociatedTokenIdempotentInstruction({ payer, ata: destination, owner: to, mint }),
        )
      }
      instructions.push(
        getTransferCheckedInstruction({
          source,
          mint,
          destination,
          authority: payer,
          amount: request.amount,
          decimals: request.token.decimals,
        }),
      )
    } else {
      instructions.push(
        getTransferSolInstruction({ source: payer, destination: to, amount: lamports(request.amount) }),
      )
    }
    const { value: blockhash } = await send('getLatestBlockhash', rpc.getLatestBlockhash())
    const message = pipe(
      createTransactionMessage({ version: 0 }),
      (m) => setTransactionMessageFeePayerSigner(payer, m),
      (m) =>
        setTransactionMessageLifetimeUsingBlockhash(
          {
            blockhash: blockhash.blockhash as Blockhash,
            lastValidBlockHeight: blockhash.lastValidBlockHeight,
          },
          m,
        ),
      (m) => appendTransactionMessageInstructions(instructions, m),
    )
    const { messageBytes } = compileTransaction(message)
    const encoded = getBase64Decoder().decode(messageBytes) as TransactionMessageBytesBase64
    const { value: networkFee } = await send('getFeeForMessage', rpc.getFeeForMessage(encoded))
    if (networkFee === null)
      throw new ChainsError(
        'RPC_ERROR',
        'The Solana node could not price the transaction. Try again in a moment.',
        {
          details: 'getFeeForMessage: the blockhash expired before the fee was asked',
        },
      )
    const details: FeeDetail[] = [{ label: 'Network fee', value: sol(networkFee) }]
    if (createsTokenAccount)
      details.push({ label: `Rent for the recipient's ${request.token?.symbol} account`, value: sol(rent) })
    return { messageBytes, fee: { fee: networkFee + rent, details }, createsTokenAccount, rent }
  }

  /**
   * The sender keeps either nothing or at least the rent-exempt minimum: the runtime refuses a
   * balance in between. `sending` says whether sending more SOL is a way out (a SOL transfer) or
   * only adding SOL is (a token transfer, where just the fee is spent).
   */
  function assertSenderKeepsRent(balance: bigint, spent: bigint, walletRent: bigint, sending: boolean): void {
    const left = balance - spent
    if (left <= 0n || left >= walletRent) return
    const way = sending
      ? `Send ${sol(left)} more (everything, emptying the account) or ${sol(walletRent - left)} less.`
      : `Add at least ${sol(walletRent - left)} to this account first.`
    throw new ChainsError(
      'RENT_EXEMPTION',
      `This would leave ${sol(left)} in your account, below the ${sol(walletRent)} a Solana account must keep. ${way}`,
    )
  }

  async function checkSol(request: TransferRequest, plan: TransferPlan): Promise<string[]> {
    const from = request.from as Address
    const to = request.to as Address
    const [balance, walletRent, recipientBalance] = await Promise.all([
      balanceOf(from),
      rentExemptMinimum(WALLET_ACCOUNT_SIZE),
      from === to ? Promise.resolve(-1n) : balanceOf(to),
    ])
    const fee = plan.fee.fee
    if (request.amount > balance)
      throw new ChainsError(
        'INSUFFICIENT_FUNDS',
        `You have ${sol(balance)}, less than the ${sol(request.amount)} you want to send.`,
      )
    if (request.amount + fee > balance)
      throw new ChainsError(
        'INSUFFICIENT_FUNDS_FOR_FEE',
        `${sol(request.amount)} plus the ${sol(fee)} network fee is more than your ${sol(balance)}. ` +
          `Send at most ${sol(balance - fee > 0n ? balance - fee : 0n)}.`,
      )
    assertSenderKeepsRent(balance, request.amount + fee, walletRent, true)
    if (recipientBalance === 0n && request.amount < walletRent)
      throw new ChainsError(
        'RENT_EXEMPTION',
        `The recipient's account does not exist yet: the first transfer to it must be at least ${sol(walletRent)} ` +
          `(the rent-exempt minimum of a Solana account). Send at least that much.`,
      )
    return recipientBalance === 0n ? ['The recipient account is new: this transfer creates it.'] : []
  }

  async function checkToken(
    request: TransferRequest,
    token: TokenRef,
    plan: TransferPlan,
  ): Promise<string[]> {
    const from = request.from as Address
    const [source] = await findAssociatedTokenPda({
      owner: from,
      mint: token.address as Address,
      tokenProgram: TOKEN_PROGRAM_ADDRESS,
    })
    const [account, balance, walletRent] = await Promise.all([
      tokenAccount(source),
      balanceOf(from),
      rentExemptMinimum(WALLET_ACCOUNT_SIZE),
    ])
    const held = account?.amount ?? 0n
    const units = (value: bigint) => `${formatAmount({ value, decimals: token.decimals })} ${token.symbol}`
    if (request.amount > held)
      throw new ChainsError(
        'INSUFFICIENT_FUNDS',
        `You have ${units(held)}, less than the ${units(request.amount)} you want to send.`,
      )
    if (plan.fee.fee > balance)
      throw new ChainsError(
        'INSUFFICIENT_FUNDS_FOR_FEE',
        `Sending ${token.symbol} costs ${sol(plan.fee.fee)}${plan.createsTokenAccount ? " (network fee and the recipient's token account rent)" : ' in network fees'}, ` +
          `more than your ${sol(balance)}. Add SOL to this account first.`,
      )
    assertSenderKeepsRent(balance, plan.fee.fee, walletRent, false)
    return plan.createsTokenAccount
      ? [
          `The recipient has no ${token.symbol} account yet: this transfer creates it and you pay its rent deposit of ${sol(plan.rent)}.`,
        ]
      : []
  }

  return {
    family: 'solana',

    async identify() {
      const [genesis, slot] = await Promise.all([
        send('getGenesisHash', rpc.getGenesisHash()),
        send('getSlot', rpc.getSlot({ commitment: 'confirmed' })),
      ])
      return { family: 'solana', id: genesis, height: slot }
    },

    async getToken(mintAddress: string): Promise<TokenInfo> {
      const mint = addressOf(mintAddress, 'token mint')
      const { value } = await send('getAccountInfo', rpc.getAccountInfo(mint, { encoding: 'jsonParsed' }))
      const parsed =
        value && value.owner === TOKEN_PROGRAM_ADDRESS && !Array.isArray(value.data)
          ? (value.data.parsed as { type?: string; info?: { decimals?: number } })
          : undefined
      if (value?.owner === TOKEN_2022_PROGRAM_ADDRESS)
        throw new ChainsError(
          'TOKEN_NOT_FOUND',
          `${mintAddress} is a Token-2022 mint; this wallet holds tokens of the classic SPL Token program only.`,
        )
      if (parsed?.type !== 'mint' || typeof parsed.info?.decimals !== 'number')
        throw new ChainsError(
          'TOKEN_NOT_FOUND',
          `There is no SPL token mint at ${mintAddress} on this network. Check the mint address.`,
        )
      return { address: mint, decimals: parsed.info.decimals }
    },

    async getBalances(owner: string, tokens: TokenRef[]): Promise<Balances> {
      const account = addressOf(owner, 'account')
      const mints = tokens.map((t) => addressOf(t.address, 'token mint'))
      const [native, tokenAccounts] = await Promise.all([
        balanceOf(account),
        mints.length === 0
          ? Promise.resolve(undefined)
          : send(
              'getTokenAccountsByOwner',
              rpc.getTokenAccountsByOwner(
                account,
                { programId: TOKEN_PROGRAM_ADDRESS },
                { encoding: 'jsonParsed' },
              ),
            ),
      ])
      const held = new Map<string, bigint>()
      for (const { account: a } of tokenAccounts?.value ?? []) {
        const info = a.data.parsed.info
        held.set(info.mint, (held.get(info.mint) ?? 0n) + BigInt(info.tokenAmount.amount))
      }
      return { native, tokens: mints.map((mint) => ({ token: mint, amount: held.get(mint) ?? 0n })) }
    },

    async estimateFee(request) {
      return (await planTransfer(request)).fee
    },

    async prepareTransfer(request): Promise<PreparedTransfer> {
      const plan = await planTransfer(request)
      const notes = request.token
        ? await checkToken(request, request.token, plan)
        : await checkSol(request, plan)
      return {
        request,
        fee: plan.fee,
        unsigned: { family: 'solana', message: getBase64Decoder().decode(plan.messageBytes) },
        notes,
      }
    },

    signTransfer(signer: TransactionSigner, prepared: PreparedTransfer, index = 0): SignedTransaction {
      if (prepared.unsigned.family !== 'solana')
        throw new TypeError(`prepared: expected a Solana transfer, got ${prepared.unsigned.family}`)
      const messageBytes = getBase64Encoder().encode(prepared.unsigned.message) as TransactionMessageBytes
      const message = getCompiledTransactionMessageDecoder().decode(messageBytes)
      const feePayer = message.staticAccounts[0]
      if (message.header.numSignerAccounts !== 1 || feePayer !== prepared.request.from)
        throw new TypeError('prepared: the message must have the sender as its only signer')
      const signature = signer.signSolanaMessage(
        messageBytes as unknown as Uint8Array,
        index,
      ) as SignatureBytes
      const transaction = { messageBytes, signatures: { [feePayer]: signature } } as unknown as Transaction
      return { family: 'solana', transaction: getBase64EncodedWireTransaction(transaction) }
    },

    async broadcast(signed) {
      if (signed.family !== 'solana')
        throw new TypeError(`signed: expected a Solana transaction, got ${signed.family}`)
      try {
        const txId = await rpc
          .sendTransaction(signed.transaction as Parameters<typeof rpc.sendTransaction>[0], {
            encoding: 'base64',
            preflightCommitment: 'confirmed',
          })
          .send()
        return { txId }
      } catch (cause) {
        throw solanaFailure('sendTransaction', cause, 'TRANSACTION_REJECTED')
      }
    },

    async getTransactionStatus(txId: string): Promise<TransactionStatus> {
      if (!isSignature(txId))
        throw new ChainsError('INVALID_ADDRESS', `${txId} is not a Solana transaction signature.`)
      const { value } = await send(
        'getSignatureStatuses',
        rpc.getSignatureStatuses([txId as Signature], { searchTransactionHistory: true }),
      )
      const status = value[0]
      if (!status || status.confirmationStatus === 'processed') return { state: 'pending' }
      if (status.err)
        return {
          state: 'failed',
          error: describeFailure(status.err),
        }
      return { state: 'confirmed' }
    },

    async getHistory(owner: string, options: HistoryOptions = {}): Promise<HistoryPage> {
      const account = addressOf(owner, 'account')
      if (options.cursor !== undefined && !isSignature(options.cursor))
        throw new ChainsError('INVALID_ADDRESS', 'The history cursor is not a Solana transaction signature.')
      return getSolanaHistory({ rpc, send, owner: account, options })
    },
  }
}

function addressOf(text: string, what: string): Address {
  if (typeof text !== 'string' || !isAddress(text))
    throw new ChainsError('INVALID_ADDRESS', `The ${what} address "${String(text)}" is not a Solana address.`)
  return text
}

const bigintText = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)

/** A landed transaction's `err` (agave's `TransactionError` JSON) in words; the fee was paid. */
function describeFailure(err: unknown): string {
  const raw = JSON.stringify(err, bigintText)
  if (typeof err === 'object' && err !== null) {
    if ('InsufficientFundsForRent' in err)
      return 'It failed (the fee was paid): an account would have been left below the rent-exempt minimum. Send more, or keep more SOL, and try again.'
    if ('InstructionError' in err && Array.isArray(err.InstructionError)) {
      const [index, cause] = err.InstructionError as [number, unknown]
      const what =
        typeof cause === 'object' && cause !== null && 'Custom' in cause
          ? `program error ${String(cause.Custom)}`
          : JSON.stringify(cause, bigintText)
      return `It failed (the fee was paid): step ${Number(index) + 1} of the transaction was refused by its program (${what}). Check the amount and the token, and prepare it again.`
    }
  }
  return `It failed (the fee was paid): ${raw}. Prepare it again and retry.`
}
