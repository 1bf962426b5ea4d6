import { randomBytes, randomUUID } from 'node:crypto'
import { PreparedTransaction } from '@canton-network/core-ledger-proto'
import { type CantonDevnet, startCantonDevnet, TokenStandard } from '@stratos/canton-devnet'
import {
  createIntentCommand,
  type DeFiIntentFields,
  type DeFiScenario,
  setupDeFiScenario,
} from '@stratos/canton-devnet/testing'
import { encodeAdapterCall } from '@stratos/contracts'
import type { DefiIntentRequest, DefiPreparedResponse, DefiVault } from '@stratos/schemas'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { MAX_DEADLINE_MS, reviewDefiPrepared } from './reviewDefiPrepared'
import { toAdapterCall } from './toAdapterCall'

// The prepared transactions come from a real participant (canton-devnet over HTTP), as the API's do.

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}`
const toB64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
const fromB64 = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'))

const SUPPLY: DefiIntentRequest = { action: 'aaveV3.supply', asset: 'tUSDC', amount: '100' }

describe('reviewDefiPrepared (prepared by canton-devnet)', () => {
  let devnet: CantonDevnet
  let s: DeFiScenario
  let vault: DefiVault

  const context = () => ({
    partyId: s.institution.partyId,
    operatorParty: s.operator,
    regulatorParty: null as string | null,
    vault,
  })

  /** What an honest API answers for `request`, with `overrides` of the intent's fields (a dishonest one). */
  async function prepare(
    request: DefiIntentRequest,
    overrides: Partial<DeFiIntentFields & { operator: string }> = {},
    commands?: unknown[],
  ): Promise<DefiPreparedResponse> {
    const { operator = s.operator, ...fieldOverrides } = overrides
    const fields: DeFiIntentFields = {
      intentId: hex(32),
      vaultId: vault.vaultId,
      chainId: vault.chainId,
      vault: vault.address,
      adapter: vault.adapters.aaveV3,
      callData: encodeAdapterCall(toAdapterCall(request, vault).call),
      value: '0',
      nonce: 0,
      deadline: new Date(Date.now() + 3_600_000).toISOString(),
      ...fieldOverrides,
    }
    const prepared = await s.client.ok('POST', '/v2/interactive-submission/prepare', {
      token: s.institutionToken,
      body: {
        commandId: randomUUID(),
        actAs: [s.institution.partyId],
        synchronizerId: devnet.synchronizerId,
        commands: commands ?? [createIntentCommand(s.institution.partyId, operator, fields)],
      },
    })
    return {
      preparedTransaction: prepared.preparedTransaction,
      preparedTransactionHash: prepared.preparedTransactionHash,
      hashingSchemeVersion: prepared.hashingSchemeVersion,
      intentId: fields.intentId,
      callData: fields.callData,
    }
  }

  beforeAll(async () => {
    devnet = await startCantonDevnet()
    s = await setupDeFiScenario(devnet)
    vault = {
      chainId: 31337,
      address: hex(20),
      vaultId: hex(32),
      partyId: s.institution.partyId,
      adapters: { aaveV3: hex(20), uniswapV3: hex(20), compoundV2: hex(20) },
      cToken: hex(20),
      swapFee: 3000,
      assets: [
        { symbol: 'tUSDC', address: hex(20), decimals: 6, balance: '1000' },
        { symbol: 'tWETH', address: hex(20), decimals: 18, balance: '10' },
      ],
    }
  })
  afterAll(async () => {
    await devnet?.stop()
  })

  test('behavior: an honest prepare -> the decoded intent, the request and the hash to sign', async () => {
    const prepared = await prepare(SUPPLY)
    const reviewed = await reviewDefiPrepared(prepared, SUPPLY, context())
    expect(reviewed.request).toEqual(SUPPLY)
    expect(reviewed.intent).toMatchObject({
      kind: 'defiIntent',
      institution: s.institution.partyId,
      operator: s.operator,
      vault: vault.address,
      adapter: vault.adapters.aaveV3,
      intentId: prepared.intentId,
      chainId: '31337',
    })
    expect(reviewed.verified.hashBase64).toBe(prepared.preparedTransactionHash)
  })

  test('behavior: with a regulator the intent names it, and it is shown beside the operator as who else sees it', async () => {
    const prepared = await prepare(SUPPLY, { regulator: s.regulator })
    const reviewed = await reviewDefiPrepared(prepared, SUPPLY, { ...context(), regulatorParty: s.regulator })
    expect(reviewed.intent.regulator).toBe(s.regulator)
    expect([...reviewed.intent.observers].sort()).toEqual([s.operator, s.regulator].sort())
  })

  test('error: a regulator the wallet does not have, another one, or none where it has one -> PREPARED_MISMATCH', async () => {
    const cases: [string | null, string | null, string][] = [
      [s.regulator, null, 'it names a regulator'],
      [s.outsider, s.regulator, 'it does not name this wallet’s regulator'],
      [null, s.regulator, 'it does not name this wallet’s regulator'],
    ]
    for (const [named, expected, what] of cases) {
      const prepared = await prepare(SUPPLY, { regulator: named })
      const error = await reviewDefiPrepared(prepared, SUPPLY, {
        ...context(),
        regulatorParty: expected,
      }).catch((e: unknown) => e)
      expect(error, what).toMatchObject({ code: 'PREPARED_MISMATCH' })
      expect((error as Error).message, what).toContain(what)
    }
  })

  test('behavior: addresses in another hex case (EIP-55) are the same addresses', async () => {
    const upper = (a: string) => `0x${a.slice(2).toUpperCase()}`
    const prepared = await prepare(SUPPLY, {
      vault: upper(vault.address),
      adapter: upper(vault.adapters.aaveV3),
    })
    await expect(reviewDefiPrepared(prepared, SUPPLY, context())).resolves.toBeDefined()
  })

  test('error: call data changed after hashing -> PREPARED_HASH_MISMATCH, in words a person understands', async () => {
    const prepared = await prepare(SUPPLY)
    const tx = PreparedTransaction.fromBinary(fromB64(prepared.preparedTransaction))
    const root = tx.transaction?.nodes[0]?.versionedNode
    if (root?.oneofKind !== 'v1' || root.v1.nodeType.oneofKind !== 'create') throw new Error('fixture')
    const arg = root.v1.nodeType.create.argument?.sum
    const callData =
      arg?.oneofKind === 'record' ? arg.record.fields.find((f) => f.label === 'callData') : undefined
    if (callData?.value?.sum.oneofKind !== 'text') throw new Error('fixture')
    callData.value.sum.text = encodeAdapterCall(toAdapterCall({ ...SUPPLY, amount: '1000' }, vault).call)
    const tampered = { ...prepared, preparedTransaction: toB64(PreparedTransaction.toBinary(tx)) }
    await expect(reviewDefiPrepared(tampered, SUPPLY, context())).rejects.toMatchObject({
      code: 'PREPARED_HASH_MISMATCH',
      shortMessage: 'The transaction the server prepared does not match its hash; nothing was signed',
    })
  })

  test('error: a correctly hashed intent for another amount -> PREPARED_MISMATCH (another action, token or amount)', async () => {
    const prepared = await prepare({ ...SUPPLY, amount: '1000' })
    await expect(reviewDefiPrepared(prepared, SUPPLY, context())).rejects.toMatchObject({
      name: 'AppError',
      code: 'PREPARED_MISMATCH',
      message:
        'The transaction the server prepared does not do what you asked (another action, token or amount); nothing was signed',
    })
  })

  test('error: each field that differs from the request or the vault is named', async () => {
    const cases: [Parameters<typeof prepare>[1], string][] = [
      [{ adapter: vault.adapters.compoundV2 }, 'another protocol adapter'],
      [{ vault: hex(20) }, 'another vault'],
      [{ vaultId: hex(32) }, 'another vault'],
      [{ chainId: 1 }, 'another chain'],
      [{ operator: s.outsider }, 'another relayer operator'],
      [{ value: '1' }, 'it sends ETH with the call'],
      [{ deadline: new Date(Date.now() - 60_000).toISOString() }, 'its deadline has passed'],
      [{ deadline: new Date(Date.now() + MAX_DEADLINE_MS + 60_000).toISOString() }, 'more than a day away'],
    ]
    for (const [overrides, what] of cases) {
      const prepared = await prepare(SUPPLY, overrides)
      const error = await reviewDefiPrepared(prepared, SUPPLY, context()).catch((e: unknown) => e)
      expect(error, what).toMatchObject({ code: 'PREPARED_MISMATCH' })
      expect((error as Error).message, what).toContain(what)
    }
  })

  test('error: the server’s call data or intent id differing from its own transaction is refused', async () => {
    const prepared = await prepare(SUPPLY)
    for (const lie of [
      { ...prepared, callData: encodeAdapterCall(toAdapterCall({ ...SUPPLY, amount: '1' }, vault).call) },
      { ...prepared, intentId: hex(32) },
    ])
      await expect(reviewDefiPrepared(lie, SUPPLY, context())).rejects.toMatchObject({
        code: 'PREPARED_MISMATCH',
      })
  })

  test('error: a transaction that creates something else -> PREPARED_MISMATCH', async () => {
    const prepared = await prepare(SUPPLY, {}, [
      {
        CreateCommand: {
          templateId: TokenStandard.transferFactoryTemplateId,
          createArguments: { admin: s.institution.partyId, meta: { values: {} } },
        },
      },
    ])
    await expect(reviewDefiPrepared(prepared, SUPPLY, context())).rejects.toMatchObject({
      code: 'PREPARED_MISMATCH',
      message: expect.stringContaining('it does not create one DeFi intent'),
    })
  })

  test('error: another party’s vault, or a transaction not acting as the user, is refused', async () => {
    const prepared = await prepare(SUPPLY)
    await expect(
      reviewDefiPrepared(prepared, SUPPLY, { ...context(), vault: { ...vault, partyId: s.outsider } }),
    ).rejects.toMatchObject({ code: 'PREPARED_MISMATCH' })
    await expect(
      reviewDefiPrepared(prepared, SUPPLY, { ...context(), partyId: s.outsider }),
    ).rejects.toMatchObject({ code: 'PREPARED_SIGNER_MISMATCH' })
  })

  test('error: more decimals than the token has -> AMOUNT_PRECISION before anything is verified', async () => {
    const prepared = await prepare(SUPPLY)
    await expect(
      reviewDefiPrepared(prepared, { ...SUPPLY, amount: '1.0000001' }, context()),
    ).rejects.toMatchObject({ code: 'AMOUNT_PRECISION', message: expect.stringContaining('6 decimals') })
  })
})
