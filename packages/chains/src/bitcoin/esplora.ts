import { ChainsError } from '../ChainsError.js'

/**
 * The Esplora JSON the adapter reads (Blockstream/esplora API.md, "Transaction format"; field
 * presence as electrs `src/rest.rs` serializes it). Amounts are satoshis as JSON numbers, exact up
 * to 2^53, above the 21e14 sat that can ever exist.
 */
export interface EsploraStatus {
  confirmed: boolean
  block_height?: number
  block_hash?: string
  block_time?: number
}

export interface EsploraTxOut {
  scriptpubkey: string
  scriptpubkey_asm: string
  scriptpubkey_type: string
  scriptpubkey_address?: string
  value: number
}

export interface EsploraTxIn {
  txid: string
  vout: number
  /** Null for a coinbase input. */
  prevout: EsploraTxOut | null
  scriptsig: string
  scriptsig_asm: string
  witness?: string[]
  is_coinbase: boolean
  sequence: number
}

export interface EsploraTx {
  txid: string
  version: number
  locktime: number
  vin: EsploraTxIn[]
  vout: EsploraTxOut[]
  size: number
  weight: number
  fee: number
  status: EsploraStatus
}

export interface EsploraAddressStats {
  funded_txo_count: number
  funded_txo_sum: number
  spent_txo_count: number
  spent_txo_sum: number
  tx_count: number
}

export interface EsploraAddress {
  address: string
  chain_stats: EsploraAddressStats
  mempool_stats: EsploraAddressStats
}

export interface EsploraUtxo {
  txid: string
  vout: number
  status: EsploraStatus
  value: number
}

/** `GET /fee-estimates`: confirmation target in blocks -> sat/vB. */
export type EsploraFeeEstimates = Record<string, number>

/** Confirmed transactions per page of `/address/:a/txs` and `/address/:a/txs/chain/:last` (electrs CHAIN_TXS_PER_PAGE). */
export const ESPLORA_CHAIN_PAGE_SIZE = 25

export interface EsploraClient {
  /** Text answer of a GET, trimmed. */
  getText(path: string): Promise<string>
  getJson<T>(path: string): Promise<T>
  /** `GET` that answers `undefined` on 404 (an unknown transaction). */
  getJsonOrUndefined<T>(path: string): Promise<T | undefined>
  postText(path: string, body: string): Promise<{ ok: boolean; status: number; text: string }>
}

/** A small fetch wrapper: `${endpoint}${path}`, failures as `RPC_ERROR` naming the call. */
export function esploraClient(endpoint: string, fetchFn: typeof fetch): EsploraClient {
  const base = endpoint.replace(/\/+$/, '')

  async function call(method: 'GET' | 'POST', path: string, body?: string): Promise<Response> {
    try {
      return await fetchFn(`${base}${path}`, {
        method,
        ...(body === undefined ? {} : { body, headers: { 'content-type': 'text/plain' } }),
      })
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The Bitcoin API (Esplora) did not answer; try again shortly.', {
        details: `${method} ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
        cause,
      })
    }
  }

  async function failed(path: string, response: Response): Promise<never> {
    const text = await response.text().catch(() => '')
    throw new ChainsError(
      'RPC_ERROR',
      'The Bitcoin API (Esplora) answered with an error; try again shortly.',
      {
        details: `GET ${path}: HTTP ${response.status} ${text.slice(0, 300)}`,
      },
    )
  }

  async function readJson<T>(path: string, response: Response): Promise<T> {
    try {
      return (await response.json()) as T
    } catch (cause) {
      throw new ChainsError('RPC_ERROR', 'The Bitcoin API (Esplora) sent an answer that is not JSON.', {
        details: `GET ${path}`,
        cause,
      })
    }
  }

  return {
    async getText(path) {
      const response = await call('GET', path)
      if (!response.ok) return failed(path, response)
      return (await response.text()).trim()
    },
    async getJson<T>(path: string) {
      const response = await call('GET', path)
      if (!response.ok) return failed(path, response)
      return readJson<T>(path, response)
    },
    async getJsonOrUndefined<T>(path: string) {
      const response = await call('GET', path)
      if (response.status === 404) {
        await response.body?.cancel()
        return undefined
      }
      if (!response.ok) return failed(path, response)
      return readJson<T>(path, response)
    },
    async postText(path, body) {
      const response = await call('POST', path, body)
      return { ok: response.ok, status: response.status, text: (await response.text()).trim() }
    },
  }
}
