import { hex } from '@scure/base'
import { Transaction } from '@scure/btc-signer'
import { Vault } from '@stratos/keys'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { GENESIS_BLOCK_HASHES } from '../bitcoinNetwork.js'
import type { EsploraTx, EsploraUtxo } from '../esplora.js'
import { parseBitcoinAddress } from '../parseBitcoinAddress.js'
import { scriptAsm } from './esploraViews.js'
import addressFixture from './fixtures/address.json'
import mempoolTxsFixture from './fixtures/address-txs-mempool.json'
import feeEstimatesFixture from './fixtures/fee-estimates.json'
import txFixture from './fixtures/tx.json'
import utxoFixture from './fixtures/utxo.json'
import {
  BITCOIN_FAUCET_MNEMONIC,
  type BitcoinLocalChain,
  startBitcoinLocalChain,
} from './startBitcoinLocalChain.js'

const RBF = 0xfffffffd
const alice = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const aliceAddress = alice.addresses({ bitcoinNetwork: 'regtest' }).bitcoin
const aliceScript = parseBitcoinAddress(aliceAddress, 'regtest').script
const bobAddress = Vault.fromMnemonic(
  `${'legal winner thank year wave sausage worth useful legal winner thank '}yellow`,
).addresses({
  bitcoinNetwork: 'regtest',
}).bitcoin
const bobScript = parseBitcoinAddress(bobAddress, 'regtest').script

let chain: BitcoinLocalChain
beforeAll(async () => {
  chain = await startBitcoinLocalChain()
})
afterAll(async () => {
  await chain?.stop()
})

interface Coin {
  txid: string
  vout: number
  value: bigint
}

/** A transaction spending Alice's `coins`, signed by her `@stratos/keys` Vault, finalized, hex. */
function aliceSpends(
  coins: Coin[],
  outputs: { script: Uint8Array; amount: bigint }[],
  sequence = RBF,
): string {
  const tx = new Transaction({ version: 2 })
  for (const coin of coins)
    tx.addInput({
      txid: coin.txid,
      index: coin.vout,
      sequence,
      witnessUtxo: { script: aliceScript, amount: coin.value },
    })
  for (const output of outputs) tx.addOutput(output)
  const signed = Transaction.fromPSBT(alice.signBitcoinPsbt(tx.toPSBT(), { network: 'regtest' }))
  signed.finalize()
  return signed.hex
}

async function post(rawHex: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${chain.endpoint}/tx`, { method: 'POST', body: rawHex })
  return { status: response.status, text: await response.text() }
}

async function get<T>(path: string): Promise<T> {
  const response = await fetch(`${chain.endpoint}${path}`)
  expect(response.status, path).toBe(200)
  return (await response.json()) as T
}

/** A fresh confirmed coin of Alice's. */
async function aliceCoin(value: bigint): Promise<Coin> {
  const { txId } = await chain.fund(aliceAddress, value)
  return { txid: txId, vout: 0, value }
}

const refusal = (reason: string) =>
  expect.stringMatching(new RegExp(`^sendrawtransaction RPC error: \\{"code":-2\\d,"message":"${reason}`))

describe('startBitcoinLocalChain', () => {
  test('behavior: starts at regtest genesis with 101 blocks, so the first coinbases are mature', async () => {
    const genesis = await (await fetch(`${chain.endpoint}/block-height/0`)).text()
    expect(GENESIS_BLOCK_HASHES[genesis]).toEqual({ network: 'regtest', name: 'regtest' })
    expect(await (await fetch(`${chain.endpoint}/blocks/tip/height`)).text()).toMatch(/^\d+$/)
    expect(chain.networkId).toBe('regtest')
  })

  test('behavior: a spend signed by a @stratos/keys Vault is accepted, pending, then mined by POST /regtest/mine', async () => {
    const coin = await aliceCoin(50_000n)
    const raw = aliceSpends(
      [coin],
      [
        { script: bobScript, amount: 20_000n },
        { script: aliceScript, amount: 29_700n },
      ],
    )
    const answer = await post(raw)
    expect(answer).toEqual({ status: 200, text: Transaction.fromRaw(hex.decode(raw)).id })
    expect(await get(`/tx/${answer.text}/status`)).toEqual({ confirmed: false })
    const height = Number(await (await fetch(`${chain.endpoint}/blocks/tip/height`)).text())
    const mined = await fetch(`${chain.endpoint}/regtest/mine`, { method: 'POST', body: '{"blocks":2}' })
    expect(((await mined.json()) as string[]).length).toBe(2)
    expect(await get(`/tx/${answer.text}/status`)).toMatchObject({
      confirmed: true,
      block_height: height + 1,
    })
    const tx = await get<EsploraTx>(`/tx/${answer.text}`)
    expect(tx.fee).toBe(300)
    expect(tx.vin[0]).toMatchObject({
      txid: coin.txid,
      vout: 0,
      prevout: { scriptpubkey_address: aliceAddress, value: 50_000 },
    })
  })

  test('error: a tampered signature is refused (BIP-143 digest does not verify)', async () => {
    const coin = await aliceCoin(50_000n)
    const raw = aliceSpends([coin], [{ script: bobScript, amount: 49_000n }])
    const signature = hex.encode(Transaction.fromRaw(hex.decode(raw)).getInput(0).finalScriptWitness![0]!)
    // Byte 10 lies inside r: still strict DER, no longer the signer's signature.
    const flipped =
      signature.slice(0, 20) + (signature.slice(20, 22) === 'ff' ? '00' : 'ff') + signature.slice(22)
    const answer = await post(raw.replace(signature, flipped))
    expect(answer.status).toBe(400)
    expect(answer.text).toEqual(
      refusal(
        'mandatory-script-verify-flag-failed \\(Signature must be zero for failed CHECK\\(MULTI\\)SIG operation\\)',
      ),
    )
    // The untampered one still goes through: the refusal was the signature's.
    expect((await post(raw)).status).toBe(200)
  })

  test('error: every one-bit change anywhere in a signed transaction is refused with a 400, never a 5xx', async () => {
    const coin = await aliceCoin(50_000n)
    const raw = hex.decode(aliceSpends([coin], [{ script: bobScript, amount: 49_000n }]))
    const answers = new Map<string, number>()
    for (let i = 0; i < raw.length; i++) {
      const changed = Uint8Array.from(raw)
      changed[i]! ^= 0x01
      const { status, text } = await post(hex.encode(changed))
      const key = `${status} ${text.replace(/^sendrawtransaction RPC error: /, '').slice(0, 60)}`
      answers.set(key, (answers.get(key) ?? 0) + 1)
      expect(status, `byte ${i}: ${text}`).toBe(400)
    }
    expect(answers.size).toBeGreaterThan(3)
    expect((await post(hex.encode(raw))).status).toBe(200)
  })

  test('error: a signature over other outputs is refused (outputs changed after signing)', async () => {
    const coin = await aliceCoin(50_000n)
    const raw = aliceSpends([coin], [{ script: bobScript, amount: 40_000n }])
    const tx = Transaction.fromRaw(hex.decode(raw))
    const redirected = raw.replace(hex.encode(bobScript), hex.encode(aliceScript))
    expect(redirected).not.toBe(raw)
    expect(tx.outputsLength).toBe(1)
    expect((await post(redirected)).text).toEqual(refusal('mandatory-script-verify-flag-failed'))
  })

  test('error: a double spend is refused in the mempool (no RBF signal) and after the block', async () => {
    const coin = await aliceCoin(50_000n)
    const first = aliceSpends([coin], [{ script: bobScript, amount: 40_000n }], 0xffffffff)
    const second = aliceSpends([coin], [{ script: aliceScript, amount: 40_000n }], 0xffffffff)
    expect((await post(first)).status).toBe(200)
    expect(await post(second)).toEqual({ status: 400, text: refusal('txn-mempool-conflict') })
    chain.mine()
    expect(await post(second)).toEqual({ status: 400, text: refusal('bad-txns-inputs-missingorspent') })
  })

  test('error: an unsigned input is refused by the script check', async () => {
    const coin = await aliceCoin(50_000n)
    const tx = new Transaction({ version: 2, allowUnknownInputs: true })
    tx.addInput({ txid: coin.txid, index: 0, sequence: RBF })
    tx.addOutput({ script: bobScript, amount: 40_000n })
    expect(await post(hex.encode(tx.toBytes(true, true)))).toEqual({
      status: 400,
      text: refusal('mandatory-script-verify-flag-failed \\(Witness program was passed an empty witness\\)'),
    })
  })

  test('error: an input that does not exist is refused', async () => {
    const raw = aliceSpends(
      [{ txid: 'ab'.repeat(32), vout: 0, value: 50_000n }],
      [{ script: bobScript, amount: 40_000n }],
    )
    expect(await post(raw)).toEqual({ status: 400, text: refusal('bad-txns-inputs-missingorspent') })
  })

  test('error: outputs above the inputs are refused (amounts must balance)', async () => {
    const coin = await aliceCoin(50_000n)
    // The PSBT claims a larger input value; the chain knows the real one.
    const tx = new Transaction({ version: 2 })
    tx.addInput({
      txid: coin.txid,
      index: 0,
      sequence: RBF,
      witnessUtxo: { script: aliceScript, amount: 60_000n },
    })
    tx.addOutput({ script: bobScript, amount: 55_000n })
    const signed = Transaction.fromPSBT(alice.signBitcoinPsbt(tx.toPSBT(), { network: 'regtest' }))
    signed.finalize()
    expect(await post(signed.hex)).toEqual({
      status: 400,
      text: refusal('bad-txns-in-belowout, value in \\(0.00050000\\) < value out \\(0.00055000\\)'),
    })
  })

  test('error: a dust output and a fee below 1 sat/vB are refused', async () => {
    const coin = await aliceCoin(50_000n)
    const dust = aliceSpends(
      [coin],
      [
        { script: bobScript, amount: 293n },
        { script: aliceScript, amount: 49_000n },
      ],
    )
    expect(await post(dust)).toEqual({ status: 400, text: refusal('dust') })
    const cheap = aliceSpends([coin], [{ script: bobScript, amount: 49_950n }])
    expect(await post(cheap)).toEqual({ status: 400, text: refusal('min relay fee not met, 50 < 110') })
  })

  test('error: a coinbase output is refused before 100 confirmations', async () => {
    const faucet = Vault.fromMnemonic(BITCOIN_FAUCET_MNEMONIC)
    const utxos = await get<EsploraUtxo[]>(`/address/${chain.faucetAddress}/utxo`)
    const newest = utxos.reduce((a, b) =>
      (a.status.block_height ?? 0) > (b.status.block_height ?? 0) ? a : b,
    )
    const tx = new Transaction({ version: 2 })
    const faucetScript = parseBitcoinAddress(chain.faucetAddress, 'regtest').script
    tx.addInput({
      txid: newest.txid,
      index: newest.vout,
      witnessUtxo: { script: faucetScript, amount: BigInt(newest.value) },
    })
    tx.addOutput({ script: bobScript, amount: BigInt(newest.value) - 1_000n })
    const signed = Transaction.fromPSBT(faucet.signBitcoinPsbt(tx.toPSBT(), { network: 'regtest' }))
    signed.finalize()
    expect(await post(signed.hex)).toEqual({
      status: 400,
      text: refusal('bad-txns-premature-spend-of-coinbase'),
    })
  })

  test('behavior: BIP-125 replacement: a higher fee replaces a signalling transaction, a lower one is refused', async () => {
    const coin = await aliceCoin(50_000n)
    const original = aliceSpends([coin], [{ script: bobScript, amount: 49_800n }])
    const cheaper = aliceSpends([coin], [{ script: bobScript, amount: 49_850n }])
    const equal = aliceSpends([coin], [{ script: bobScript, amount: 49_750n }])
    const better = aliceSpends([coin], [{ script: bobScript, amount: 49_500n }])
    const originalId = (await post(original)).text
    expect((await post(cheaper)).text).toEqual(refusal('insufficient fee, rejecting replacement'))
    // Rule 4: 250 sat - 200 sat does not pay 110 vB at the incremental 1 sat/vB.
    expect((await post(equal)).text).toEqual(
      refusal('insufficient fee, rejecting replacement [0-9a-f]{64}, not enough additional fees'),
    )
    const replaced = await post(better)
    expect(replaced.status).toBe(200)
    expect((await fetch(`${chain.endpoint}/tx/${originalId}`)).status).toBe(404)
    expect(await get(`/tx/${replaced.text}/status`)).toEqual({ confirmed: false })
    chain.mine()
    expect(await get(`/tx/${replaced.text}/status`)).toMatchObject({ confirmed: true })
  })

  test("error: a fee above sendrawtransaction's maxfeerate (10,000 sat/vB) is refused", async () => {
    const coin = await aliceCoin(2_000_000n)
    const raw = aliceSpends([coin], [{ script: bobScript, amount: 1_000n }])
    expect(await post(raw)).toEqual({ status: 400, text: refusal('Fee exceeds maximum configured by user') })
  })

  test('error: a mempool chain longer than 25 transactions is refused', async () => {
    let coin = await aliceCoin(100_000n)
    for (let i = 0; i < 26; i++) {
      const value = coin.value - 200n
      const answer = await post(aliceSpends([coin], [{ script: aliceScript, amount: value }]))
      expect(answer.status, `transaction ${i + 1}`).toBe(i < 25 ? 200 : 400)
      if (i === 25)
        expect(answer.text).toEqual(refusal('too-long-mempool-chain, too many unconfirmed ancestors'))
      coin = { txid: answer.text, vout: 0, value }
    }
    chain.mine()
  })

  test('error: bad input to the API is a 4xx naming it, never a 5xx', async () => {
    expect((await post('zz')).status).toBe(400)
    expect((await post('00')).text).toEqual(refusal('TX decode failed'))
    expect((await fetch(`${chain.endpoint}/address/notanaddress`)).status).toBe(400)
    expect(
      (await fetch(`${chain.endpoint}/address/${'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'}`)).status,
    ).toBe(400)
    expect((await fetch(`${chain.endpoint}/tx/${'00'.repeat(32)}`)).status).toBe(404)
    expect((await fetch(`${chain.endpoint}/nothing`)).status).toBe(404)
    expect(
      (await fetch(`${chain.endpoint}/regtest/mine`, { method: 'POST', body: '{"blocks":0}' })).status,
    ).toBe(400)
  })
})

/** The keys and JSON types of a value, recursively (arrays by their first element). */
function shape(value: unknown, ignore: readonly string[] = []): unknown {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0], ignore)]
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !ignore.includes(key))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, v]) => [key, shape(v, ignore)]),
    )
  return value === null ? 'null' : typeof value
}

describe('Esplora shapes against recorded real responses (fixtures/)', () => {
  test('behavior: GET /address/:address has the recorded fields and types', async () => {
    await aliceCoin(10_000n)
    expect(shape(await get(`/address/${aliceAddress}`))).toEqual(shape(addressFixture.response))
  })

  test('behavior: GET /address/:address/utxo entries and their status have the recorded fields', async () => {
    const utxos = await get<EsploraUtxo[]>(`/address/${aliceAddress}/utxo`)
    expect(shape(utxos.filter((u) => u.status.confirmed).slice(0, 1))).toEqual(shape(utxoFixture.response))
  })

  test('behavior: GET /tx/:txid has the recorded fields, bar P2SH-only and mempool.space-only ones', async () => {
    const { txId } = await chain.fund(bobAddress, 20_000n)
    const ours = await get<EsploraTx>(`/tx/${txId}`)
    // The recorded input spends P2SH (inner_redeemscript_asm, no witness); ours spends P2WPKH
    // (witness, API.md "Transaction format", electrs omits it when empty).
    const { witness, ...input } = ours.vin[0]!
    expect(witness).toHaveLength(2)
    expect(shape({ ...ours, vin: [input] })).toEqual(
      shape(txFixture.response, [...txFixture.mempoolSpaceOnlyFields, 'inner_redeemscript_asm']),
    )
  })

  test('behavior: an unconfirmed transaction has status {confirmed: false} as recorded', async () => {
    const coin = await aliceCoin(30_000n)
    const txid = (await post(aliceSpends([coin], [{ script: bobScript, amount: 29_000n }]))).text
    const [pending] = (await get<EsploraTx[]>(`/address/${aliceAddress}/txs`)).filter((t) => t.txid === txid)
    const recorded = mempoolTxsFixture.response[0]!
    expect(pending!.status).toEqual(recorded.status)
    const { vin: _vin, vout: _vout, ...top } = pending!
    expect(shape(top)).toEqual(shape(recorded))
    chain.mine()
  })

  test('behavior: GET /fee-estimates maps confirmation targets to sat/vB like the recorded one', async () => {
    const ours = await get<Record<string, number>>('/fee-estimates')
    expect(Object.keys(ours).sort()).toEqual(Object.keys(feeEstimatesFixture.response).sort())
    expect(shape(ours)).toEqual(shape(feeEstimatesFixture.response))
  })

  test('behavior: script asm is written as Esplora writes it (recorded scriptsig and scriptpubkeys)', () => {
    const input = txFixture.response.vin[0]!
    const output = txFixture.response.vout[0]!
    expect(scriptAsm(hex.decode(input.scriptsig))).toBe(input.scriptsig_asm)
    expect(scriptAsm(hex.decode(input.prevout.scriptpubkey))).toBe(input.prevout.scriptpubkey_asm)
    expect(scriptAsm(hex.decode(output.scriptpubkey))).toBe(output.scriptpubkey_asm)
  })
})
