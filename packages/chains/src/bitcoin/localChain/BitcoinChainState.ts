import { secp256k1 } from '@noble/curves/secp256k1.js'
import { ripemd160 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { hex } from '@scure/base'
import { OutScript, Script, Transaction } from '@scure/btc-signer'
import {
  COINBASE_MATURITY,
  displayHash,
  dustThreshold,
  encodeHeader,
  INCREMENTAL_RELAY_SAT_PER_VB,
  internalHash,
  isValidSignatureEncoding,
  MAX_FEE_RATE_SAT_PER_VB,
  MAX_MONEY,
  MAX_REPLACEMENT_CANDIDATES,
  MAX_STANDARD_TX_WEIGHT,
  MEMPOOL_CHAIN_LIMIT,
  MIN_RELAY_SAT_PER_VB,
  MIN_STANDARD_TX_NONWITNESS_SIZE,
  meetsTarget,
  merkleRoot,
  REGTEST_BITS,
  REGTEST_GENESIS_HEADER,
  regtestSubsidy,
  sha256d,
  standardOutputType,
} from './consensus.js'

/** An output as the chain keeps it. */
export interface Coin {
  txid: string
  vout: number
  value: bigint
  script: Uint8Array
  /** Height of the block that holds it; undefined while its transaction is in the mempool. */
  height: number | undefined
  coinbase: boolean
}

export interface TxRecord {
  txid: string
  tx: Transaction
  raw: Uint8Array
  /** What each input spent; empty for a coinbase. */
  prevouts: Coin[]
  coinbase: boolean
  fee: bigint
  weight: number
  vsize: number
  block?: { height: number; hash: string; time: number; index: number }
  /** Arrival order, newest highest. */
  seq: number
}

export interface Block {
  hash: string
  height: number
  time: number
  txids: string[]
}

/**
 * A refusal in bitcoind's words: `code` is the JSON-RPC error code of `sendrawtransaction`
 * (-22 decode, -25 missing inputs, -26 policy or consensus, -27 already in the chain) and
 * `reason` the reject reason of validation.cpp / policy.cpp.
 */
export class RejectedTransaction extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(reason)
    this.name = 'RejectedTransaction'
  }
}

const outpoint = (txid: string, vout: number) => `${txid}:${vout}`
const FINAL_SEQUENCE = 0xffffffff
const SEQUENCE_LOCKTIME_DISABLE_FLAG = 0x80000000
const SEQUENCE_LOCKTIME_TYPE_FLAG = 0x00400000
const LOCKTIME_THRESHOLD = 500_000_000
const SIGHASH_TYPES = new Set([0x01, 0x02, 0x03, 0x81, 0x82, 0x83])

function reject(code: number, reason: string): never {
  throw new RejectedTransaction(code, reason)
}

/**
 * Size without the witness, and weight (BIP-141: 3 x base size + total size), from the bytes:
 * `Transaction.weight` needs every input signed, and an unsigned input must be refused by the
 * script check, not break the size check.
 */
function sizes(tx: Transaction, raw: Uint8Array): { base: number; weight: number; vsize: number } {
  const base = tx.toBytes(true, false).length
  const weight = 3 * base + raw.length
  return { base, weight, vsize: Math.ceil(weight / 4) }
}

/**
 * The state of a regtest-style chain: blocks, the UTXO set, a mempool. `accept` runs the checks
 * bitcoind runs before relaying (the subset the README lists); `mine` makes a block of the whole
 * mempool with a coinbase to `coinbaseScript`.
 */
export class BitcoinChainState {
  readonly blocks: Block[] = []
  readonly txs = new Map<string, TxRecord>()
  /** Confirmed unspent outputs. */
  readonly utxos = new Map<string, Coin>()
  /** Mempool transactions in arrival order. */
  readonly mempool = new Map<string, TxRecord>()
  /** Outpoint -> txid of the mempool transaction spending it. */
  readonly mempoolSpends = new Map<string, string>()
  #seq = 0

  constructor(
    readonly coinbaseScript: Uint8Array,
    readonly now: () => number = Date.now,
  ) {
    this.blocks.push({
      hash: displayHash(sha256d(encodeHeader(REGTEST_GENESIS_HEADER))),
      height: 0,
      time: REGTEST_GENESIS_HEADER.time,
      txids: [],
    })
  }

  get tip(): Block {
    return this.blocks.at(-1)!
  }

  /** The coin at `txid:vout`, confirmed or created by a mempool transaction, spent or not. */
  #coin(txid: string, vout: number): Coin | undefined {
    const confirmed = this.utxos.get(outpoint(txid, vout))
    if (confirmed) return confirmed
    const parent = this.mempool.get(txid)
    if (!parent || vout >= parent.tx.outputsLength) return undefined
    const output = parent.tx.getOutput(vout)
    return { txid, vout, value: output.amount!, script: output.script!, height: undefined, coinbase: false }
  }

  /** Validates `raw` as bitcoind's `sendrawtransaction` does and adds it to the mempool; returns the txid. */
  accept(raw: Uint8Array): string {
    let tx: Transaction
    try {
      tx = Transaction.fromRaw(raw, {
        allowUnknownInputs: true,
        allowUnknownOutputs: true,
        allowUnknownVersion: true,
        disableScriptCheck: true,
      })
    } catch {
      return reject(-22, 'TX decode failed')
    }
    if (hex.encode(tx.toBytes(true, true)) !== hex.encode(raw)) reject(-22, 'TX decode failed')
    const txid = tx.id

    // Already known: the mempool answers its txid (idempotent), the chain refuses.
    if (this.mempool.has(txid)) return txid
    if (this.txs.has(txid)) reject(-27, 'Transaction outputs already in utxo set')

    // CheckTransaction (consensus/tx_check.cpp).
    if (tx.inputsLength === 0) reject(-26, 'bad-txns-vin-empty')
    if (tx.outputsLength === 0) reject(-26, 'bad-txns-vout-empty')
    let valueOut = 0n
    for (let i = 0; i < tx.outputsLength; i++) {
      const amount = tx.getOutput(i).amount!
      if (amount > MAX_MONEY) reject(-26, 'bad-txns-vout-toolarge')
      valueOut += amount
      if (valueOut > MAX_MONEY) reject(-26, 'bad-txns-txouttotal-toolarge')
    }
    const spends = new Set<string>()
    for (let i = 0; i < tx.inputsLength; i++) {
      const input = tx.getInput(i)
      const key = outpoint(hex.encode(input.txid!), input.index!)
      if (spends.has(key)) reject(-26, 'bad-txns-inputs-duplicate')
      spends.add(key)
      if (input.index === 0xffffffff && input.txid!.every((b) => b === 0)) reject(-26, 'coinbase')
    }

    // IsStandardTx (policy/policy.cpp).
    if (tx.version < 1 || tx.version > 3) reject(-26, 'version')
    const { base, weight, vsize } = sizes(tx, raw)
    if (weight > MAX_STANDARD_TX_WEIGHT) reject(-26, 'tx-size')
    if (base < MIN_STANDARD_TX_NONWITNESS_SIZE) reject(-26, 'tx-size-small')
    let nullData = 0
    for (let i = 0; i < tx.outputsLength; i++) {
      const output = tx.getOutput(i)
      const type = standardOutputType(output.script!)
      if (!type) reject(-26, 'scriptpubkey')
      if (type === 'op_return') nullData++
      else if (output.amount! < dustThreshold(type)) reject(-26, 'dust')
    }
    if (nullData > 1) reject(-26, 'multi-op-return')

    // IsFinalTx against the next block (validation.cpp CheckFinalTxAtTip).
    const nextHeight = this.tip.height + 1
    if (tx.lockTime !== 0) {
      const bound = tx.lockTime < LOCKTIME_THRESHOLD ? nextHeight : this.tip.time
      const final = Array.from({ length: tx.inputsLength }, (_, i) => tx.getInput(i).sequence).every(
        (s) => s === FINAL_SEQUENCE,
      )
      if (tx.lockTime >= bound && !final) reject(-26, 'non-final')
    }

    // Inputs: exist, unspent (or spent only by mempool transactions it may replace), mature.
    const prevouts: Coin[] = []
    const conflicts = new Set<string>()
    for (let i = 0; i < tx.inputsLength; i++) {
      const input = tx.getInput(i)
      const prevTxid = hex.encode(input.txid!)
      const coin = this.#coin(prevTxid, input.index!)
      if (!coin) reject(-25, 'bad-txns-inputs-missingorspent')
      const spender = this.mempoolSpends.get(outpoint(prevTxid, input.index!))
      if (spender) conflicts.add(spender)
      if (coin.coinbase && coin.height !== undefined && nextHeight - coin.height < COINBASE_MATURITY)
        reject(
          -26,
          'bad-txns-premature-spend-of-coinbase, tried to spend coinbase at depth ' +
            `${nextHeight - coin.height}`,
        )
      prevouts.push(coin)
    }

    // BIP-68 relative lock-times (version 2+): height-based ones against the next block.
    if (tx.version >= 2) {
      for (let i = 0; i < tx.inputsLength; i++) {
        const sequence = tx.getInput(i).sequence!
        if (sequence & SEQUENCE_LOCKTIME_DISABLE_FLAG) continue
        if (sequence & SEQUENCE_LOCKTIME_TYPE_FLAG)
          reject(-26, 'non-BIP68-final (time-based relative lock-times are not supported by this stand-in)')
        const coinHeight = prevouts[i]!.height ?? nextHeight
        if (nextHeight - coinHeight < (sequence & 0xffff)) reject(-26, 'non-BIP68-final')
      }
    }

    // Amounts (consensus/tx_verify.cpp CheckTxInputs).
    const valueIn = prevouts.reduce((sum, coin) => sum + coin.value, 0n)
    if (valueIn < valueOut)
      reject(-26, `bad-txns-in-belowout, value in (${btc(valueIn)}) < value out (${btc(valueOut)})`)
    const fee = valueIn - valueOut
    if (fee < BigInt(vsize) * MIN_RELAY_SAT_PER_VB)
      reject(-26, `min relay fee not met, ${fee} < ${BigInt(vsize) * MIN_RELAY_SAT_PER_VB}`)

    // sendrawtransaction's maxfeerate guard against a fee typed by mistake.
    if (fee > BigInt(vsize) * MAX_FEE_RATE_SAT_PER_VB)
      reject(-25, 'Fee exceeds maximum configured by user (e.g. -maxtxfee, maxfeerate)')

    // BIP-125 replacement of the mempool transactions it conflicts with.
    const evicted = conflicts.size > 0 ? this.#checkReplacement(txid, prevouts, fee, vsize, conflicts) : []

    // Mempool chain limits (policy.h DEFAULT_ANCESTOR_LIMIT, DEFAULT_DESCENDANT_LIMIT).
    const ancestors = this.#ancestors(prevouts.filter((c) => c.height === undefined).map((c) => c.txid))
    if (ancestors.length + 1 > MEMPOOL_CHAIN_LIMIT)
      reject(-26, `too-long-mempool-chain, too many unconfirmed ancestors [limit: ${MEMPOOL_CHAIN_LIMIT}]`)
    for (const ancestor of ancestors) {
      if (this.#withDescendants([ancestor]).length + 1 > MEMPOOL_CHAIN_LIMIT)
        reject(
          -26,
          `too-long-mempool-chain, too many descendants for tx ${ancestor} [limit: ${MEMPOOL_CHAIN_LIMIT}]`,
        )
    }

    // Scripts: every input a P2WPKH spend whose signature verifies (BIP-143 sighash).
    for (let i = 0; i < tx.inputsLength; i++) verifyP2wpkhInput(tx, i, prevouts[i]!)

    for (const id of evicted) this.#removeFromMempool(id)
    const record: TxRecord = {
      txid,
      tx,
      raw: Uint8Array.from(raw),
      prevouts,
      coinbase: false,
      fee,
      weight,
      vsize,
      seq: ++this.#seq,
    }
    this.txs.set(txid, record)
    this.mempool.set(txid, record)
    for (const coin of prevouts) this.mempoolSpends.set(outpoint(coin.txid, coin.vout), txid)
    return txid
  }

  /** BIP-125 rules 1-5 (https://github.com/bitcoin/bips/blob/master/bip-0125.mediawiki) and Core's feerate check; returns what goes. */
  #checkReplacement(
    txid: string,
    prevouts: Coin[],
    fee: bigint,
    vsize: number,
    conflicts: Set<string>,
  ): string[] {
    for (const id of conflicts) {
      const original = this.mempool.get(id)!
      // Rule 1: each directly conflicting transaction signals replaceability (explicitly: this
      // stand-in does not count signalling inherited from unconfirmed ancestors).
      const signals = Array.from(
        { length: original.tx.inputsLength },
        (_, i) => original.tx.getInput(i).sequence!,
      ).some((s) => s < 0xfffffffe)
      if (!signals) reject(-26, 'txn-mempool-conflict')
      // Core (PaysMoreThanConflicts): the new feerate must beat each original's.
      if (fee * BigInt(original.vsize) <= original.fee * BigInt(vsize))
        reject(
          -26,
          `insufficient fee, rejecting replacement ${txid}; new feerate ${rate(fee, vsize)} <= old feerate ${rate(original.fee, original.vsize)}`,
        )
    }
    const evicted = this.#withDescendants([...conflicts])
    // Rule 5.
    if (evicted.length > MAX_REPLACEMENT_CANDIDATES)
      reject(
        -26,
        `too many potential replacements, rejecting replacement ${txid}; too many potential replacements (${evicted.length} > ${MAX_REPLACEMENT_CANDIDATES})`,
      )
    for (let i = 0; i < prevouts.length; i++) {
      const coin = prevouts[i]!
      if (evicted.includes(coin.txid))
        reject(-26, `bad-txns-spends-conflicting-tx, ${txid} spends conflicting transaction ${coin.txid}`)
      // Rule 2: no new unconfirmed inputs, only those the originals spent.
      if (coin.height === undefined) {
        const spentByOriginal = [...conflicts].some((id) =>
          this.mempool.get(id)!.prevouts.some((p) => p.txid === coin.txid && p.vout === coin.vout),
        )
        if (!spentByOriginal)
          reject(-26, `replacement-adds-unconfirmed, replacement ${txid} adds unconfirmed input, idx ${i}`)
      }
    }
    // Rule 3: at least the absolute fee of everything replaced.
    const replacedFees = evicted.reduce((sum, id) => sum + this.mempool.get(id)!.fee, 0n)
    if (fee < replacedFees)
      reject(
        -26,
        `insufficient fee, rejecting replacement ${txid}, less fees than conflicting txs; ${btc(fee)} < ${btc(replacedFees)}`,
      )
    // Rule 4: the extra fee pays for its own relay at the incremental relay feerate.
    const additional = fee - replacedFees
    const needed = BigInt(vsize) * INCREMENTAL_RELAY_SAT_PER_VB
    if (additional < needed)
      reject(
        -26,
        `insufficient fee, rejecting replacement ${txid}, not enough additional fees to relay; ${btc(additional)} < ${btc(needed)}`,
      )
    return evicted
  }

  /** The mempool transactions `parents` are, and those they spend, transitively. */
  #ancestors(parents: string[]): string[] {
    const found = new Set<string>()
    const queue = parents.filter((id) => this.mempool.has(id))
    while (queue.length > 0) {
      const id = queue.pop()!
      if (found.has(id)) continue
      found.add(id)
      for (const coin of this.mempool.get(id)!.prevouts)
        if (this.mempool.has(coin.txid)) queue.push(coin.txid)
    }
    return [...found]
  }

  /** `ids` and every mempool transaction spending their outputs, transitively. */
  #withDescendants(ids: string[]): string[] {
    const found = new Set<string>(ids)
    const queue = [...ids]
    while (queue.length > 0) {
      const id = queue.pop()!
      const record = this.mempool.get(id)!
      for (let vout = 0; vout < record.tx.outputsLength; vout++) {
        const child = this.mempoolSpends.get(outpoint(id, vout))
        if (child && !found.has(child)) {
          found.add(child)
          queue.push(child)
        }
      }
    }
    return [...found]
  }

  #removeFromMempool(txid: string): void {
    const record = this.mempool.get(txid)
    if (!record) return
    this.mempool.delete(txid)
    this.txs.delete(txid)
    for (const coin of record.prevouts) {
      const key = outpoint(coin.txid, coin.vout)
      if (this.mempoolSpends.get(key) === txid) this.mempoolSpends.delete(key)
    }
  }

  /** Mines one block: a coinbase paying subsidy and fees to `coinbaseScript`, then the mempool in arrival order. */
  mineBlock(): Block {
    const height = this.tip.height + 1
    const time = Math.max(this.tip.time + 1, Math.floor(this.now() / 1000))
    const included = [...this.mempool.values()]
    const fees = included.reduce((sum, r) => sum + r.fee, 0n)
    const coinbaseRaw = coinbaseTransaction(height, regtestSubsidy(height) + fees, this.coinbaseScript)
    const coinbase = Transaction.fromRaw(coinbaseRaw, { allowUnknownInputs: true, allowUnknownOutputs: true })
    const coinbaseRecord: TxRecord = {
      txid: coinbase.id,
      tx: coinbase,
      raw: coinbaseRaw,
      prevouts: [],
      coinbase: true,
      fee: 0n,
      ...sizes(coinbase, coinbaseRaw),
      seq: ++this.#seq,
    }
    const records = [coinbaseRecord, ...included]
    const header = {
      version: 0x20000000,
      previousBlockHash: internalHash(this.tip.hash),
      merkleRoot: merkleRoot(records.map((r) => internalHash(r.txid))),
      time,
      bits: REGTEST_BITS,
      nonce: 0,
    }
    // Regtest proof of work: about two tries.
    while (!meetsTarget(header)) header.nonce++
    const hash = displayHash(sha256d(encodeHeader(header)))
    records.forEach((record, index) => {
      record.block = { height, hash, time, index }
      this.txs.set(record.txid, record)
      for (const coin of record.prevouts) this.utxos.delete(outpoint(coin.txid, coin.vout))
      for (let vout = 0; vout < record.tx.outputsLength; vout++) {
        const output = record.tx.getOutput(vout)
        if (output.script![0] === 0x6a) continue
        this.utxos.set(outpoint(record.txid, vout), {
          txid: record.txid,
          vout,
          value: output.amount!,
          script: output.script!,
          height,
          coinbase: record.coinbase,
        })
      }
    })
    this.mempool.clear()
    this.mempoolSpends.clear()
    const block = { hash, height, time, txids: records.map((r) => r.txid) }
    this.blocks.push(block)
    return block
  }

  /** Confirmed coins of `script` a new transaction may spend now (mature, not spent in the mempool). */
  spendableCoins(script: Uint8Array): Coin[] {
    const nextHeight = this.tip.height + 1
    const want = hex.encode(script)
    return [...this.utxos.values()].filter(
      (coin) =>
        hex.encode(coin.script) === want &&
        !this.mempoolSpends.has(outpoint(coin.txid, coin.vout)) &&
        (!coin.coinbase || nextHeight - coin.height! >= COINBASE_MATURITY),
    )
  }

  /** Whether `txid:vout` is spent, by a block or by the mempool. */
  isSpent(txid: string, vout: number): boolean {
    const record = this.txs.get(txid)
    if (!record) return true
    if (this.mempoolSpends.has(outpoint(txid, vout))) return true
    if (record.block) return !this.utxos.has(outpoint(txid, vout))
    return false
  }
}

/**
 * A P2WPKH spend (BIP-141): empty scriptSig, witness [signature, compressed public key], the key's
 * HASH160 the program, a strict-DER low-S signature with a defined sighash type over the BIP-143
 * digest. Inputs of any other type are refused: this stand-in verifies P2WPKH only.
 */
function verifyP2wpkhInput(tx: Transaction, index: number, coin: Coin): void {
  let program: { type: string; hash?: Uint8Array }
  try {
    program = OutScript.decode(coin.script) as { type: string; hash?: Uint8Array }
  } catch {
    program = { type: 'unknown' }
  }
  if (program.type !== 'wpkh')
    reject(
      -26,
      `bad-txns-nonstandard-inputs (input ${index} spends a ${program.type} output; this stand-in verifies P2WPKH spends only)`,
    )
  const input = tx.getInput(index)
  if (input.finalScriptSig && input.finalScriptSig.length > 0)
    reject(-26, 'mandatory-script-verify-flag-failed (Witness requires empty scriptSig)')
  const witness = input.finalScriptWitness ?? []
  if (witness.length === 0)
    reject(-26, 'mandatory-script-verify-flag-failed (Witness program was passed an empty witness)')
  if (witness.length !== 2) reject(-26, 'mandatory-script-verify-flag-failed (Witness program hash mismatch)')
  const [signature, publicKey] = witness as [Uint8Array, Uint8Array]
  const scriptCode = OutScript.encode({ type: 'pkh', hash: program.hash! })
  if (hex.encode(OutScript.encode({ type: 'wpkh', hash: hash160(publicKey) })) !== hex.encode(coin.script))
    reject(-26, 'mandatory-script-verify-flag-failed (Witness program hash mismatch)')
  if (publicKey.length !== 33 || (publicKey[0] !== 0x02 && publicKey[0] !== 0x03))
    reject(-26, 'non-mandatory-script-verify-flag (Using non-compressed keys in segwit)')
  if (!isValidSignatureEncoding(signature))
    reject(-26, 'mandatory-script-verify-flag-failed (Non-canonical DER signature)')
  const hashType = signature.at(-1)!
  if (!SIGHASH_TYPES.has(hashType))
    reject(-26, 'non-mandatory-script-verify-flag (Signature hash type missing or not understood)')
  const der = signature.subarray(0, -1)
  const digest = tx.preimageWitnessV0(index, scriptCode, hashType, coin.value)
  let parsed: ReturnType<typeof secp256k1.Signature.fromBytes> | undefined
  try {
    parsed = secp256k1.Signature.fromBytes(der, 'der')
  } catch {
    parsed = undefined
  }
  if (!parsed) reject(-26, 'mandatory-script-verify-flag-failed (Non-canonical DER signature)')
  if (parsed.hasHighS())
    reject(-26, 'non-mandatory-script-verify-flag (Non-canonical signature: S value is unnecessarily high)')
  let valid = false
  try {
    valid = secp256k1.verify(der, digest, publicKey, { prehash: false, lowS: true, format: 'der' })
  } catch {
    valid = false
  }
  if (!valid)
    reject(
      -26,
      'mandatory-script-verify-flag-failed (Signature must be zero for failed CHECK(MULTI)SIG operation)',
    )
}

function hash160(bytes: Uint8Array): Uint8Array {
  return ripemd160(sha256(bytes))
}

/** Amounts in reject reasons are BTC with 8 decimals, as bitcoind's FormatMoney writes them. */
function btc(sats: bigint): string {
  return `${sats / 100_000_000n}.${(sats % 100_000_000n).toString().padStart(8, '0')}`
}

function rate(fee: bigint, vsize: number): string {
  return `${btc((fee * 1000n) / BigInt(vsize))} BTC/kvB`
}

/** A coinbase transaction: BIP-34 height and an extra nonce in the scriptSig, one output. */
function coinbaseTransaction(height: number, value: bigint, script: Uint8Array): Uint8Array {
  const scriptSig = Script.encode([height, new TextEncoder().encode('stratos')])
  const parts: number[] = []
  const u32 = (n: number) => parts.push(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff)
  u32(2)
  parts.push(1, ...new Uint8Array(32))
  u32(0xffffffff)
  parts.push(scriptSig.length, ...scriptSig)
  u32(0xffffffff)
  parts.push(1)
  for (let i = 0n; i < 8n; i++) parts.push(Number((value >> (8n * i)) & 0xffn))
  parts.push(script.length, ...script)
  u32(0)
  return Uint8Array.from(parts)
}
