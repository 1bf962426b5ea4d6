import { base64 } from '@scure/base'
import type { UpstreamAllowlist } from '../ChainAdapter.js'
import { ChainsError } from '../ChainsError.js'
import { parseBoc, serializeBoc, type TonCell } from './tonCell.js'

/**
 * The toncenter v2 HTTP API calls the TON adapter makes, and nothing else: the API's browser proxy
 * forwards only these. Reference: toncenter's published OpenAPI, https://toncenter.com/api/v2/.
 */
export const tonUpstream = {
  kind: 'http',
  routes: [
    { method: 'GET', path: /^\/getAddressInformation$/ },
    { method: 'GET', path: /^\/getTransactions$/ },
    { method: 'GET', path: /^\/getMasterchainInfo$/ },
    { method: 'GET', path: /^\/getConfigParam$/ },
    { method: 'POST', path: /^\/runGetMethod$/ },
    { method: 'POST', path: /^\/estimateFee$/ },
    { method: 'POST', path: /^\/sendBocReturnHash$/ },
  ],
} as const satisfies UpstreamAllowlist

/** `internal.transactionId` */
export interface ToncenterTransactionId {
  lt: string
  /** base64 */
  hash: string
}

/** `raw.fullAccountState` as /getAddressInformation answers it. */
export interface ToncenterAddressInformation {
  balance: string
  code: string
  data: string
  last_transaction_id: ToncenterTransactionId
  state: 'active' | 'uninitialized' | 'frozen'
  sync_utime: number
}

/** `raw.message`: addresses in user-friendly form, `''` for none (an external message's source). */
export interface ToncenterMessage {
  hash?: string
  source: string
  destination: string
  value: string
  fwd_fee: string
  created_lt: string
  body_hash: string
  msg_data:
    | { '@type': 'msg.dataRaw'; body: string; init_state?: string }
    | { '@type': 'msg.dataText'; text: string }
    | { '@type': string; body?: string; text?: string }
}

/** `raw.transaction` as /getTransactions lists it, newest first. */
export interface ToncenterTransaction {
  utime: number
  data: string
  transaction_id: ToncenterTransactionId
  fee: string
  storage_fee: string
  other_fee: string
  in_msg?: ToncenterMessage
  out_msgs: ToncenterMessage[]
}

/** A `/runGetMethod` stack entry: `["num", "0x…"]` or `["cell", { bytes }]` (slices too). */
export type ToncenterStackEntry = [string, unknown]

export interface ToncenterRunResult {
  gas_used: number
  stack: ToncenterStackEntry[]
  exit_code: number
}

/** `fees` */
export interface ToncenterFees {
  in_fwd_fee: number
  storage_fee: number
  gas_fee: number
  fwd_fee: number
}

type Fetch = typeof fetch

/** A thin client over toncenter v2 responses `{ ok, result }` / `{ ok: false, error, code }`. */
export class Toncenter {
  readonly #endpoint: string
  readonly #fetch: Fetch

  constructor(endpoint: string, fetchFn: Fetch = globalThis.fetch.bind(globalThis)) {
    this.#endpoint = endpoint.replace(/\/+$/, '')
    this.#fetch = fetchFn
  }

  async #call<T>(method: 'GET' | 'POST', path: string, args: Record<string, unknown>): Promise<T> {
    let url = `${this.#endpoint}${path}`
    const init: RequestInit = { method, headers: { accept: 'application/json' } }
    if (method === 'GET') {
      const query = new URLSearchParams()
      for (const [k, v] of Object.entries(args)) if (v !== undefined) query.set(k, String(v))
      if ([...query].length) url += `?${query}`
    } else {
      init.headers = { accept: 'application/json', 'content-type': 'application/json' }
      init.body = JSON.stringify(args)
    }
    let response: Response
    try {
      response = await this.#fetch(url, init)
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The TON API did not answer. Check the network endpoint.', { cause })
    }
    let json: { ok?: boolean; result?: unknown; error?: unknown; code?: number }
    try {
      json = (await response.json()) as typeof json
    } catch (cause) {
      throw new ChainsError(
        'RPC_ERROR',
        `The TON API answered ${path} with HTTP ${response.status} and no JSON.`,
        {
          cause,
        },
      )
    }
    if (json.ok !== true)
      throw new ToncenterError(
        path,
        response.status,
        typeof json.error === 'string' ? json.error : 'no error text',
      )
    return json.result as T
  }

  getAddressInformation(address: string): Promise<ToncenterAddressInformation> {
    return this.#call('GET', '/getAddressInformation', { address })
  }

  getTransactions(
    address: string,
    options: { limit: number; lt?: string | undefined; hash?: string | undefined },
  ): Promise<ToncenterTransaction[]> {
    return this.#call('GET', '/getTransactions', {
      address,
      limit: options.limit,
      lt: options.lt,
      hash: options.hash,
      archival: true,
    })
  }

  getMasterchainInfo(): Promise<{ last: { seqno: number } }> {
    return this.#call('GET', '/getMasterchainInfo', {})
  }

  /** The config param's cell (`_ global_id:int32 = ConfigParam 19` for 19). */
  async getConfigParam(id: number): Promise<TonCell> {
    const result = await this.#call<{ config: { bytes: string } }>('GET', '/getConfigParam', {
      config_id: id,
    })
    return parseBoc(base64.decode(result.config.bytes))
  }

  runGetMethod(
    address: string,
    method: string,
    stack: ToncenterStackEntry[] = [],
  ): Promise<ToncenterRunResult> {
    return this.#call('POST', '/runGetMethod', { address, method, stack })
  }

  estimateFee(args: {
    address: string
    body: string
    init_code?: string
    init_data?: string
    ignore_chksig: boolean
  }): Promise<{ source_fees: ToncenterFees }> {
    return this.#call('POST', '/estimateFee', args)
  }

  /** Sends an external message BOC; answers its hash (base64) as the node saw it. */
  sendBocReturnHash(boc: string): Promise<{ hash: string }> {
    return this.#call('POST', '/sendBocReturnHash', { boc })
  }
}

/** A `{ ok: false }` answer, kept apart so callers can tell a refusal from a transport failure. */
export class ToncenterError extends ChainsError {
  readonly status: number
  readonly upstreamError: string
  constructor(path: string, status: number, error: string) {
    super('RPC_ERROR', `The TON API refused ${path} (HTTP ${status}).`, { details: error })
    this.status = status
    this.upstreamError = error
  }
}

/** A stack argument carrying a slice (an address), as toncenter's `runGetMethod` takes it. */
export function sliceArgument(cell: TonCell): ToncenterStackEntry {
  return ['tvm.Slice', base64.encode(serializeBoc(cell))]
}

/** Reads a `num` stack entry. */
export function stackNumber(entry: ToncenterStackEntry | undefined): bigint {
  if (entry?.[0] !== 'num' || typeof entry[1] !== 'string')
    throw new ChainsError('RPC_ERROR', 'The TON API answered a get-method with an unexpected stack.')
  const text = entry[1]
  return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text)
}

/** Reads a `cell` (or slice, which toncenter also renders as `cell`) stack entry. */
export function stackCell(entry: ToncenterStackEntry | undefined): TonCell {
  const value = entry?.[1] as { bytes?: unknown } | undefined
  if (!entry || (entry[0] !== 'cell' && entry[0] !== 'slice') || typeof value?.bytes !== 'string')
    throw new ChainsError('RPC_ERROR', 'The TON API answered a get-method with an unexpected stack.')
  return parseBoc(base64.decode(value.bytes))
}
