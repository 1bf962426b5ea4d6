import {
  type DeFiScenario,
  markExecuted,
  markFailed,
  setupDeFiScenario,
} from '@stratos/canton-devnet/testing'
import { evmChain } from '@stratos/chains'
import { ANVIL_DEV_KEY, type AnvilNode, startAnvil } from '@stratos/chains/anvil'
import {
  aaveV3AdapterAbi,
  compoundV2AdapterAbi,
  type DeFiStack,
  deployDeFiStack,
  uniswapV3AdapterAbi,
} from '@stratos/contracts'
import type { Database } from '@stratos/db'
import type { Kysely } from 'kysely'
import {
  type Abi,
  createPublicClient,
  createWalletClient,
  decodeFunctionData,
  type Hex,
  http,
  type PublicClient,
  toHex,
} from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ApiConfig } from '../../config.js'
import type { DevVaultDeployed } from '../../context.js'
import { ensureAdminEnrollment } from '../../enrollment/ensureAdminEnrollment.js'
import { useCantonDevnet } from '../../testing/cantonDevnet.js'
import {
  type CantonPerson,
  cantonPerson,
  onboardCantonPerson,
  signAndExecute,
} from '../../testing/cantonPeople.js'
import { register } from '../../testing/ceremonies.js'
import { testAddresses } from '../../testing/testAddresses.js'
import { createTestApp, type TestApp } from '../../testing/testApp.js'
import { DB_KINDS, useTestDatabases } from '../../testing/testDatabases.js'

const canton = useCantonDevnet()
/** The party the shared stack's vault runs intents of (admin registration tests). */
const SHARED_PARTY = `shared-vault::1220${'ab'.repeat(32)}`
const RELAYER = privateKeyToAccount(`0x${'11'.repeat(32)}`).address

let anvil: AnvilNode
let scenario: DeFiScenario
let shared: DeFiStack
let publicClient: PublicClient

beforeAll(async () => {
  anvil = await startAnvil()
  const chain = evmChain({ id: anvil.chainId, rpcUrl: anvil.rpcUrl })
  publicClient = createPublicClient({
    chain,
    transport: http(anvil.rpcUrl),
    pollingInterval: 50,
  }) as PublicClient
  const walletClient = createWalletClient({
    chain,
    transport: http(anvil.rpcUrl),
    account: privateKeyToAccount(ANVIL_DEV_KEY),
  })
  shared = await deployDeFiStack(walletClient, publicClient, { partyId: SHARED_PARTY, signer: RELAYER })
  // The relayer operator: a hosted party with its own Ledger API user (markExecuted plays the relayer).
  scenario = await setupDeFiScenario(canton.current.devnet)
}, 120_000)

afterAll(async () => {
  await anvil?.stop()
})

/** A Daml value of a decoded prepared transaction as plain JSON (records by label). */
function plain(value: unknown): unknown {
  const sum = (value as { sum?: { oneofKind?: string } & Record<string, unknown> }).sum
  if (!sum?.oneofKind) return null
  const inner = sum[sum.oneofKind]
  if (sum.oneofKind === 'record')
    return Object.fromEntries(
      (inner as { fields: { label: string; value: unknown }[] }).fields.map((f) => [f.label, plain(f.value)]),
    )
  if (sum.oneofKind === 'timestamp') return new Date(Number(BigInt(inner as string) / 1000n)).toISOString()
  if (sum.oneofKind === 'optional') {
    const some = (inner as { value?: unknown }).value
    return some === undefined ? null : plain(some)
  }
  return String(inner)
}

/** The one create node of a verified prepared transaction: its template and argument. */
function createOf(decoded: unknown) {
  const nodes = (decoded as { transaction: { nodes: { versionedNode: unknown }[] } }).transaction.nodes
  expect(nodes).toHaveLength(1)
  const node = nodes[0]!.versionedNode as {
    oneofKind: 'v1'
    v1: { nodeType: { oneofKind: string; create?: Record<string, unknown> } }
  }
  expect(node.v1.nodeType.oneofKind).toBe('create')
  const create = node.v1.nodeType.create!
  return {
    templateId: create.templateId as { moduleName: string; entityName: string },
    signatories: create.signatories as string[],
    stakeholders: create.stakeholders as string[],
    args: plain(create.argument) as Record<string, string>,
  }
}

const ABI_OF: Record<string, Abi> = {
  aaveV3: aaveV3AdapterAbi,
  uniswapV3: uniswapV3AdapterAbi,
  compoundV2: compoundV2AdapterAbi,
}

describe.each(DB_KINDS)('/api/defi on %s', (kind) => {
  const databases = useTestDatabases(kind)

  async function app(overrides: Partial<ApiConfig> = {}, deployed: DevVaultDeployed[] = []) {
    return createTestApp(
      await databases.fresh(),
      {
        devMode: true,
        canton: canton.current.config,
        evm: { chainId: anvil.chainId, name: 'Anvil', symbol: 'ETH', rpcUrl: anvil.rpcUrl },
        defi: { operatorParty: scenario.operator, devRelayerAddress: RELAYER, regulatorParty: null },
        ...overrides,
      },
      { onDevVaultDeployed: (vault) => void deployed.push(vault) },
    )
  }

  /** Gives `partyId` the shared stack's contracts as its vault (stored directly: prepare reads only the row). */
  async function giveSharedVault(
    db: Kysely<Database>,
    partyId: string,
    cToken: string | null = shared.protocols.cUsdc,
  ) {
    await db
      .insertInto('defi_vaults')
      .values({
        party_id: partyId,
        chain_id: anvil.chainId,
        address: shared.vault,
        vault_id: shared.vaultId,
        adapters: JSON.stringify(shared.adapters),
        c_token: cToken,
        swap_fee: shared.swapFee,
        assets: JSON.stringify([
          { symbol: 'tUSDC', address: shared.tokens.usdc, decimals: 6 },
          { symbol: 'tWETH', address: shared.tokens.weth, decimals: 18 },
        ]),
        created_at: new Date().toISOString(),
      })
      .execute()
  }

  async function onboarded(t: TestApp, name: string, seed: number) {
    const person = await cantonPerson(t, name, seed)
    const partyId = await onboardCantonPerson(person)
    return { person, partyId }
  }

  test('behavior: status without a vault: enabled, operator, no intents, a dev vault offered', async () => {
    const t = await app()
    const { person } = await onboarded(t, 'Ada', 1)
    const res = await person.client.get('/api/defi')
    expect(res.status).toBe(200)
    expect(res.body).toEqual({
      enabled: true,
      reason: null,
      operatorParty: scenario.operator,
      regulatorParty: null,
      vault: null,
      intents: [],
      devVaultAvailable: true,
    })
    // A user without a party yet sees the same, without intents to read.
    const { client } = t.browser()
    const { authenticator } = t.browser()
    await register(client, authenticator, { displayName: 'Bea', addresses: testAddresses(2) })
    expect((await client.get('/api/defi')).body).toMatchObject({ enabled: true, vault: null, intents: [] })
  })

  test('behavior: without an operator party DeFi is off (reason names DEFI_OPERATOR_PARTY); prepare is 503', async () => {
    const t = await app({ defi: { operatorParty: null, devRelayerAddress: RELAYER, regulatorParty: null } })
    const { person } = await onboarded(t, 'Ada', 3)
    const res = await person.client.get('/api/defi')
    expect(res.body).toMatchObject({ enabled: false, vault: null, intents: [], devVaultAvailable: false })
    expect(res.body.reason).toContain('DEFI_OPERATOR_PARTY')
    const prepared = await person.client.post('/api/defi/intents/prepare', {
      action: 'aaveV3.supply',
      asset: 'tUSDC',
      amount: '1',
    })
    expect(prepared.status).toBe(503)
    expect(prepared.body.code).toBe('DEFI_NOT_ENABLED')
    const noCanton = await app({ canton: null })
    const { client, authenticator } = noCanton.browser()
    await register(client, authenticator, { displayName: 'Cy', addresses: testAddresses(4) })
    expect((await client.get('/api/defi')).body).toMatchObject({ enabled: false, reason: expect.any(String) })
  })

  test('behavior: dev vault: deployed for the user’s party, stored, handed to the hook, balances read on chain; twice is 409', async () => {
    const deployed: DevVaultDeployed[] = []
    const t = await app({}, deployed)
    const { person, partyId } = await onboarded(t, 'Ada', 5)
    const res = await person.client.post('/api/dev/defi-vault')
    expect(res.status).toBe(200)
    const { vault } = res.body
    expect(vault).toMatchObject({
      chainId: anvil.chainId,
      partyId,
      swapFee: 3000,
      cToken: expect.any(String),
    })
    expect(vault.assets).toEqual([
      { symbol: 'tUSDC', address: expect.any(String), decimals: 6, balance: '1000000' },
      { symbol: 'tWETH', address: expect.any(String), decimals: 18, balance: '1000' },
    ])
    expect(res.body.devVaultAvailable).toBe(false)
    expect(deployed).toEqual([
      { partyId, chainId: anvil.chainId, address: vault.address, vaultId: vault.vaultId },
    ])
    // The contract is really the vault of this party.
    const { cantonDeFiVaultAbi } = await import('@stratos/contracts')
    const onChain = await publicClient.readContract({
      address: vault.address,
      abi: cantonDeFiVaultAbi,
      functionName: 'vaultId',
    })
    expect(onChain.toLowerCase()).toBe(vault.vaultId)
    expect((await person.client.get('/api/defi')).body.vault).toEqual(vault)

    const again = await person.client.post('/api/dev/defi-vault')
    expect(again.status).toBe(409)
    expect(again.body.code).toBe('DEFI_VAULT_EXISTS')
  }, 60_000)

  test('error: the dev vault route is 404 outside dev mode, 409 without a party', async () => {
    const t = await app()
    const { client, authenticator } = t.browser()
    await register(client, authenticator, { displayName: 'Bea', addresses: testAddresses(6) })
    const noParty = await client.post('/api/dev/defi-vault')
    expect(noParty.status).toBe(409)
    expect(noParty.body.code).toBe('CANTON_NOT_ONBOARDED')
    const prod = await app({ devMode: false })
    const { person } = await onboarded(prod, 'Ada', 7)
    const res = await person.client.post('/api/dev/defi-vault')
    expect(res.status).toBe(404)
    expect((await person.client.get('/api/defi')).body.devVaultAvailable).toBe(false)
  })

  test('behavior: prepare encodes each action for the vault and prepares the DeFiIntent create as the user', async () => {
    const t = await app()
    const { person, partyId } = await onboarded(t, 'Ada', 8)
    await giveSharedVault(t.db, partyId)
    const cases = [
      {
        request: { action: 'aaveV3.supply', asset: 'tUSDC', amount: '25.5' },
        adapter: 'aaveV3',
        functionName: 'supply',
        args: [shared.tokens.usdc, 25_500_000n],
      },
      {
        request: { action: 'aaveV3.withdraw', asset: 'twEth', amount: '0.000000000000000001' },
        adapter: 'aaveV3',
        functionName: 'withdraw',
        args: [shared.tokens.weth, 1n],
      },
      {
        request: {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: 'tUSDC',
          tokenOut: 'tWETH',
          amountIn: '2000',
          amountOutMinimum: '0.99',
        },
        adapter: 'uniswapV3',
        functionName: 'swapExactInputSingle',
        args: [shared.tokens.usdc, shared.tokens.weth, 3000, 2_000_000_000n, 99n * 10n ** 16n],
      },
      {
        request: { action: 'compoundV2.supply', asset: 'tUSDC', amount: '10' },
        adapter: 'compoundV2',
        functionName: 'supply',
        args: [shared.protocols.cUsdc, 10_000_000n],
      },
      {
        request: { action: 'compoundV2.redeem', amount: '1.5' },
        adapter: 'compoundV2',
        functionName: 'redeem',
        args: [shared.protocols.cUsdc, 150_000_000n],
      },
    ] as const
    const before = Date.now()
    for (const c of cases) {
      const res = await person.client.post('/api/defi/intents/prepare', c.request)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body.intentId).toMatch(/^0x[0-9a-f]{64}$/)
      const decodedCall = decodeFunctionData({ abi: ABI_OF[c.adapter]!, data: res.body.callData })
      expect(decodedCall.functionName).toBe(c.functionName)
      expect(decodedCall.args).toEqual(c.args)

      const { verified } = await verify(person, partyId, res.body)
      const create = createOf(verified.decoded)
      expect(create.templateId).toMatchObject({ moduleName: 'Stratos.DeFi.Intent', entityName: 'DeFiIntent' })
      expect(create.signatories).toEqual([partyId])
      expect([...create.stakeholders].sort()).toEqual([partyId, scenario.operator].sort())
      expect(create.args).toEqual({
        institution: partyId,
        operator: scenario.operator,
        intentId: res.body.intentId,
        vaultId: shared.vaultId,
        chainId: String(anvil.chainId),
        vault: shared.vault,
        adapter: shared.adapters[c.adapter],
        callData: res.body.callData,
        value: '0',
        nonce: expect.stringMatching(/^\d+$/),
        deadline: expect.any(String),
        regulator: null,
      })
      const deadline = Date.parse(create.args.deadline!)
      expect(deadline).toBeGreaterThanOrEqual(before + 3600_000 - 1000)
      expect(deadline).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000)
    }
  })

  async function verify(person: CantonPerson, partyId: string, body: Record<string, string>) {
    const { verifyPreparedTransaction } = await import('@stratos/canton')
    const verified = await verifyPreparedTransaction({
      preparedTransaction: body.preparedTransaction!,
      preparedTransactionHash: body.preparedTransactionHash!,
      hashingSchemeVersion: body.hashingSchemeVersion!,
      expectedSigner: partyId,
    })
    return { person, verified }
  }

  test('error: bad requests are 400 naming the field; no vault and no party are 409', async () => {
    const t = await app()
    const { person, partyId } = await onboarded(t, 'Ada', 9)
    const prepare = (body: unknown) => person.client.post('/api/defi/intents/prepare', body)

    const noVault = await prepare({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '1' })
    expect(noVault.status).toBe(409)
    expect(noVault.body.code).toBe('DEFI_NO_VAULT')

    const { client, authenticator } = t.browser()
    await register(client, authenticator, { displayName: 'Bea', addresses: testAddresses(10) })
    const noParty = await client.post('/api/defi/intents/prepare', {
      action: 'aaveV3.supply',
      asset: 'tUSDC',
      amount: '1',
    })
    expect(noParty.status).toBe(409)
    expect(noParty.body.code).toBe('CANTON_NOT_ONBOARDED')

    await giveSharedVault(t.db, partyId, null)
    const refused = [
      [{ action: 'aaveV3.supply', asset: 'DOGE', amount: '1' }, /^asset: your vault has no token "DOGE"/],
      [{ action: 'aaveV3.supply', asset: 'tUSDC', amount: '0' }, /^amount: must be greater than 0/],
      [{ action: 'aaveV3.supply', asset: 'tUSDC', amount: '0.000' }, /^amount: must be greater than 0/],
      [{ action: 'aaveV3.supply', asset: 'tUSDC', amount: '1.0000001' }, /^amount: tUSDC has 6 decimals/],
      [
        {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: 'tUSDC',
          tokenOut: 'tUSDT',
          amountIn: '1',
          amountOutMinimum: '1',
        },
        /^tokenOut: your vault has no token "tUSDT"/,
      ],
      [
        {
          action: 'uniswapV3.swapExactInputSingle',
          tokenIn: 'tUSDC',
          tokenOut: 'tWETH',
          amountIn: '1',
          amountOutMinimum: '0',
        },
        /^amountOutMinimum: must be greater than 0/,
      ],
      [{ action: 'compoundV2.redeem', amount: '1' }, /^action: your vault has no cToken/],
      [{ action: 'compoundV2.borrow', amount: '1' }, /^action: /],
    ] as const
    for (const [body, message] of refused) {
      const res = await prepare(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect(res.body.code).toBe('INVALID_BODY')
      expect(res.body.message).toMatch(message)
    }
  })

  test('behavior: an executed intent shows pending, then executed with its tx hash; a failed one with its reason', async () => {
    const t = await app()
    const { person, partyId } = await onboarded(t, 'Ada', 11)
    await giveSharedVault(t.db, partyId)
    const submit = async (request: Record<string, string>) => {
      const prepared = await person.client.post('/api/defi/intents/prepare', request)
      expect(prepared.status).toBe(200)
      const { res } = await signAndExecute(person, partyId, prepared.body)
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      return prepared.body.intentId as string
    }
    const first = await submit({ action: 'aaveV3.supply', asset: 'tUSDC', amount: '5' })
    const second = await submit({ action: 'compoundV2.redeem', amount: '2' })

    const pending = (await person.client.get('/api/defi')).body
    expect(pending.vault.assets.map((a: { balance: string }) => a.balance)).toEqual(['1000000', '1000'])
    expect(pending.intents).toEqual([
      {
        intentId: second,
        contractId: expect.any(String),
        status: 'pending',
        action: 'compoundV2.redeem',
        adapter: shared.adapters.compoundV2,
        callData: expect.stringMatching(/^0x/),
        deadline: expect.any(String),
        txHash: null,
        reason: null,
      },
      expect.objectContaining({ intentId: first, status: 'pending', action: 'aaveV3.supply' }),
    ])

    const txHash = toHex(crypto.getRandomValues(new Uint8Array(32))) as Hex
    const executed = await markExecuted(scenario, pending.intents[1].contractId, txHash)
    expect(executed.status).toBe(200)
    const failed = await markFailed(
      scenario,
      pending.intents[0].contractId,
      'AdapterCallFailed: no liquidity',
    )
    expect(failed.status).toBe(200)

    const after = (await person.client.get('/api/defi')).body
    expect(after.intents).toEqual([
      expect.objectContaining({
        intentId: second,
        contractId: null,
        status: 'failed',
        action: 'compoundV2.redeem',
        txHash: null,
        reason: 'AdapterCallFailed: no liquidity',
      }),
      expect.objectContaining({
        intentId: first,
        contractId: null,
        status: 'executed',
        action: 'aaveV3.supply',
        adapter: shared.adapters.aaveV3,
        deadline: pending.intents[1].deadline,
        txHash,
        reason: null,
      }),
    ])
  })

  test('behavior: with DEFI_REGULATOR_PARTY every intent names the regulator, which reads it and its outcome and nothing else of the user', async () => {
    const regulator = { operatorParty: scenario.operator, devRelayerAddress: RELAYER }
    const t = await app({ defi: { ...regulator, regulatorParty: scenario.regulator } })
    const { person, partyId } = await onboarded(t, 'Ada', 12)
    await giveSharedVault(t.db, partyId)
    expect((await person.client.get('/api/defi')).body.regulatorParty).toBe(scenario.regulator)

    const prepared = await person.client.post('/api/defi/intents/prepare', {
      action: 'aaveV3.supply',
      asset: 'tUSDC',
      amount: '3',
    })
    expect(prepared.status).toBe(200)
    const { verified } = await verify(person, partyId, prepared.body)
    const create = createOf(verified.decoded)
    expect(create.args.regulator).toBe(scenario.regulator)
    expect([...create.stakeholders].sort()).toEqual([partyId, scenario.operator, scenario.regulator].sort())
    expect(verified.summary).toMatchObject({ kind: 'defiIntent', regulator: scenario.regulator })
    const { res } = await signAndExecute(person, partyId, prepared.body)
    expect(res.status, JSON.stringify(res.body)).toBe(200)

    // What the regulator reads through the JSON Ledger API with its read-only token.
    const { devnet } = canton.current
    const readAs = await devnet.tokenFor({ readAs: [scenario.regulator] })
    const readAll = async () => {
      const ledgerEnd = await fetch(`${devnet.url}/v2/state/ledger-end`, {
        headers: { authorization: `Bearer ${readAs}` },
      }).then((r) => r.json())
      const acs = await fetch(`${devnet.url}/v2/state/active-contracts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${readAs}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          activeAtOffset: ledgerEnd.offset,
          eventFormat: { filtersByParty: { [scenario.regulator]: {} } },
        }),
      }).then((r) => r.json())
      type Created = { templateId: string; contractId: string; createArgument: Record<string, string> }
      const seen = (acs as { contractEntry: { JsActiveContract: { createdEvent: Created } } }[])
        .map((r) => r.contractEntry.JsActiveContract.createdEvent)
        .map((e) => ({
          template: e.templateId.split(':').slice(1).join(':'),
          contractId: e.contractId,
          args: e.createArgument,
        }))
      // Intents and outcomes only (of this user and of the other engine's run), nothing else.
      for (const { template } of seen)
        expect(template).toMatch(/^Stratos\.DeFi\.Intent:DeFiIntent(Outcome)?$/)
      return seen.filter((c) => c.args.institution === partyId)
    }
    const open = await readAll()
    expect(open).toEqual([
      {
        template: 'Stratos.DeFi.Intent:DeFiIntent',
        contractId: expect.any(String),
        args: expect.objectContaining({ intentId: prepared.body.intentId, regulator: scenario.regulator }),
      },
    ])
    const txHash = toHex(crypto.getRandomValues(new Uint8Array(32))) as Hex
    expect((await markExecuted(scenario, open[0]!.contractId, txHash)).status).toBe(200)
    expect(await readAll()).toEqual([
      {
        template: 'Stratos.DeFi.Intent:DeFiIntentOutcome',
        contractId: expect.any(String),
        args: expect.objectContaining({ status: 'Executed', txHash, regulator: scenario.regulator }),
      },
    ])
    // The user's own view is unchanged by the regulator.
    expect((await person.client.get('/api/defi')).body.intents).toEqual([
      expect.objectContaining({ intentId: prepared.body.intentId, status: 'executed', txHash }),
    ])
    // Its token reads as the regulator only, not as the user.
    const asUser = await fetch(`${devnet.url}/v2/state/active-contracts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${readAs}`, 'content-type': 'application/json' },
      body: JSON.stringify({ activeAtOffset: 0, eventFormat: { filtersByParty: { [partyId]: {} } } }),
    })
    expect(asUser.status).toBe(403)
  })

  describe('admin vaults', () => {
    async function adminApp() {
      const t = await app()
      const token = (await ensureAdminEnrollment(t.db, t.config.origin))!.split('#token=')[1]!
      const admin = t.browser()
      const registered = await register(admin.client, admin.authenticator, {
        displayName: 'Root',
        enrollToken: token,
        addresses: testAddresses(20),
      })
      expect(registered.status).toBe(200)
      return { t, admin: admin.client, adminId: registered.body.user.id as string }
    }
    const body = (overrides: Record<string, unknown> = {}) => ({
      partyId: SHARED_PARTY,
      address: shared.vault,
      adapters: shared.adapters,
      assets: [{ symbol: 'tUSDC', address: shared.tokens.usdc, decimals: 6 }],
      cToken: shared.protocols.cUsdc,
      ...overrides,
    })

    test('behavior: an admin registers a vault checked on chain; listed; audited without secrets; deleted', async () => {
      const { t, admin, adminId } = await adminApp()
      const res = await admin.put('/api/admin/defi/vaults', body())
      expect(res.status, JSON.stringify(res.body)).toBe(200)
      expect(res.body).toEqual({
        partyId: SHARED_PARTY,
        chainId: anvil.chainId,
        address: shared.vault,
        vaultId: shared.vaultId.toLowerCase(),
        adapters: shared.adapters,
        cToken: shared.protocols.cUsdc,
        swapFee: 3000,
        assets: [{ symbol: 'tUSDC', address: shared.tokens.usdc, decimals: 6 }],
        createdAt: expect.any(String),
      })
      expect((await admin.get('/api/admin/defi/vaults')).body).toEqual({ vaults: [res.body] })
      // Replacing keeps one row per party.
      const again = await admin.put('/api/admin/defi/vaults', body({ swapFee: 500 }))
      expect(again.body.swapFee).toBe(500)
      expect((await admin.get('/api/admin/defi/vaults')).body.vaults).toHaveLength(1)

      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', 'like', 'defi.%')
        .orderBy('seq')
        .execute()
      expect(audit.map((a) => [a.action, a.target, a.actor_user_id])).toEqual([
        ['defi.vault.register', SHARED_PARTY, adminId],
        ['defi.vault.register', SHARED_PARTY, adminId],
      ])
      expect(JSON.parse(audit[1]!.details)).toMatchObject({ address: shared.vault, replaced: shared.vault })

      const deleted = await admin.delete(`/api/admin/defi/vaults/${encodeURIComponent(SHARED_PARTY)}`)
      expect(deleted.status).toBe(204)
      expect((await admin.get('/api/admin/defi/vaults')).body).toEqual({ vaults: [] })
      const gone = await admin.delete(`/api/admin/defi/vaults/${encodeURIComponent(SHARED_PARTY)}`)
      expect(gone.status).toBe(404)
      const actions = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'defi.%')
        .orderBy('seq')
        .execute()
      expect(actions.map((a) => a.action)).toEqual([
        'defi.vault.register',
        'defi.vault.register',
        'defi.vault.delete',
      ])
    })

    test('error: a vault of another party, an adapter it does not allow, a token of other decimals or no contract are 400; nothing stored', async () => {
      const { t, admin } = await adminApp()
      const refused = [
        [
          body({ partyId: `mallory::1220${'cd'.repeat(32)}` }),
          /^partyId: the vault runs the intents of another party/,
        ],
        [
          body({ adapters: { ...shared.adapters, aaveV3: shared.tokens.usdc } }),
          /^adapters\.aaveV3: .* is not allowed/,
        ],
        [
          body({ assets: [{ symbol: 'tUSDC', address: shared.tokens.usdc, decimals: 18 }] }),
          /^assets\.0\.decimals: tUSDC has 6 decimals on chain/,
        ],
        [body({ address: `0x${'12'.repeat(20)}` }), /^address: there is no contract/],
        [body({ address: shared.tokens.usdc }), /^address: .* does not answer vaultId\(\)/],
      ] as const
      for (const [input, message] of refused) {
        const res = await admin.put('/api/admin/defi/vaults', input)
        expect(res.status, JSON.stringify(input)).toBe(400)
        expect(res.body.message).toMatch(message)
      }
      expect(await t.db.selectFrom('defi_vaults').selectAll().execute()).toEqual([])
      expect(
        await t.db.selectFrom('audit_log').selectAll().where('action', 'like', 'defi.%').execute(),
      ).toEqual([])
    })

    test('error: a user who is not an admin gets 403', async () => {
      const t = await app()
      const { client, authenticator } = t.browser()
      await register(client, authenticator, { displayName: 'Uma', addresses: testAddresses(21) })
      expect((await client.put('/api/admin/defi/vaults', body())).status).toBe(403)
      expect((await client.get('/api/admin/defi/vaults')).status).toBe(403)
      expect((await client.delete(`/api/admin/defi/vaults/${encodeURIComponent(SHARED_PARTY)}`)).status).toBe(
        403,
      )
    })
  })
})
