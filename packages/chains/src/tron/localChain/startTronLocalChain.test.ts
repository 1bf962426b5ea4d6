import { Vault } from '@stratos/keys'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { TokenRef } from '../../ChainAdapter.js'
import { createTronAdapter } from '../createTronAdapter.js'
import broadcastFixture from '../fixtures/broadcasttransaction.json' with { type: 'json' }
import createFixture from '../fixtures/createtransaction.json' with { type: 'json' }
import accountFixture from '../fixtures/getaccount.json' with { type: 'json' }
import resourceFixture from '../fixtures/getaccountresource.json' with { type: 'json' }
import parametersFixture from '../fixtures/getchainparameters.json' with { type: 'json' }
import blockFixture from '../fixtures/getnowblock.json' with { type: 'json' }
import infoFixture from '../fixtures/gettransactioninfobyid.json' with { type: 'json' }
import constantFixture from '../fixtures/triggerconstantcontract.json' with { type: 'json' }
import triggerFixture from '../fixtures/triggersmartcontract.json' with { type: 'json' }
import tronGridFixture from '../fixtures/trongrid-account-transactions.json' with { type: 'json' }
import trc20Fixture from '../fixtures/trongrid-account-trc20.json' with { type: 'json' }
import { tronAddressBytes, tronToEvmAddress } from '../tronAddress.js'
import { encodeRawData } from '../tronProtobuf.js'
import { rawDataFromJson } from '../tronTransaction.js'
import { startTronLocalChain, type TronLocalChain } from './startTronLocalChain.js'

// biome-ignore lint/suspicious/noExplicitAny: raw JSON answers of the API under test, read field by field
type Json = Record<string, any>

const TRX = 1_000_000n
// The faucet is account 0 of this public test mnemonic: the test signs as the faucet with a Vault.
const faucetVault = Vault.fromMnemonic('test test test test test test test test test test test junk')
const stranger = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
const hex = (address: string) => Buffer.from(tronAddressBytes(address)).toString('hex')

let chain: TronLocalChain
let clock = Date.now()

async function post(path: string, body: object = {}): Promise<Json> {
  const res = await fetch(`${chain.endpoint}${path}`, { method: 'POST', body: JSON.stringify(body) })
  return (await res.json()) as Json
}

async function get(path: string): Promise<Json> {
  return (await (await fetch(`${chain.endpoint}${path}`)).json()) as Json
}

const fresh = (i: number) => Vault.fromMnemonic(`${'abandon '.repeat(11)}about`).addresses({ index: i }).tron

async function transferTx(from: string, to: string, amount: bigint) {
  return post('/wallet/createtransaction', {
    owner_address: from,
    to_address: to,
    amount: Number(amount),
    visible: true,
  })
}

async function trc20Tx(from: string, to: string, amount: bigint, feeLimit: number) {
  const parameter = tronToEvmAddress(to).slice(2).padStart(64, '0') + amount.toString(16).padStart(64, '0')
  const body = await post('/wallet/triggersmartcontract', {
    owner_address: from,
    contract_address: chain.tokens[0]?.address,
    function_selector: 'transfer(address,uint256)',
    parameter,
    fee_limit: feeLimit,
    call_value: 0,
    visible: true,
  })
  return body.transaction as Json
}

const broadcast = (tx: Json, signature: string) =>
  post('/wallet/broadcasttransaction', { ...tx, signature: [signature], visible: true })

const info = (txId: string) => post('/wallet/gettransactioninfobyid', { value: txId })
const balance = async (address: string) =>
  BigInt((await post('/wallet/getaccount', { address, visible: true })).balance ?? 0)

beforeAll(async () => {
  chain = await startTronLocalChain({ now: () => clock })
}, 60_000)

afterAll(async () => {
  await chain?.stop()
})

describe('startTronLocalChain', () => {
  test('behavior: several tokens asked are each a TRC-20 of their own, funded apart from the others', async () => {
    const several = await startTronLocalChain({
      tokens: [
        { name: 'Tether USD', symbol: 'USDT', decimals: 6 },
        { symbol: 'BTT', decimals: 18, supply: 10n ** 30n },
      ],
    })
    try {
      const [usdt, btt] = several.tokens as [TokenRef, TokenRef]
      expect(several.tokens.map(({ symbol, decimals }) => ({ symbol, decimals }))).toEqual([
        { symbol: 'USDT', decimals: 6 },
        { symbol: 'BTT', decimals: 18 },
      ])
      expect(usdt.address).not.toBe(btt.address)
      const adapter = createTronAdapter({ endpoint: several.endpoint })
      expect(await adapter.getToken(btt.address)).toMatchObject({ symbol: 'BTT', decimals: 18 })
      const someone = fresh(7)
      await several.fund(someone, 2n * TRX)
      await several.fund(someone, 5n, usdt.address)
      await several.fund(someone, 9n * 10n ** 18n, btt.address)
      expect(await adapter.getBalances(someone, several.tokens)).toEqual({
        native: 2n * TRX,
        tokens: [
          { token: usdt.address, amount: 5n },
          { token: btt.address, amount: 9n * 10n ** 18n },
        ],
      })
    } finally {
      await several.stop()
    }
  }, 60_000)

  test('behavior: a transfer signed by a @stratos/keys Vault is accepted and activates the recipient', async () => {
    expect(faucetVault.addresses().tron).toBe(chain.faucetAddress)
    const to = fresh(1)
    const tx = await transferTx(chain.faucetAddress, to, 5n * TRX)
    const result = await broadcast(tx, faucetVault.signTronTransaction(tx.raw_data_hex))
    expect(result).toEqual({ result: true, txid: tx.txID })
    expect(await balance(to)).toBe(5n * TRX)
    // 1 TRX system-contract fee + 0.1 TRX burned for the bandwidth of an account creation.
    expect(await info(tx.txID)).toMatchObject({ id: tx.txID, fee: 1_100_000, receipt: { net_fee: 100_000 } })
  })

  test('error: a tampered signature is refused (SIGERROR) and nothing moves', async () => {
    const to = fresh(2)
    const tx = await transferTx(chain.faucetAddress, to, TRX)
    const good = faucetVault.signTronTransaction(tx.raw_data_hex)
    const flipped =
      (Number.parseInt(good.slice(0, 2), 16) ^ 0x01).toString(16).padStart(2, '0') + good.slice(2)
    const otherKey = stranger.signTronTransaction(tx.raw_data_hex)
    const badV = `${good.slice(0, 128)}1d`
    for (const signature of [flipped, otherKey, badV, good.slice(0, 128)]) {
      expect(await broadcast(tx, signature)).toMatchObject({ code: 'SIGERROR', txid: tx.txID })
    }
    // The signature is over the bytes: the same signature on other raw_data does not verify.
    const more = structuredClone(tx)
    more.raw_data.contract[0].parameter.value.amount = 2_000_000
    expect(await broadcast(more, good)).toMatchObject({ code: 'SIGERROR' })
    expect(await balance(to)).toBe(0n)
    expect(await broadcast(tx, good)).toMatchObject({ result: true })
    expect(await broadcast(tx, good)).toMatchObject({ code: 'DUP_TRANSACTION_ERROR' })
  })

  test('error: an expired transaction or one referring to an unknown block is refused', async () => {
    const tx = await transferTx(chain.faucetAddress, fresh(3), TRX)
    clock += 61_000
    expect(await broadcast(tx, faucetVault.signTronTransaction(tx.raw_data_hex))).toMatchObject({
      code: 'TRANSACTION_EXPIRATION_ERROR',
    })
    const again = await transferTx(chain.faucetAddress, fresh(3), TRX)
    again.raw_data.ref_block_hash = '00'.repeat(8)
    // Re-signed over the changed bytes, so only the reference is wrong.
    const bytes = Buffer.from(encodeRawData(rawDataFromJson(again.raw_data))).toString('hex')
    expect(await broadcast(again, faucetVault.signTronTransaction(bytes))).toMatchObject({
      code: 'TAPOS_ERROR',
    })
  })

  test('error: a transfer above the balance is refused at build and at broadcast', async () => {
    const poor = fresh(1)
    expect(await transferTx(poor, chain.faucetAddress, 6n * TRX)).toEqual({
      Error:
        'class org.tron.core.exception.ContractValidateException : Validate TransferContract error, balance is not sufficient.',
    })
    expect(await transferTx(fresh(9), chain.faucetAddress, TRX)).toMatchObject({
      Error: expect.stringContaining('no OwnerAccount'),
    })
  })

  test('behavior: bandwidth comes from the free 600 bytes a day, then burns getTransactionFee per byte', async () => {
    const user = Vault.fromMnemonic(`${'abandon '.repeat(11)}about`)
    const me = fresh(1)
    // Usage recovers per 3-second slot: stay inside one slot.
    clock = Math.ceil(clock / 3_000) * 3_000 + 1_000
    const usages: Json[] = []
    for (let i = 0; i < 3; i++) {
      const tx = await transferTx(me, chain.faucetAddress, TRX / 10n)
      expect(await broadcast(tx, user.signTronTransaction(tx.raw_data_hex, 1))).toMatchObject({
        result: true,
      })
      usages.push((await info(tx.txID)).receipt)
    }
    const bytes = usages[0]?.net_usage as number
    expect(bytes).toBeGreaterThan(250)
    expect(usages[1]).toEqual({ net_usage: bytes })
    // 2 × ~268 bytes fit in 600; the third does not, and the whole of it is burned.
    expect(usages[2]).toEqual({ net_fee: bytes * chain.parameters.getTransactionFee })
    expect((await post('/wallet/getaccountresource', { address: me, visible: true })).freeNetUsed).toBe(
      2 * bytes,
    )
    clock += 86_400_000
    expect(
      (await post('/wallet/getaccountresource', { address: me, visible: true })).freeNetUsed,
    ).toBeUndefined()
  })

  test('behavior: a TRC-20 transfer runs on anvil, burns energy at getEnergyFee and is listed by TronGrid', async () => {
    const to = fresh(4)
    const tx = await trc20Tx(chain.faucetAddress, to, 7_000_000n, 100_000_000)
    expect(await broadcast(tx, faucetVault.signTronTransaction(tx.raw_data_hex))).toMatchObject({
      result: true,
    })
    const receipt = (await info(tx.txID)).receipt as Json
    expect(receipt.result).toBe('SUCCESS')
    expect(receipt.energy_usage_total).toBeGreaterThan(20_000)
    expect(receipt.energy_fee).toBe(receipt.energy_usage_total * chain.parameters.getEnergyFee)
    const read = await post('/wallet/triggerconstantcontract', {
      owner_address: to,
      contract_address: chain.tokens[0]?.address,
      function_selector: 'balanceOf(address)',
      parameter: tronToEvmAddress(to).slice(2).padStart(64, '0'),
      visible: true,
    })
    expect(BigInt(`0x${read.constant_result[0]}`)).toBe(7_000_000n)
    const listed = await get(`/v1/accounts/${to}/transactions/trc20`)
    expect(listed.data).toEqual([
      expect.objectContaining({ transaction_id: tx.txID, from: chain.faucetAddress, to, value: '7000000' }),
    ])
  })

  test('behavior: a fee limit too small for the energy ends OUT_OF_ENERGY, burning the limit', async () => {
    const to = fresh(5)
    const feeLimit = 1_000 * chain.parameters.getEnergyFee
    const tx = await trc20Tx(chain.faucetAddress, to, 1n, feeLimit)
    expect(await broadcast(tx, faucetVault.signTronTransaction(tx.raw_data_hex))).toMatchObject({
      result: true,
    })
    expect(await info(tx.txID)).toMatchObject({
      result: 'FAILED',
      receipt: { result: 'OUT_OF_ENERGY', energy_fee: feeLimit },
    })
    expect((await get(`/v1/accounts/${to}/transactions/trc20`)).data).toEqual([])
  })

  test('behavior: every answer has the shape java-tron and TronGrid gave in the recorded responses', async () => {
    const me = fresh(4)
    await chain.mine()
    const created = await post('/wallet/createtransaction', {
      owner_address: hex(chain.faucetAddress),
      to_address: hex(me),
      amount: 1_000_000,
    })
    const triggered = await post('/wallet/triggersmartcontract', {
      owner_address: hex(chain.faucetAddress),
      contract_address: hex(chain.tokens[0]?.address as string),
      function_selector: 'transfer(address,uint256)',
      parameter: triggerFixture.request.parameter,
      fee_limit: 100_000_000,
      call_value: 0,
    })
    const constant = await post('/wallet/triggerconstantcontract', {
      owner_address: hex(me),
      contract_address: hex(chain.tokens[0]?.address as string),
      function_selector: 'balanceOf(address)',
      parameter: tronToEvmAddress(me).slice(2).padStart(64, '0'),
    })
    // Hex addresses (visible: false), as the recorded requests were made.
    const sent = await post('/wallet/broadcasttransaction', {
      ...created,
      signature: [faucetVault.signTronTransaction(created.raw_data_hex)],
    })
    expect(sent).toMatchObject({ result: true })
    // The same transaction claiming base58 addresses while carrying hex is not read.
    expect(await broadcast(created, '00'.repeat(65))).toMatchObject({ code: 'OTHER_ERROR' })
    const lastTrc20 = (await get(`/v1/accounts/${me}/transactions/trc20`)).data[0].transaction_id
    const pairs: [string, unknown, unknown][] = [
      ['createtransaction', created, createFixture.response],
      ['triggersmartcontract', triggered, triggerFixture.response],
      ['triggerconstantcontract', constant, constantFixture.response],
      ['broadcasttransaction', sent, broadcastFixture.response],
      ['getaccount', await post('/wallet/getaccount', { address: hex(me) }), accountFixture.response],
      [
        'getaccountresource',
        await post('/wallet/getaccountresource', { address: hex(me) }),
        resourceFixture.response,
      ],
      ['getchainparameters', await post('/wallet/getchainparameters'), parametersFixture.response],
      ['getnowblock', await post('/wallet/getnowblock'), blockFixture.response],
      ['gettransactioninfobyid', await info(lastTrc20), infoFixture.response],
      ['v1 transactions', await get(`/v1/accounts/${me}/transactions?limit=50`), tronGridFixture.response],
      ['v1 trc20', await get(`/v1/accounts/${me}/transactions/trc20`), trc20Fixture.response],
    ]
    const differences = pairs.flatMap(([name, local, recorded]) => shapeDifferences(local, recorded, name))
    expect(differences).toEqual([])
  })
})

/** Documented fields a recorded response happens not to carry (tronprotocol docs, same pages). */
const DOCUMENTED: string[] = ['gettransactioninfobyid.receipt.net_usage', 'getnowblock.transactions']

/**
 * Where `local` has a field the recorded response does not have, or of another JSON type
 * (recursively; an array's first element stands for all). Fields the recorded response has and
 * `local` omits are allowed: java-tron omits defaults and optional parts too.
 */
function shapeDifferences(local: unknown, recorded: unknown, path: string): string[] {
  const kind = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v)
  if (DOCUMENTED.includes(path)) return []
  if (recorded === undefined) return [`${path}: not in the recorded response`]
  if (kind(local) !== kind(recorded)) return [`${path}: ${kind(local)}, recorded ${kind(recorded)}`]
  if (Array.isArray(local) && Array.isArray(recorded))
    return local.length > 0 && recorded.length > 0 ? shapeDifferences(local[0], recorded[0], `${path}[]`) : []
  if (kind(local) === 'object')
    return Object.entries(local as Json).flatMap(([k, v]) =>
      shapeDifferences(v, (recorded as Json)[k], `${path}.${k}`),
    )
  return []
}
