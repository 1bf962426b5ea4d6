import { formatAmount } from '../amount/formatAmount.js'
import type { FeeDetail } from '../ChainAdapter.js'
import { encodeRawData, encodeSignedTransaction, type TronRawData } from './tronProtobuf.js'

/** The chain parameters fees depend on (`/wallet/getchainparameters`), sun. */
export interface TronFeeParameters {
  /** Sun burned per byte of bandwidth not covered by free or staked bandwidth. */
  transactionFee: bigint
  /** Sun burned per unit of energy not covered by staked energy. */
  energyFee: bigint
  /** Burned instead of bandwidth when a transfer creates an account (0.1 TRX on mainnet). */
  createAccountFee: bigint
  /** Charged by the transfer itself when it creates an account (1 TRX on mainnet). */
  createNewAccountFeeInSystemContract: bigint
}

/** What an account has left today (`/wallet/getaccountresource`). */
export interface TronAccountResources {
  freeNetAvailable: bigint
  stakedNetAvailable: bigint
  energyAvailable: bigint
}

/**
 * `getchainparameters` as numbers. A key java-tron leaves out has the value 0 (protobuf JSON
 * omits defaults).
 */
export function readFeeParameters(json: unknown): TronFeeParameters {
  const list = (json as { chainParameter?: { key?: string; value?: number }[] } | null)?.chainParameter ?? []
  const get = (key: string) => BigInt(list.find((p) => p.key === key)?.value ?? 0)
  return {
    transactionFee: get('getTransactionFee'),
    energyFee: get('getEnergyFee'),
    createAccountFee: get('getCreateAccountFee'),
    createNewAccountFeeInSystemContract: get('getCreateNewAccountFeeInSystemContract'),
  }
}

export function readAccountResources(json: unknown): TronAccountResources {
  const r = (json ?? {}) as Record<string, number | undefined>
  const left = (limit: number | undefined, used: number | undefined) => {
    const v = BigInt(limit ?? 0) - BigInt(used ?? 0)
    return v > 0n ? v : 0n
  }
  return {
    freeNetAvailable: left(r.freeNetLimit, r.freeNetUsed),
    stakedNetAvailable: left(r.NetLimit, r.NetUsed),
    energyAvailable: left(r.EnergyLimit, r.EnergyUsed),
  }
}

/**
 * Bytes of bandwidth a transaction with one signature uses: java-tron's BandwidthProcessor bills
 * the serialized signed `Transaction` (result cleared) plus `MAX_RESULT_SIZE_IN_TX` (64) per
 * contract.
 */
export function bandwidthBytes(raw: TronRawData): bigint {
  return BigInt(encodeSignedTransaction(encodeRawData(raw), [new Uint8Array(65)]).length + 64)
}

export interface TronFeeInput {
  kind: 'trx' | 'trc20'
  bytes: bigint
  /** TRX only: whether the recipient account exists (a transfer to a new one creates it). */
  recipientExists: boolean
  /** TRC-20 only: energy the call is expected to use. */
  energy: bigint
  params: TronFeeParameters
  resources: TronAccountResources
}

export interface TronFee {
  /** The most the network will burn from the sender's TRX, sun. */
  fee: bigint
  /** TRC-20: the `fee_limit` to set (energy cap in sun); 0 for TRX. */
  feeLimit: bigint
  bandwidthBurn: bigint
  activationFee: bigint
  details: FeeDetail[]
}

/** The review line that states the TRC-20 `fee_limit`, in TRX. */
export const FEE_LIMIT_LABEL = 'Fee limit'

/** Energy headroom over the simulated amount that the fee limit allows (percent). */
export const ENERGY_MARGIN_PERCENT = 20n

const trx = (sun: bigint) => `${formatAmount({ value: sun, decimals: 6 })} TRX`
const count = (n: bigint) => n.toLocaleString('en-US')

/**
 * TRON's fee rules, in the order java-tron applies them (BandwidthProcessor.consume,
 * TransferActuator, VMActuator):
 * - a TRX transfer that creates the recipient's account pays with staked bandwidth when there is
 *   enough, else burns `getCreateAccountFee`; the transfer adds `getCreateNewAccountFeeInSystemContract`;
 * - otherwise bandwidth comes from staked bandwidth, then the free daily allowance, and only then
 *   is burned at `getTransactionFee` per byte (all or nothing: a part of the free allowance is
 *   never used);
 * - energy comes from staked energy, the rest is burned at `getEnergyFee`, up to `fee_limit`.
 */
export function computeTronFee(input: TronFeeInput): TronFee {
  const { bytes, params, resources } = input
  const details: FeeDetail[] = [{ label: 'Bandwidth', value: `${count(bytes)} bytes` }]
  let bandwidthBurn = 0n
  let activationFee = 0n
  if (input.kind === 'trx' && !input.recipientExists) {
    const bandwidthPart = resources.stakedNetAvailable >= bytes ? 0n : params.createAccountFee
    activationFee = bandwidthPart + params.createNewAccountFeeInSystemContract
    details.push({ label: 'Account activation', value: trx(activationFee) })
  } else if (resources.stakedNetAvailable >= bytes) {
    details.push({ label: 'Bandwidth paid with', value: 'staked bandwidth' })
  } else if (resources.freeNetAvailable >= bytes) {
    details.push({ label: 'Bandwidth paid with', value: 'free daily bandwidth' })
  } else {
    bandwidthBurn = bytes * params.transactionFee
    details.push({ label: 'Bandwidth burn', value: trx(bandwidthBurn) })
  }
  let feeLimit = 0n
  let energyBurn = 0n
  if (input.kind === 'trc20') {
    const energyCap = (input.energy * (100n + ENERGY_MARGIN_PERCENT) + 99n) / 100n
    feeLimit = energyCap * params.energyFee
    const burned = energyCap > resources.energyAvailable ? energyCap - resources.energyAvailable : 0n
    energyBurn = burned * params.energyFee
    const expected = input.energy > resources.energyAvailable ? input.energy - resources.energyAvailable : 0n
    details.push({ label: 'Energy', value: count(input.energy) })
    details.push({
      label: 'Energy burn',
      value: expected === 0n ? 'none (staked energy)' : trx(expected * params.energyFee),
    })
    // The cap the transaction carries (`fee_limit`); signing checks the bytes against this line.
    details.push({ label: FEE_LIMIT_LABEL, value: trx(feeLimit) })
  }
  return {
    fee: bandwidthBurn + activationFee + energyBurn,
    feeLimit,
    bandwidthBurn,
    activationFee,
    details,
  }
}
