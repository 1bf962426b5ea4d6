import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { Vault } from '@stratos/keys'
import type { Hex } from 'viem'
import type { TokenRef } from '../../ChainAdapter.js'
import { type AnvilNode, startAnvil } from '../../evm/startAnvil.js'
import type { LocalChain } from '../../LocalChain.js'
import { checkLocalTokenSpecs } from '../../localTokenSpecs.js'
import {
  evmToTronAddress,
  isTronAddress,
  tronAddressBytes,
  tronAddressFromBytes,
  tronToEvmAddress,
} from '../tronAddress.js'
import { encodeRawData, encodeSignedTransaction, type TronRawData } from '../tronProtobuf.js'
import { rawDataFromJson, rawDataToJson, tronTxId } from '../tronTransaction.js'
import { type Trc20Vm, trc20OnAnvil } from './trc20OnAnvil.js'

export interface StartTronLocalChainOptions {
  /** Port on 127.0.0.1; a free one when omitted. */
  port?: number
  /** Milliseconds now; `Date.now` when omitted. */
  now?: () => number
  /**
   * Pack each accepted transaction into a block at once (default). With `false`, accepted
   * transactions wait (their status is pending) until `mine()`.
   */
  autoMine?: boolean
  /** Sun the faucet account holds at genesis (default 10 000 000 TRX). */
  faucetBalance?: bigint
  /**
   * The TRC-20s deployed at start, in this order, each with `supply` base units held by the
   * faucet (default 10^15); one, USDT with 6 decimals (1 000 000 000 tokens), when omitted.
   * `name` is the symbol when omitted.
   */
  tokens?: readonly { name?: string; symbol: string; decimals: number; supply?: bigint }[]
  /** Anvil that runs the TRC-20; one is started (and stopped with the chain) when omitted. */
  anvil?: AnvilNode
}

export interface TronLocalChain extends LocalChain {
  /** The faucet's TRON address (account 0 of the public "test … junk" mnemonic). */
  faucetAddress: string
  /** Packs waiting transactions into a new block (a block without transactions when none wait). */
  mine(): Promise<void>
  /** Chain parameters served by `/wallet/getchainparameters`. */
  parameters: typeof CHAIN_PARAMETERS
}

/**
 * Chain parameters (`/wallet/getchainparameters` keys). Real networks change them by committee
 * proposal; these are fixed here. Values in sun.
 */
export const CHAIN_PARAMETERS = {
  getMaintenanceTimeInterval: 21_600_000,
  getCreateAccountFee: 100_000,
  getTransactionFee: 1_000,
  getCreateNewAccountFeeInSystemContract: 1_000_000,
  getCreateNewAccountBandwidthRate: 1,
  getEnergyFee: 420,
  getFreeNetLimit: 600,
  getMaxFeeLimit: 15_000_000_000,
  getAllowTvmTransferTrc10: 1,
  getAllowMultiSign: 1,
} as const

/** java-tron's `MAX_RESULT_SIZE_IN_TX`: billed per contract on top of the signed bytes. */
const MAX_RESULT_SIZE_IN_TX = 64
/** Bandwidth and energy usage recover linearly over 24 h (java-tron's 28 800 slots of 3 s). */
const WINDOW_MS = 86_400_000
const BLOCK_MS = 3_000
const MAX_EXPIRATION_MS = 86_400_000
const FAUCET_MNEMONIC = 'test test test test test test test test test test test junk'
/** A stable network id: genesis is the same on every start. */
const GENESIS_ID = `0000000000000000${bytesToHex(sha256(new TextEncoder().encode('stratos tron local genesis'))).slice(16)}`

interface Account {
  balance: bigint
  createTime: number
  latestOperationTime: number
  freeNetUsage: bigint
  latestConsumeFreeTime: number
}

interface Block {
  number: number
  id: string
  parentHash: string
  timestamp: number
  txIds: string[]
}

interface Trc20Record {
  transactionId: string
  token: string
  from: string
  to: string
  value: bigint
}

interface StoredTransaction {
  txId: string
  raw: TronRawData
  rawHex: string
  signature: string
  /** Addresses the transaction belongs to in TronGrid's account lists (hex 41…). */
  related: string[]
  contractRet: 'SUCCESS' | 'REVERT' | 'OUT_OF_ENERGY'
  fee: bigint
  netUsage: bigint
  netFee: bigint
  energyUsage: bigint
  energyFee: bigint
  trc20: Trc20Record[]
  block?: Block
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * Starts the TRON stand-in (see README.md): java-tron's `/wallet/*` HTTP API and TronGrid's
 * `/v1/accounts/:address/transactions[/trc20]` over an in-memory ledger that verifies every
 * signature, TAPOS reference, expiration, balance and bandwidth/energy charge, with TRC-20
 * contracts executed on anvil. Node only; binds 127.0.0.1.
 */
export async function startTronLocalChain(options: StartTronLocalChainOptions = {}): Promise<TronLocalChain> {
  const now = options.now ?? Date.now
  const autoMine = options.autoMine ?? true
  const ownAnvil = options.anvil ? undefined : await startAnvil({ timeoutMs: 20_000 })
  const anvil = options.anvil ?? (ownAnvil as AnvilNode)
  const vm: Trc20Vm = trc20OnAnvil(anvil)

  const faucet = Vault.fromMnemonic(FAUCET_MNEMONIC)
  const faucetAddress = faucet.addresses().tron
  const faucetHex = bytesToHex(tronAddressBytes(faucetAddress))

  const accounts = new Map<string, Account>()
  const transactions = new Map<string, StoredTransaction>()
  const pending: StoredTransaction[] = []
  const genesisTime = Math.floor(now() / BLOCK_MS) * BLOCK_MS
  const blocks: Block[] = [
    { number: 0, id: GENESIS_ID, parentHash: '0'.repeat(64), timestamp: genesisTime, txIds: [] },
  ]
  accounts.set(faucetHex, {
    balance: options.faucetBalance ?? 10_000_000_000_000n,
    createTime: genesisTime,
    latestOperationTime: genesisTime,
    freeNetUsage: 0n,
    latestConsumeFreeTime: 0,
  })

  const specs = checkLocalTokenSpecs(
    options.tokens ?? [{ name: 'Tether USD', symbol: 'USDT', decimals: 6 }],
    'startTronLocalChain',
  )
  const contracts = new Map<string, { evm: Hex; name: string; symbol: string; decimals: number }>()
  const tokens: TokenRef[] = []
  for (const spec of specs) {
    const token = { name: spec.name ?? spec.symbol, symbol: spec.symbol, decimals: spec.decimals }
    const evm = await vm.deploy({
      ...token,
      holder: tronToEvmAddress(faucetAddress),
      supply: spec.supply ?? 10n ** 15n,
    })
    const address = evmToTronAddress(evm)
    contracts.set(bytesToHex(tronAddressBytes(address)), { evm, ...token })
    tokens.push({ address, symbol: token.symbol, decimals: token.decimals })
  }

  const head = () => blocks[blocks.length - 1] as Block
  const clock = () => Math.max(now(), head().timestamp)

  // ------------------------------------------------------------ ledger

  /** Free bandwidth still counted as used at `at`: it recovers linearly, slot by slot, over 24 h. */
  function decayedFreeNet(account: Account, at: number): bigint {
    const window = BigInt(WINDOW_MS / BLOCK_MS)
    const elapsed = BigInt(Math.floor(at / BLOCK_MS) - Math.floor(account.latestConsumeFreeTime / BLOCK_MS))
    if (elapsed >= window || account.freeNetUsage === 0n) return 0n
    return (account.freeNetUsage * (window - elapsed) + window / 2n) / window
  }

  function buildRaw(contract: TronRawData['contract'], feeLimit = 0n): TronRawData {
    const ref = head()
    const id = hexToBytes(ref.id)
    return {
      refBlockBytes: id.subarray(6, 8),
      refBlockHash: id.subarray(8, 16),
      // java-tron: expiration = head block time + 60 s. Against the wall clock here, since the
      // stand-in makes blocks on demand and its head may be old.
      expiration: BigInt(clock() + 60_000),
      timestamp: BigInt(now()),
      feeLimit,
      contract,
    }
  }

  function unsignedJson(raw: TronRawData, visible: boolean) {
    const bytes = encodeRawData(raw)
    return {
      visible,
      txID: tronTxId(bytes),
      raw_data: rawDataToJson(raw, visible),
      raw_data_hex: bytesToHex(bytes),
    }
  }

  /** Verifies and executes a signed transaction against the current state (java-tron's pushTransaction). */
  async function accept(raw: TronRawData, signatures: unknown): Promise<StoredTransaction> {
    const rawBytes = encodeRawData(raw)
    const txId = tronTxId(rawBytes)
    if (transactions.has(txId)) throw new Refusal('DUP_TRANSACTION_ERROR', 'Dup transaction.')
    // java-tron's order: duplicate, signature (pushTransaction), then TAPOS and expiration.
    // Signature: one 65-byte r‖s‖v over sha256(raw_data), recovering the owner's key.
    if (!Array.isArray(signatures) || signatures.length !== 1 || typeof signatures[0] !== 'string')
      throw new Refusal('SIGERROR', 'Validate signature error: expected exactly one signature')
    const signature = signatures[0].toLowerCase()
    const owner = raw.contract.ownerAddress
    const ownerHex = bytesToHex(owner)
    if (!/^[0-9a-f]{130}$/.test(signature))
      throw new Refusal('SIGERROR', 'Validate signature error: not 65 bytes')
    const sig = hexToBytes(signature)
    const v = sig[64] as number
    const recovery = v >= 27 ? v - 27 : v
    if (recovery !== 0 && recovery !== 1) throw new Refusal('SIGERROR', `Validate signature error: v = ${v}`)
    let signer: string
    try {
      const recovered = secp256k1.recoverPublicKey(
        Uint8Array.of(recovery, ...sig.subarray(0, 64)),
        hexToBytes(txId),
        { prehash: false },
      )
      const point = secp256k1.Point.fromBytes(recovered).toBytes(false)
      signer = `41${bytesToHex(keccak_256(point.subarray(1)).subarray(-20))}`
    } catch {
      throw new Refusal('SIGERROR', 'Validate signature error: the signature does not recover a key')
    }
    if (signer !== ownerHex)
      throw new Refusal(
        'SIGERROR',
        `Validate signature error: ${txId} is signed by ${tronAddressFromBytes(hexToBytes(signer))} but it is not contained of permission.`,
      )

    // TAPOS: the referenced block must be one of ours (java-tron keeps the last 65 536).
    const refNumber = (raw.refBlockBytes[0] ?? 0) * 256 + (raw.refBlockBytes[1] ?? 0)
    const refBlock = blocks
      .slice(-65_536)
      .find((b) => (b.number & 0xffff) === refNumber && b.id.slice(16, 32) === bytesToHex(raw.refBlockHash))
    if (!refBlock)
      throw new Refusal(
        'TAPOS_ERROR',
        `Tapos failed: no recent block ${bytesToHex(raw.refBlockBytes)} with hash ${bytesToHex(raw.refBlockHash)}`,
      )
    const t = clock()
    if (raw.expiration <= BigInt(t)) throw new Refusal('TRANSACTION_EXPIRATION_ERROR', 'Transaction expired')
    if (raw.expiration > BigInt(t + MAX_EXPIRATION_MS))
      throw new Refusal(
        'TRANSACTION_EXPIRATION_ERROR',
        'Transaction expiration time is more than 24 hours ahead',
      )
    const account = accounts.get(ownerHex)
    if (!account)
      throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Validate TransferContract error, no OwnerAccount.')
    const bytes = BigInt(encodeSignedTransaction(rawBytes, [sig]).length + MAX_RESULT_SIZE_IN_TX)
    const c = raw.contract
    const stored: StoredTransaction = {
      txId,
      raw,
      rawHex: bytesToHex(rawBytes),
      signature,
      related: [ownerHex],
      contractRet: 'SUCCESS',
      fee: 0n,
      netUsage: 0n,
      netFee: 0n,
      energyUsage: 0n,
      energyFee: 0n,
      trc20: [],
    }
    const P = CHAIN_PARAMETERS
    // Bandwidth (BandwidthProcessor.consume): account creation, else free net, else burn.
    let freeNetAfter = decayedFreeNet(account, t)
    const toHex = c.type === 'TransferContract' ? bytesToHex(c.toAddress) : undefined
    const creates = toHex !== undefined && !accounts.has(toHex)
    if (creates) {
      if (account.balance < BigInt(P.getCreateAccountFee))
        throw new Refusal('BANDWITH_ERROR', 'Account has insufficient balance to create new account')
      stored.netFee = BigInt(P.getCreateAccountFee)
    } else if (freeNetAfter + bytes <= BigInt(P.getFreeNetLimit)) {
      freeNetAfter += bytes
      stored.netUsage = bytes
    } else if (account.balance >= bytes * BigInt(P.getTransactionFee)) {
      stored.netFee = bytes * BigInt(P.getTransactionFee)
    } else {
      throw new Refusal(
        'BANDWITH_ERROR',
        `Account resource insufficient error: insufficient bandwidth[${bytes}] and balance[${bytes * BigInt(P.getTransactionFee)}]`,
      )
    }
    let balance = account.balance - stored.netFee

    if (c.type === 'TransferContract') {
      // TransferActuator.validate
      if (c.amount <= 0n) throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Amount must be greater than 0.')
      if (toHex === ownerHex) throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Cannot transfer TRX to yourself.')
      if (contracts.has(toHex as string))
        throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Cannot transfer TRX to a smartContract.')
      const systemFee = creates ? BigInt(P.getCreateNewAccountFeeInSystemContract) : 0n
      if (balance < c.amount + systemFee)
        throw new Refusal(
          'CONTRACT_VALIDATE_ERROR',
          'Validate TransferContract error, balance is not sufficient.',
        )
      balance -= c.amount + systemFee
      stored.fee = stored.netFee + systemFee
      stored.related.push(toHex as string)
      const to = accounts.get(toHex as string)
      if (to) to.balance += c.amount
      else
        accounts.set(toHex as string, {
          balance: c.amount,
          createTime: t,
          latestOperationTime: t,
          freeNetUsage: 0n,
          latestConsumeFreeTime: 0,
        })
    } else {
      // VMActuator.validate + execute, with the call run on anvil.
      const contract = contracts.get(bytesToHex(c.contractAddress))
      if (!contract) throw new Refusal('CONTRACT_VALIDATE_ERROR', 'No contract or not a valid smart contract')
      if (c.callValue !== 0n)
        throw new Refusal(
          'CONTRACT_VALIDATE_ERROR',
          'call_value to the test token is not supported by the stand-in',
        )
      if (raw.feeLimit < 0n || raw.feeLimit > BigInt(P.getMaxFeeLimit))
        throw new Refusal('CONTRACT_VALIDATE_ERROR', `feeLimit must be >= 0 and <= ${P.getMaxFeeLimit}`)
      // No staked energy here: the energy limit is what the balance and the fee limit can buy.
      const energyFee = BigInt(P.getEnergyFee)
      const byBalance = balance / energyFee
      const byFeeLimit = raw.feeLimit / energyFee
      const energyLimit = byBalance < byFeeLimit ? byBalance : byFeeLimit
      const result = await vm.execute(
        tronToEvmAddress(tronAddressFromBytes(owner)),
        contract.evm,
        `0x${bytesToHex(c.data)}`,
        energyLimit,
      )
      stored.contractRet = result.outcome
      stored.energyUsage = result.energy
      stored.energyFee = result.energy * energyFee
      balance -= stored.energyFee
      stored.fee = stored.netFee + stored.energyFee
      stored.related.push(bytesToHex(c.contractAddress))
      for (const log of result.transfers)
        stored.trc20.push({
          transactionId: txId,
          token: evmToTronAddress(log.token),
          from: evmToTronAddress(log.from),
          to: evmToTronAddress(log.to),
          value: log.value,
        })
    }
    account.balance = balance
    account.latestOperationTime = t
    if (stored.netUsage > 0n) {
      account.freeNetUsage = freeNetAfter
      account.latestConsumeFreeTime = t
    }
    transactions.set(txId, stored)
    pending.push(stored)
    return stored
  }

  function mineNow(): Block {
    const parent = head()
    const number = parent.number + 1
    // The wall clock at mining, one millisecond after the parent at least: blocks are made on
    // demand, so 3-second slots would run ahead of the clock.
    const timestamp = Math.max(parent.timestamp + 1, now())
    const txs = pending.splice(0)
    const digest = bytesToHex(
      sha256(
        new TextEncoder().encode(JSON.stringify([parent.id, number, timestamp, txs.map((t) => t.txId)])),
      ),
    )
    const block: Block = {
      number,
      id: number.toString(16).padStart(16, '0') + digest.slice(16),
      parentHash: parent.id,
      timestamp,
      txIds: txs.map((t) => t.txId),
    }
    for (const t of txs) t.block = block
    blocks.push(block)
    return block
  }

  // One transaction at a time: the TRC-20 runs on anvil between the checks and the state change.
  let lock: Promise<unknown> = Promise.resolve()
  function serialized<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn, fn)
    lock = run.catch(() => undefined)
    return run
  }

  async function broadcast(raw: TronRawData, signatures: unknown): Promise<StoredTransaction> {
    return serialized(async () => {
      const stored = await accept(raw, signatures)
      if (autoMine) mineNow()
      return stored
    })
  }

  // ------------------------------------------------------------ JSON views

  const num = (v: bigint) => Number(v)
  const addressOut = (hex: string, visible: boolean) =>
    visible ? tronAddressFromBytes(hexToBytes(hex)) : hex
  const text = (message: string, visible: boolean) =>
    visible ? message : bytesToHex(new TextEncoder().encode(message))

  function signedJson(t: StoredTransaction, visible: boolean) {
    return {
      ret: [{ contractRet: t.contractRet, ...(t.fee > 0n ? { fee: num(t.fee) } : {}) }],
      signature: [t.signature],
      txID: t.txId,
      raw_data: rawDataToJson(t.raw, visible),
      raw_data_hex: t.rawHex,
    }
  }

  function blockJson(b: Block, visible: boolean) {
    const txs = b.txIds.map((id) => signedJson(transactions.get(id) as StoredTransaction, visible))
    return {
      blockID: b.id,
      block_header: {
        raw_data: {
          ...(b.number > 0 ? { number: b.number } : {}),
          txTrieRoot: bytesToHex(sha256(new TextEncoder().encode(b.txIds.join('')))),
          witness_address: addressOut(faucetHex, visible),
          parentHash: b.parentHash,
          version: 32,
          timestamp: b.timestamp,
        },
        witness_signature: '',
      },
      ...(txs.length > 0 ? { transactions: txs } : {}),
    }
  }

  function transactionInfo(t: StoredTransaction) {
    const block = t.block as Block
    const failed = t.contractRet !== 'SUCCESS'
    return {
      id: t.txId,
      ...(t.fee > 0n ? { fee: num(t.fee) } : {}),
      blockNumber: block.number,
      blockTimeStamp: block.timestamp,
      contractResult: [''],
      ...(t.raw.contract.type === 'TriggerSmartContract'
        ? { contract_address: bytesToHex(t.raw.contract.contractAddress) }
        : {}),
      receipt: {
        ...(t.energyFee > 0n ? { energy_fee: num(t.energyFee) } : {}),
        ...(t.energyUsage > 0n ? { energy_usage_total: num(t.energyUsage) } : {}),
        ...(t.netUsage > 0n ? { net_usage: num(t.netUsage) } : {}),
        ...(t.netFee > 0n ? { net_fee: num(t.netFee) } : {}),
        ...(t.raw.contract.type === 'TriggerSmartContract' ? { result: t.contractRet } : {}),
      },
      ...(failed
        ? { result: 'FAILED', resMessage: bytesToHex(new TextEncoder().encode(t.contractRet)) }
        : {}),
    }
  }

  function accountJson(hex: string, visible: boolean) {
    const a = accounts.get(hex)
    if (!a) return {}
    const freeNet = decayedFreeNet(a, clock())
    return {
      address: addressOut(hex, visible),
      ...(a.balance > 0n ? { balance: num(a.balance) } : {}),
      create_time: a.createTime,
      latest_opration_time: a.latestOperationTime,
      ...(freeNet > 0n
        ? { free_net_usage: num(freeNet), latest_consume_free_time: a.latestConsumeFreeTime }
        : {}),
      account_resource: {},
      owner_permission: {
        permission_name: 'owner',
        threshold: 1,
        keys: [{ address: addressOut(hex, visible), weight: 1 }],
      },
    }
  }

  function accountResourceJson(hex: string) {
    const a = accounts.get(hex)
    if (!a) return {}
    const freeNet = decayedFreeNet(a, clock())
    return {
      ...(freeNet > 0n ? { freeNetUsed: num(freeNet) } : {}),
      freeNetLimit: CHAIN_PARAMETERS.getFreeNetLimit,
      TotalNetLimit: 43_200_000_000,
      TotalNetWeight: 26_000_000_000,
      TotalEnergyLimit: 180_000_000_000,
      TotalEnergyWeight: 19_000_000_000,
    }
  }

  // ------------------------------------------------------------ HTTP

  /** An address field: base58 with `visible: true`, 41-hex without, as java-tron's JsonFormat reads it. */
  function addressIn(value: unknown, visible: boolean, what: string): string {
    if (typeof value !== 'string' || value === '') throw new Refusal('OTHER_ERROR', `${what} isn't set.`)
    if (visible ? !isTronAddress(value) || value.startsWith('41') : !/^41[0-9a-fA-F]{40}$/.test(value))
      throw new Refusal('OTHER_ERROR', `INVALID ${visible ? 'base58' : 'hex'} String: ${what}`)
    return bytesToHex(tronAddressBytes(value))
  }

  const selector = (signature: string) =>
    bytesToHex(keccak_256(new TextEncoder().encode(signature)).subarray(0, 4))

  function callData(body: Record<string, unknown>): Uint8Array {
    if (typeof body.data === 'string' && body.data !== '') return hexToBytes(body.data)
    const fn =
      typeof body.function_selector === 'string' ? selector(body.function_selector.replace(/\s/g, '')) : ''
    const parameter = typeof body.parameter === 'string' ? body.parameter : ''
    if (!/^([0-9a-fA-F]{2})*$/.test(parameter)) throw new Refusal('OTHER_ERROR', 'parameter is not hex')
    return hexToBytes(fn + parameter)
  }

  const wallet: Record<
    string,
    (body: Record<string, unknown>, visible: boolean) => Promise<unknown> | unknown
  > = {
    getnowblock: (_b, visible) => blockJson(head(), visible),
    getblockbynum: (b, visible) => {
      const block = blocks[Number(b.num ?? 0)]
      return block ? blockJson(block, visible) : {}
    },
    getaccount: (b, visible) => accountJson(addressIn(b.address, visible, 'address'), visible),
    getaccountresource: (b, visible) => accountResourceJson(addressIn(b.address, visible, 'address')),
    getchainparameters: () => ({
      chainParameter: Object.entries(CHAIN_PARAMETERS).map(([key, value]) => ({ key, value })),
    }),
    createtransaction: (b, visible) => {
      const owner = addressIn(b.owner_address, visible, 'owner_address')
      const to = addressIn(b.to_address, visible, 'to_address')
      const amount = typeof b.amount === 'number' && Number.isSafeInteger(b.amount) ? BigInt(b.amount) : -1n
      const account = accounts.get(owner)
      // TransferActuator.validate, as the node runs it when building.
      if (!account)
        throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Validate TransferContract error, no OwnerAccount.')
      if (amount <= 0n) throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Amount must be greater than 0.')
      if (owner === to) throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Cannot transfer TRX to yourself.')
      if (contracts.has(to))
        throw new Refusal('CONTRACT_VALIDATE_ERROR', 'Cannot transfer TRX to a smartContract.')
      const fee = accounts.has(to) ? 0n : BigInt(CHAIN_PARAMETERS.getCreateNewAccountFeeInSystemContract)
      if (account.balance < amount + fee)
        throw new Refusal(
          'CONTRACT_VALIDATE_ERROR',
          'Validate TransferContract error, balance is not sufficient.',
        )
      return unsignedJson(
        buildRaw({
          type: 'TransferContract',
          ownerAddress: hexToBytes(owner),
          toAddress: hexToBytes(to),
          amount,
        }),
        visible,
      )
    },
    triggersmartcontract: (b, visible) => {
      const owner = addressIn(b.owner_address, visible, 'owner_address')
      const contract = addressIn(b.contract_address, visible, 'contract_address')
      if (!contracts.has(contract))
        return {
          result: {
            code: 'CONTRACT_VALIDATE_ERROR',
            message: text('No contract or not a valid smart contract', visible),
          },
        }
      const feeLimit = BigInt(typeof b.fee_limit === 'number' ? b.fee_limit : 0)
      const raw = buildRaw(
        {
          type: 'TriggerSmartContract',
          ownerAddress: hexToBytes(owner),
          contractAddress: hexToBytes(contract),
          callValue: BigInt(typeof b.call_value === 'number' ? b.call_value : 0),
          data: callData(b),
        },
        feeLimit,
      )
      return { result: { result: true }, transaction: unsignedJson(raw, visible) }
    },
    triggerconstantcontract: async (b, visible) => {
      const owner = addressIn(b.owner_address, visible, 'owner_address')
      const contract = addressIn(b.contract_address, visible, 'contract_address')
      const target = contracts.get(contract)
      if (!target)
        return {
          result: { code: 'CONTRACT_VALIDATE_ERROR', message: text('Smart contract is not exist.', visible) },
        }
      const data = callData(b)
      const raw = buildRaw({
        type: 'TriggerSmartContract',
        ownerAddress: hexToBytes(owner),
        contractAddress: hexToBytes(contract),
        callValue: 0n,
        data,
      })
      const r = await vm.call(
        tronToEvmAddress(tronAddressFromBytes(hexToBytes(owner))),
        target.evm,
        `0x${bytesToHex(data)}` as Hex,
      )
      return {
        result: r.ok ? { result: true } : { result: true, message: text('REVERT opcode executed', visible) },
        energy_used: num(r.energy),
        constant_result: [r.returnData.slice(2)],
        transaction: { ret: [r.ok ? {} : { ret: 'FAILED' }], ...unsignedJson(raw, visible) },
      }
    },
    broadcasttransaction: async (b, visible) => {
      let raw: TronRawData
      try {
        // Addresses in the form `visible` names, as java-tron's JsonFormat reads them.
        const value = (
          b.raw_data as { contract?: { parameter?: { value?: Record<string, unknown> } }[] } | undefined
        )?.contract?.[0]?.parameter?.value
        for (const key of ['owner_address', 'to_address', 'contract_address'])
          if (value?.[key] !== undefined) addressIn(value[key], visible, key)
        raw = rawDataFromJson(b.raw_data)
      } catch (error) {
        return { code: 'OTHER_ERROR', message: text(String((error as Error).message), visible) }
      }
      const txid = tronTxId(encodeRawData(raw))
      try {
        await broadcast(raw, b.signature)
        return { result: true, txid }
      } catch (error) {
        if (!(error instanceof Refusal)) throw error
        return { code: error.code, txid, message: text(error.message, visible) }
      }
    },
    gettransactioninfobyid: (b) => {
      const t = typeof b.value === 'string' ? transactions.get(b.value.toLowerCase()) : undefined
      return t?.block ? transactionInfo(t) : {}
    },
  }

  /** TronGrid's list order: newest block first, and within a block the later transaction first. */
  function confirmedNewestFirst(): StoredTransaction[] {
    return blocks
      .slice()
      .reverse()
      .flatMap((b) =>
        b.txIds
          .slice()
          .reverse()
          .map((id) => transactions.get(id) as StoredTransaction),
      )
  }

  function tronGridPage<T>(all: { ts: number; id: string; item: T }[], query: URLSearchParams, path: string) {
    const limitText = query.get('limit') ?? '20'
    const limit = Number(limitText)
    if (!Number.isInteger(limit) || limit < 1 || limit > 200)
      throw new Refusal('400', 'limit must be between 1 and 200')
    const max = query.has('max_timestamp') ? Number(query.get('max_timestamp')) : Number.POSITIVE_INFINITY
    const min = query.has('min_timestamp') ? Number(query.get('min_timestamp')) : 0
    let list = all.filter((e) => e.ts <= max && e.ts >= min)
    const fingerprint = query.get('fingerprint')
    if (fingerprint) list = list.slice(list.findIndex((e) => e.id === fingerprint) + 1)
    const data = list.slice(0, limit)
    const more = list.length > limit
    const last = data[data.length - 1]
    const next = new URLSearchParams(query)
    if (last) next.set('fingerprint', last.id)
    return {
      data: data.map((e) => e.item),
      success: true,
      meta: {
        at: now(),
        ...(more && last ? { fingerprint: last.id, links: { next: `${endpoint}${path}?${next}` } } : {}),
        page_size: data.length,
      },
    }
  }

  function accountTransactions(hex: string, query: URLSearchParams, path: string) {
    const onlyTo = query.get('only_to') === 'true'
    const onlyFrom = query.get('only_from') === 'true'
    const list = confirmedNewestFirst()
      .filter((t) => t.related.includes(hex))
      .filter((t) => {
        const isFrom = bytesToHex(t.raw.contract.ownerAddress) === hex
        return onlyTo === onlyFrom || (onlyFrom ? isFrom : !isFrom)
      })
      .map((t) => ({
        ts: (t.block as Block).timestamp,
        id: t.txId,
        item: {
          ...signedJson(t, false),
          net_usage: num(t.netUsage),
          net_fee: num(t.netFee),
          energy_usage: 0,
          blockNumber: (t.block as Block).number,
          block_timestamp: (t.block as Block).timestamp,
          energy_fee: num(t.energyFee),
          energy_usage_total: num(t.energyUsage),
          internal_transactions: [],
        },
      }))
    return tronGridPage(list, query, path)
  }

  function accountTrc20(address: string, query: URLSearchParams, path: string) {
    const contractFilter = query.get('contract_address')
    const only = contractFilter ? tronAddressFromBytes(tronAddressBytes(contractFilter)) : undefined
    const onlyTo = query.get('only_to') === 'true'
    const onlyFrom = query.get('only_from') === 'true'
    const list = confirmedNewestFirst().flatMap((t) =>
      t.trc20
        .slice()
        .reverse()
        .filter((r) => (r.from === address || r.to === address) && (!only || r.token === only))
        .filter((r) => onlyTo === onlyFrom || (onlyFrom ? r.from === address : r.to === address))
        .map((r) => {
          const token = contracts.get(bytesToHex(tronAddressBytes(r.token)))
          return {
            ts: (t.block as Block).timestamp,
            id: `${r.transactionId}.${r.from}.${r.to}.${r.value}`,
            item: {
              transaction_id: r.transactionId,
              token_info: {
                symbol: token?.symbol,
                address: r.token,
                decimals: token?.decimals,
                name: token?.name,
              },
              block_timestamp: (t.block as Block).timestamp,
              from: r.from,
              to: r.to,
              type: 'Transfer',
              value: r.value.toString(),
            },
          }
        }),
    )
    return tronGridPage(list, query, path)
  }

  async function readBody(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  }

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const walletMatch = /^\/wallet\/(\w+)$/.exec(url.pathname)
    const handler = walletMatch ? wallet[walletMatch[1] as string] : undefined
    if (handler && (req.method === 'POST' || req.method === 'GET')) {
      const text = req.method === 'POST' ? await readBody(req) : ''
      let body: Record<string, unknown>
      try {
        body =
          text.trim() === ''
            ? Object.fromEntries(url.searchParams)
            : (JSON.parse(text) as Record<string, unknown>)
      } catch (error) {
        return send(res, 200, { Error: `class org.tron.json.JSONException : ${(error as Error).message}` })
      }
      const visible = body.visible === true || body.visible === 'true'
      try {
        return send(res, 200, await handler(body, visible))
      } catch (error) {
        if (!(error instanceof Refusal)) throw error
        const exception =
          error.code === 'CONTRACT_VALIDATE_ERROR'
            ? 'org.tron.core.exception.ContractValidateException'
            : 'org.tron.core.services.http.JsonFormat$ParseException'
        return send(res, 200, { Error: `class ${exception} : ${error.message}` })
      }
    }
    const v1 = /^\/v1\/accounts\/([^/]+)\/transactions(\/trc20)?$/.exec(url.pathname)
    if (v1 && req.method === 'GET') {
      const address = v1[1] as string
      if (!isTronAddress(address))
        return send(res, 400, { success: false, error: 'Invalid address', statusCode: 400 })
      try {
        const base58 = tronAddressFromBytes(tronAddressBytes(address))
        return send(
          res,
          200,
          v1[2]
            ? accountTrc20(base58, url.searchParams, url.pathname)
            : accountTransactions(bytesToHex(tronAddressBytes(address)), url.searchParams, url.pathname),
        )
      } catch (error) {
        if (!(error instanceof Refusal)) throw error
        return send(res, 400, { success: false, error: error.message, statusCode: 400 })
      }
    }
    send(res, 404, { Error: `no such endpoint: ${req.method} ${url.pathname}` })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { Error: String(error) }))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve())
  })
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  // ------------------------------------------------------------ faucet

  async function signAndBroadcast(raw: TronRawData): Promise<StoredTransaction> {
    const signature = faucet.signTronTransaction(bytesToHex(encodeRawData(raw)))
    const stored = await serialized(async () => {
      const accepted = await accept(raw, [signature])
      mineNow()
      return accepted
    })
    return stored
  }

  return {
    family: 'tron',
    endpoint,
    networkId: GENESIS_ID,
    tokens,
    faucetAddress,
    parameters: CHAIN_PARAMETERS,
    async fund(address: string, amount: bigint, token?: string) {
      const to = tronAddressBytes(address)
      const owner = tronAddressBytes(faucetAddress)
      let stored: StoredTransaction
      if (token === undefined) {
        stored = await signAndBroadcast(
          buildRaw({ type: 'TransferContract', ownerAddress: owner, toAddress: to, amount }),
        )
      } else {
        const contract = tronAddressBytes(token)
        if (!contracts.has(bytesToHex(contract)))
          throw new Error(`fund: ${token} is not a token of this chain`)
        const data = hexToBytes(
          selector('transfer(address,uint256)') +
            bytesToHex(to.subarray(1)).padStart(64, '0') +
            amount.toString(16).padStart(64, '0'),
        )
        stored = await signAndBroadcast(
          buildRaw(
            {
              type: 'TriggerSmartContract',
              ownerAddress: owner,
              contractAddress: contract,
              callValue: 0n,
              data,
            },
            1_000_000_000n,
          ),
        )
      }
      if (stored.contractRet !== 'SUCCESS')
        throw new Error(`fund: the transfer failed with ${stored.contractRet}`)
      return { txId: stored.txId }
    },
    async mine() {
      await serialized(async () => mineNow())
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
      await ownAnvil?.stop()
    },
  }
}
