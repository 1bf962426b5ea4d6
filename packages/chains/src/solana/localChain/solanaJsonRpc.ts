import {
  type Address,
  getBase58Decoder,
  getBase64Decoder,
  getBase64Encoder,
  isAddress,
  isSignature,
} from '@solana/kit'
import { getTokenSize, TOKEN_PROGRAM_ADDRESS } from '@solana-program/token'
import {
  base58,
  type LandedTransaction,
  type LedgerMessage,
  ledgerMessage,
  RpcError,
  type SolanaLedger,
  uiTokenAmount,
} from './SolanaLedger.js'

/** What `context.apiVersion` says: this is not an agave node. */
export const API_VERSION = 'stratos-litesvm-1.5.0'

type Params = unknown[]
type Handler = (ledger: SolanaLedger, params: Params) => unknown | Promise<unknown>

const MAX_SIGNATURES_FOR_ADDRESS = 1000
const MAX_SIGNATURE_STATUSES = 256

/**
 * The JSON-RPC methods the Solana adapter uses, answered from the ledger in the shapes agave's RPC
 * gives (https://solana.com/docs/rpc/http): `{context, value}` wrappers where the real ones have
 * them, u64 values as JSON numbers, account data as `[data, "base64"]` or `jsonParsed`.
 */
export const solanaMethods: Record<string, Handler> = {
  getGenesisHash: (ledger) => ledger.genesisHash,

  getSlot: (ledger, params) => {
    config(params, 0)
    return ledger.slot
  },

  getBlockHeight: (ledger, params) => {
    config(params, 0)
    return ledger.blockHeight
  },

  getBalance: (ledger, params) => {
    const key = pubkey(params[0])
    config(params, 1)
    return withContext(ledger, ledger.svm.getBalance(key) ?? 0n)
  },

  getAccountInfo: (ledger, params) => {
    const key = pubkey(params[0])
    const { encoding } = config(params, 1)
    return withContext(ledger, encodeAccount(ledger, key, encodingOf(encoding)))
  },

  getTokenAccountsByOwner: (ledger, params) => {
    const owner = pubkey(params[0])
    const filter = params[1]
    const { encoding } = config(params, 2)
    let mint: Address | undefined
    if (typeof filter !== 'object' || filter === null)
      throw invalidParams('Invalid params: missing token filter')
    if ('mint' in filter) {
      mint = pubkey(filter.mint)
      if (!ledger.mint(mint)) throw invalidParams('Invalid param: not a Token mint')
    } else if ('programId' in filter) {
      if (pubkey(filter.programId) !== TOKEN_PROGRAM_ADDRESS)
        throw invalidParams('Invalid param: unrecognized Token program id')
    } else throw invalidParams('Invalid params: expected mint or programId')
    const accounts = ledger.svm
      .getProgramAccounts(TOKEN_PROGRAM_ADDRESS)
      .filter((account) => account.data.length === getTokenSize())
      .flatMap((account) => {
        const token = ledger.tokenAccount(account.address)
        if (!token || token.owner !== owner || (mint && token.mint !== mint)) return []
        return [
          { pubkey: account.address, account: encodeAccount(ledger, account.address, encodingOf(encoding)) },
        ]
      })
    return withContext(ledger, accounts)
  },

  getLatestBlockhash: (ledger, params) => {
    config(params, 0)
    return withContext(ledger, ledger.latestBlockhash)
  },

  getFeeForMessage: (ledger, params) => {
    if (typeof params[0] !== 'string') throw invalidParams('Invalid params: message must be a base64 string')
    config(params, 1)
    let message: LedgerMessage
    try {
      message = ledgerMessage(getBase64Encoder().encode(params[0]) as Uint8Array)
    } catch {
      throw invalidParams('Invalid params: invalid message')
    }
    return withContext(ledger, ledger.isBlockhashValid(message.lifetimeToken) ? ledger.feeFor(message) : null)
  },

  getMinimumBalanceForRentExemption: (ledger, params) => {
    const size = params[0]
    if (typeof size !== 'bigint' && typeof size !== 'number')
      throw invalidParams('Invalid params: expected usize')
    config(params, 1)
    return ledger.svm.minimumBalanceForRentExemption(BigInt(size))
  },

  sendTransaction: async (ledger, params) => {
    if (typeof params[0] !== 'string')
      throw invalidParams('Invalid params: transaction must be an encoded string')
    const { encoding, skipPreflight } = config(params, 1)
    let wire: Uint8Array
    try {
      // agave's default is the deprecated base58.
      wire =
        encoding === 'base64'
          ? (getBase64Encoder().encode(params[0]) as Uint8Array)
          : base58.decode(params[0])
    } catch {
      throw invalidParams(`invalid ${encoding === 'base64' ? 'base64' : 'base58'} encoding`)
    }
    if (encoding !== undefined && encoding !== 'base64' && encoding !== 'base58')
      throw invalidParams(`unsupported encoding: ${String(encoding)}. Supported encodings: base58, base64`)
    return (await ledger.submit(wire, { skipPreflight: skipPreflight === true })).signature
  },

  getSignatureStatuses: (ledger, params) => {
    const signatures = params[0]
    if (!Array.isArray(signatures)) throw invalidParams('Invalid params: expected an array of signatures')
    if (signatures.length > MAX_SIGNATURE_STATUSES)
      throw invalidParams(`Too many inputs provided; max ${MAX_SIGNATURE_STATUSES}`)
    config(params, 1)
    return withContext(
      ledger,
      signatures.map((text) => {
        const landed = ledger.bySignature.get(signature(text))
        if (!landed) return null
        return {
          slot: landed.slot,
          // No other validator votes here: a landed transaction is final at once.
          confirmations: null,
          err: landed.err,
          status: landed.err === null ? { Ok: null } : { Err: landed.err },
          confirmationStatus: 'finalized',
        }
      }),
    )
  },

  getSignaturesForAddress: (ledger, params) => {
    const key = pubkey(params[0])
    const { limit = MAX_SIGNATURES_FOR_ADDRESS, before, until } = config(params, 1)
    const count = Number(limit)
    if (!Number.isInteger(count) || count < 1 || count > MAX_SIGNATURES_FOR_ADDRESS)
      throw invalidParams(`Invalid limit; max ${MAX_SIGNATURES_FOR_ADDRESS}`)
    const beforeSeq =
      before === undefined ? Number.POSITIVE_INFINITY : ledger.bySignature.get(signature(before))?.seq
    const untilSeq = until === undefined ? 0 : (ledger.bySignature.get(signature(until))?.seq ?? 0)
    // agave answers an unknown `before` with an empty list.
    if (beforeSeq === undefined) return []
    const list = ledger.byAccount.get(key) ?? []
    const out: unknown[] = []
    for (let i = list.length - 1; i >= 0 && out.length < count; i--) {
      const landed = list[i] as LandedTransaction
      if (landed.seq >= beforeSeq) continue
      if (landed.seq <= untilSeq) break
      out.push({
        signature: landed.signature,
        slot: landed.slot,
        err: landed.err,
        memo: null,
        blockTime: landed.blockTime,
        confirmationStatus: 'finalized',
      })
    }
    return out
  },

  getTransaction: (ledger, params) => {
    const landed = ledger.bySignature.get(signature(params[0]))
    const options = typeof params[1] === 'string' ? { encoding: params[1] } : config(params, 1)
    const encoding = options.encoding ?? 'json'
    if (encoding !== 'json' && encoding !== 'base64')
      throw invalidParams(`Invalid params: encoding ${String(encoding)} is not served by this local chain`)
    if (!landed) return null
    const version = landed.message.version
    const maxVersion = options.maxSupportedTransactionVersion
    if (version !== 'legacy' && (maxVersion === undefined || Number(maxVersion) < version))
      throw new RpcError(
        -32015,
        `Transaction version (${version}) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": ${version}`,
      )
    return {
      slot: landed.slot,
      blockTime: landed.blockTime,
      meta: {
        err: landed.err,
        status: landed.err === null ? { Ok: null } : { Err: landed.err },
        fee: landed.fee,
        preBalances: landed.preBalances,
        postBalances: landed.postBalances,
        innerInstructions: landed.innerInstructions,
        logMessages: landed.logMessages,
        preTokenBalances: landed.preTokenBalances,
        postTokenBalances: landed.postTokenBalances,
        rewards: [],
        loadedAddresses: { writable: [], readonly: [] },
        computeUnitsConsumed: landed.computeUnitsConsumed,
      },
      transaction:
        encoding === 'base64'
          ? [getBase64Decoder().decode(wireOf(landed)), 'base64']
          : jsonTransaction(landed),
      ...(maxVersion === undefined ? {} : { version }),
    }
  },
}

function jsonTransaction(landed: LandedTransaction) {
  const { message } = landed
  const decode = getBase58Decoder()
  return {
    signatures: Object.values(landed.transaction.signatures).map((s) => decode.decode(s as Uint8Array)),
    message: {
      accountKeys: landed.accountKeys,
      header: {
        numRequiredSignatures: message.header.numSignerAccounts,
        numReadonlySignedAccounts: message.header.numReadonlySignerAccounts,
        numReadonlyUnsignedAccounts: message.header.numReadonlyNonSignerAccounts,
      },
      instructions: message.instructions.map((instruction) => ({
        programIdIndex: instruction.programAddressIndex,
        accounts: [...(instruction.accountIndices ?? [])],
        data: decode.decode(instruction.data ?? new Uint8Array()),
        stackHeight: null,
      })),
      recentBlockhash: message.lifetimeToken,
      ...(message.version === 'legacy' ? {} : { addressTableLookups: [] }),
    },
  }
}

function wireOf(landed: LandedTransaction): Uint8Array {
  const signatures = Object.values(landed.transaction.signatures) as Uint8Array[]
  const out = new Uint8Array(1 + 64 * signatures.length + landed.transaction.messageBytes.length)
  out[0] = signatures.length
  signatures.forEach((s, i) => {
    out.set(s, 1 + 64 * i)
  })
  out.set(landed.transaction.messageBytes, 1 + 64 * signatures.length)
  return out
}

type Encoding = 'base58' | 'base64' | 'jsonParsed' | 'binary'

function encodingOf(value: unknown): Encoding {
  if (value === undefined) return 'binary'
  if (value === 'base58' || value === 'base64' || value === 'jsonParsed') return value
  throw invalidParams(`Invalid params: encoding ${String(value)} is not served by this local chain`)
}

function encodeAccount(ledger: SolanaLedger, key: Address, encoding: Encoding) {
  const account = ledger.svm.getAccount(key)
  if (!account.exists) return null
  const raw = account.data
  let data: unknown
  if (encoding === 'jsonParsed' && account.programAddress === TOKEN_PROGRAM_ADDRESS)
    data = parsedTokenData(ledger, key)
  if (data === undefined) {
    if (encoding === 'binary') data = base58.encode(raw)
    else if (encoding === 'base58') {
      if (raw.length > 128)
        throw invalidParams(
          'Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.',
        )
      data = [base58.encode(raw), 'base58']
    } else data = [getBase64Decoder().decode(raw), 'base64']
  }
  return {
    data,
    executable: account.executable,
    lamports: account.lamports,
    owner: account.programAddress,
    // Rent collection is gone: every account is rent-exempt and reports u64::MAX.
    rentEpoch: 18446744073709551615n,
    space: BigInt(raw.length),
  }
}

/** agave's `parse_token` output for a mint or a token account; undefined for anything else. */
function parsedTokenData(ledger: SolanaLedger, key: Address) {
  const mint = ledger.mint(key)
  if (mint)
    return {
      program: 'spl-token',
      parsed: {
        info: {
          decimals: mint.decimals,
          freezeAuthority: mint.freezeAuthority,
          isInitialized: mint.isInitialized,
          mintAuthority: mint.mintAuthority,
          supply: mint.supply.toString(),
        },
        type: 'mint',
      },
      space: 82n,
    }
  const token = ledger.tokenAccount(key)
  if (token) {
    const decimals = ledger.mint(token.mint)?.decimals ?? 0
    return {
      program: 'spl-token',
      parsed: {
        info: {
          isNative: token.isNative,
          mint: token.mint,
          owner: token.owner,
          state: ['uninitialized', 'initialized', 'frozen'][token.state] ?? 'uninitialized',
          tokenAmount: uiTokenAmount(token.amount, decimals),
          ...(token.delegate
            ? { delegate: token.delegate, delegatedAmount: uiTokenAmount(token.delegatedAmount, decimals) }
            : {}),
        },
        type: 'account',
      },
      space: BigInt(getTokenSize()),
    }
  }
  return undefined
}

function withContext(ledger: SolanaLedger, value: unknown) {
  return { context: { apiVersion: API_VERSION, slot: ledger.slot }, value }
}

function invalidParams(message: string): RpcError {
  return new RpcError(-32602, message)
}

function pubkey(value: unknown): Address {
  if (typeof value !== 'string' || !isAddress(value)) throw invalidParams('Invalid param: Invalid')
  return value
}

function signature(value: unknown): string {
  if (typeof value !== 'string' || !isSignature(value)) throw invalidParams('Invalid param: Invalid')
  return value
}

/** The config object at `index`, or `{}`; anything else is invalid params. */
function config(params: Params, index: number): Record<string, unknown> {
  const value = params[index]
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParams('Invalid params: invalid config')
  return value as Record<string, unknown>
}
