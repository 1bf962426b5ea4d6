import {
  type CreatedEvent,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  type DeFiIntentArgs,
  type DeFiIntentOutcomeArgs,
  type JsGetUpdatesResponse,
} from '@stratos/canton'
import { evmChain } from '@stratos/chains'
import {
  aaveV3AdapterAbi,
  adapterCallForRequest,
  ContractsError,
  compoundV2AdapterAbi,
  deployDeFiStack,
  encodeAdapterCall,
  uniswapV3AdapterAbi,
} from '@stratos/contracts'
import {
  type AdminDefiVault,
  type AdminDefiVaultRequest,
  type AdminDefiVaultsResponse,
  DEFI_ACTIONS,
  type DefiAction,
  type DefiIntentItem,
  type DefiIntentRequest,
  type DefiPreparedResponse,
  type DefiStatusResponse,
  type DefiVault,
} from '@stratos/schemas'
import { type Address, createWalletClient, decodeFunctionData, getAddress, type Hex, http, toHex } from 'viem'
import { writeAuditEntry } from '../../audit/auditLog.js'
import type { ApiConfig } from '../../config.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'
import type { CantonLedger } from '../canton/cantonLedger.js'
import { selectCantonParty } from '../canton/queries.js'
import { requireParty } from '../canton/service.js'
import { qualifiedName } from '../canton/tokenStandard.js'
import { chainUnavailable, checkVaultOnChain, publicClientFor, readVaultBalances } from './defiChain.js'
import {
  deleteDefiVault,
  insertDefiVault,
  type StoredVault,
  selectDefiVault,
  selectDefiVaults,
  upsertDefiVault,
} from './queries.js'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

/** How long a prepared intent stays executable by the relayer. */
export const INTENT_TTL_SECONDS = 3600
/** Uniswap v3 fee tier of a registered vault when the admin gives none (0.3%). */
export const DEFAULT_SWAP_FEE = 3000
/**
 * How many DeFiIntent updates (creates and archives, newest first) are read to find the call of
 * an intent that has been marked: intents older than that window no longer show once marked.
 */
const INTENT_HISTORY_UPDATES = 200

type AdapterKind = keyof StoredVault['adapters']
const ADAPTER_ABIS = {
  aaveV3: aaveV3AdapterAbi,
  uniswapV3: uniswapV3AdapterAbi,
  compoundV2: compoundV2AdapterAbi,
} as const

/** Whether DeFi runs on this instance, and if not why (what an operator must configure). */
function availability(config: ApiConfig, ledger: CantonLedger | null): string | null {
  if (!ledger) return 'This instance has no Canton participant configured'
  if (!config.defi.operatorParty)
    return 'This instance has no DeFi relayer operator party configured (DEFI_OPERATOR_PARTY)'
  return null
}

/** The participant and the operator party, or 503 DEFI_NOT_ENABLED saying what is missing. */
function requireDefi(config: ApiConfig, ledger: CantonLedger | null) {
  const reason = availability(config, ledger)
  if (reason !== null || !ledger || !config.defi.operatorParty)
    throw new ApiError(503, 'DEFI_NOT_ENABLED', reason ?? 'DeFi is not enabled')
  return { canton: ledger, operatorParty: config.defi.operatorParty }
}

/** The user's vault, or 409 DEFI_NO_VAULT. */
async function requireVault(deps: Deps, partyId: string): Promise<StoredVault> {
  const vault = await selectDefiVault(deps.db, partyId, deps.config.evm.chainId)
  if (!vault)
    throw new ApiError(
      409,
      'DEFI_NO_VAULT',
      deps.config.devMode
        ? 'Your party has no DeFi vault yet: deploy a test vault first'
        : 'Your party has no DeFi vault yet: an admin registers one for it',
    )
  return vault
}

/**
 * GET /api/defi: whether DeFi runs here, the user's vault with its balances read on chain and the
 * user's intents (open ones and those the relayer marked), newest first by the intent's creation
 * on the ledger.
 */
export async function defiStatus(
  deps: Deps,
  ledger: CantonLedger | null,
  userId: string,
): Promise<DefiStatusResponse> {
  const { config } = deps
  const reason = availability(config, ledger)
  if (reason !== null || !ledger)
    return {
      enabled: false,
      reason,
      operatorParty: config.defi.operatorParty,
      vault: null,
      intents: [],
      devVaultAvailable: false,
    }
  const party = await selectCantonParty(deps.db, userId)
  const stored = party ? await selectDefiVault(deps.db, party.party_id, config.evm.chainId) : undefined
  const [vault, intents] = await Promise.all([
    stored ? vaultWithBalances(config, stored) : null,
    party ? listIntents(ledger, party.party_id, stored ?? null) : [],
  ])
  return {
    enabled: true,
    reason: null,
    operatorParty: config.defi.operatorParty,
    vault,
    intents,
    devVaultAvailable: config.devMode && config.defi.devRelayerAddress !== null && !stored,
  }
}

async function vaultWithBalances(config: ApiConfig, vault: StoredVault): Promise<DefiVault> {
  return {
    chainId: vault.chainId,
    address: vault.address,
    vaultId: vault.vaultId,
    partyId: vault.partyId,
    adapters: vault.adapters,
    cToken: vault.cToken,
    swapFee: vault.swapFee,
    assets: await readVaultBalances(publicClientFor(config.evm), vault),
  }
}

const BYTES32 = /^0x[0-9a-fA-F]{64}$/
const ADDRESS = /^0x[0-9a-fA-F]{40}$/

/** `<adapter>.<function>` of the call, when the adapter is one of the vault's and the call decodes. */
export function decodeAction(
  vault: StoredVault | null,
  adapter: string,
  callData: string,
): DefiAction | null {
  if (!vault) return null
  // Aave's and Compound's supply share a selector: the adapter address says which one it is.
  const kind = (Object.keys(vault.adapters) as AdapterKind[]).find(
    (k) => vault.adapters[k].toLowerCase() === adapter.toLowerCase(),
  )
  if (!kind) return null
  try {
    const { functionName } = decodeFunctionData({ abi: ADAPTER_ABIS[kind], data: callData as Hex })
    const action = `${kind}.${functionName}`
    return (DEFI_ACTIONS as readonly string[]).includes(action) ? (action as DefiAction) : null
  } catch {
    return null
  }
}

function isoOrNull(time: string | undefined): string | null {
  if (!time) return null
  const ms = Date.parse(time)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

interface IntentCreate {
  contractId: string
  offset: number
  args: DeFiIntentArgs
}

/**
 * The party's intents: the open DeFiIntent contracts (pending) and the DeFiIntentOutcome contracts
 * (executed / failed), read as the party like its holdings. An outcome carries no call, so the
 * marked intent's create is looked up in the party's recent DeFiIntent updates. A cancelled intent
 * (archived without an outcome) is not listed.
 */
async function listIntents(
  canton: CantonLedger,
  partyId: string,
  vault: StoredVault | null,
): Promise<DefiIntentItem[]> {
  const { contracts } = await canton.client.activeContracts({
    parties: [partyId],
    templateIds: [DEFI_INTENT_TEMPLATE_ID, DEFI_INTENT_OUTCOME_TEMPLATE_ID],
  })
  const intentName = qualifiedName(DEFI_INTENT_TEMPLATE_ID)
  const outcomeName = qualifiedName(DEFI_INTENT_OUTCOME_TEMPLATE_ID)
  const open: IntentCreate[] = []
  const outcomes: DeFiIntentOutcomeArgs[] = []
  for (const { createdEvent } of contracts) {
    const name = qualifiedName(createdEvent.templateId)
    if (name === intentName) {
      const args = createdEvent.createArgument as unknown as DeFiIntentArgs
      if (args.institution === partyId)
        open.push({ contractId: createdEvent.contractId, offset: createdEvent.offset, args })
    } else if (name === outcomeName) {
      const args = createdEvent.createArgument as unknown as DeFiIntentOutcomeArgs
      if (args.institution === partyId) outcomes.push(args)
    }
  }
  const openIds = new Set(open.map((i) => i.args.intentId.toLowerCase()))
  const marked = outcomes.filter((o) => !openIds.has(o.intentId.toLowerCase()))
  const created = marked.length > 0 ? await recentIntentCreates(canton, partyId) : new Map()

  const items: { offset: number; item: DefiIntentItem }[] = []
  const itemOf = (
    create: IntentCreate,
    status: DefiIntentItem['status'],
    outcome: DeFiIntentOutcomeArgs | null,
  ): { offset: number; item: DefiIntentItem } | undefined => {
    const { args } = create
    if (!BYTES32.test(args.intentId) || !ADDRESS.test(args.adapter)) return undefined
    const txHash = outcome?.txHash ?? null
    return {
      offset: create.offset,
      item: {
        intentId: args.intentId.toLowerCase(),
        contractId: status === 'pending' ? create.contractId : null,
        status,
        action: decodeAction(vault, args.adapter, args.callData),
        adapter: args.adapter,
        callData: args.callData,
        deadline: isoOrNull(args.deadline),
        txHash: txHash !== null && BYTES32.test(txHash) ? txHash : null,
        reason: outcome?.reason ?? null,
      },
    }
  }
  for (const create of open) {
    const entry = itemOf(create, 'pending', null)
    if (entry) items.push(entry)
  }
  for (const outcome of marked) {
    const create = created.get(outcome.intentId.toLowerCase())
    if (!create) continue
    const entry = itemOf(create, outcome.status === 'Executed' ? 'executed' : 'failed', outcome)
    if (entry) items.push(entry)
  }
  return items.sort((a, b) => b.offset - a.offset).map((e) => e.item)
}

/** The party's DeFiIntent creates among its latest INTENT_HISTORY_UPDATES DeFiIntent updates, by intent id. */
async function recentIntentCreates(
  canton: CantonLedger,
  partyId: string,
): Promise<Map<string, IntentCreate>> {
  const updates: JsGetUpdatesResponse[] = await canton.client.updates({
    parties: [partyId],
    templateIds: [DEFI_INTENT_TEMPLATE_ID],
    beginExclusive: 0,
    descendingOrder: true,
    limit: INTENT_HISTORY_UPDATES,
  })
  const creates = new Map<string, IntentCreate>()
  for (const response of updates) {
    const update = response.update as { Transaction?: { value: { events?: unknown[] } } } | undefined
    for (const event of update?.Transaction?.value.events ?? []) {
      const created = (event as { CreatedEvent?: CreatedEvent }).CreatedEvent
      if (!created) continue
      const args = created.createArgument as unknown as DeFiIntentArgs
      if (args.institution !== partyId || typeof args.intentId !== 'string') continue
      creates.set(args.intentId.toLowerCase(), {
        contractId: created.contractId,
        offset: created.offset,
        args,
      })
    }
  }
  return creates
}

/**
 * The adapter and call the request means on the vault (see adapterCallForRequest), or 400
 * INVALID_BODY with the message prefixed by the request field at fault.
 */
function adapterCallFor(vault: StoredVault, request: DefiIntentRequest) {
  try {
    return adapterCallForRequest(request, vault)
  } catch (error) {
    if (error instanceof ContractsError && error.field !== undefined)
      throw new ApiError(400, 'INVALID_BODY', `${error.field}: ${error.shortMessage}`, { cause: error })
    throw error
  }
}

/**
 * POST /api/defi/intents/prepare: encodes the adapter call for the user's vault and prepares the
 * `DeFiIntent` create as the user's external party (the browser checks and signs it, then
 * `POST /api/canton/execute`). The intent id is random; the nonce is the preparation time in
 * milliseconds (signed and emitted by the vault, never what makes an intent unique); the deadline
 * is INTENT_TTL_SECONDS away; value is always 0 (no adapter action takes ETH).
 */
export async function prepareDefiIntent(
  deps: Deps,
  ledger: CantonLedger | null,
  userId: string,
  request: DefiIntentRequest,
): Promise<DefiPreparedResponse> {
  const { canton, operatorParty } = requireDefi(deps.config, ledger)
  const party = await requireParty(deps, userId)
  const vault = await requireVault(deps, party.party_id)
  const { adapter, call } = adapterCallFor(vault, request)
  const callData = encodeAdapterCall(call)
  const intentId = toHex(crypto.getRandomValues(new Uint8Array(32)))
  const now = deps.clock()
  const createArguments: DeFiIntentArgs = {
    institution: party.party_id,
    operator: operatorParty,
    intentId,
    vaultId: vault.vaultId,
    chainId: String(vault.chainId),
    vault: vault.address,
    adapter,
    callData,
    value: '0',
    nonce: String(now.getTime()),
    deadline: new Date(now.getTime() + INTENT_TTL_SECONDS * 1000).toISOString(),
  }
  const prepared = await canton.client.prepareSubmission({
    commandId: crypto.randomUUID(),
    actAs: [party.party_id],
    synchronizerId: await canton.synchronizerId(),
    commands: [{ CreateCommand: { templateId: DEFI_INTENT_TEMPLATE_ID, createArguments } } as never],
  })
  return {
    preparedTransaction: prepared.preparedTransaction ?? '',
    preparedTransactionHash: prepared.preparedTransactionHash,
    hashingSchemeVersion: prepared.hashingSchemeVersion,
    intentId,
    callData,
  }
}

/** What `stratos dev` learns of a vault the dev route deployed (to add it to its relayer). */
export interface DevVaultDeployed {
  partyId: string
  chainId: number
  address: Address
  vaultId: Hex
}

/**
 * Dev mode, POST /api/dev/defi-vault: deploys a test DeFi stack (vault, adapters, test protocols
 * and tokens; see @stratos/contracts deployDeFiStack) for the user's party from the EVM node's
 * first unlocked account (anvil's, as the ETH faucet: no key on our side), with the dev relayer
 * as the party's intent signer, and stores the vault.
 */
export async function deployDevVault(
  deps: Deps & Pick<AppDeps, 'onDevVaultDeployed'>,
  ledger: CantonLedger | null,
  userId: string,
): Promise<DefiStatusResponse> {
  const { config } = deps
  requireDefi(config, ledger)
  const signer = config.defi.devRelayerAddress
  if (!signer)
    throw new ApiError(
      503,
      'DEFI_NOT_ENABLED',
      'No dev relayer is running (DEFI_DEV_RELAYER_ADDRESS); `stratos dev` sets it when etcd is installed',
    )
  const party = await requireParty(deps, userId)
  if (await selectDefiVault(deps.db, party.party_id, config.evm.chainId)) throw vaultExists()

  const publicClient = publicClientFor(config.evm)
  const chain = evmChain({ id: config.evm.chainId, rpcUrl: config.evm.rpcUrl })
  const transport = http(config.evm.rpcUrl)
  let from: Address | undefined
  try {
    ;[from] = await createWalletClient({ chain, transport }).getAddresses()
  } catch (cause) {
    throw chainUnavailable(cause)
  }
  if (!from)
    throw new ApiError(
      503,
      'FAUCET_UNAVAILABLE',
      'The EVM node has no unlocked account to deploy a test vault from',
    )
  const walletClient = createWalletClient({ account: from, chain, transport })
  let stack: Awaited<ReturnType<typeof deployDeFiStack>>
  try {
    stack = await deployDeFiStack(walletClient, publicClient, { partyId: party.party_id, signer })
  } catch (cause) {
    throw new ApiError(502, 'DEFI_DEPLOY_FAILED', 'Deploying the test vault failed on the EVM node', {
      cause,
    })
  }
  const vault: StoredVault = {
    partyId: party.party_id,
    chainId: stack.chainId,
    address: stack.vault,
    vaultId: stack.vaultId.toLowerCase() as Hex,
    adapters: stack.adapters,
    cToken: stack.protocols.cUsdc,
    swapFee: stack.swapFee,
    assets: [
      { symbol: 'tUSDC', address: stack.tokens.usdc, decimals: 6 },
      { symbol: 'tWETH', address: stack.tokens.weth, decimals: 18 },
    ],
    createdAt: deps.clock().toISOString(),
  }
  // Two deploys at once: the first stored wins; the other stack stays unused on the dev chain.
  if (!(await insertDefiVault(deps.db, vault))) throw vaultExists()
  await deps.onDevVaultDeployed?.({
    partyId: vault.partyId,
    chainId: vault.chainId,
    address: vault.address,
    vaultId: vault.vaultId,
  })
  return defiStatus(deps, ledger, userId)
}

function vaultExists() {
  return new ApiError(409, 'DEFI_VAULT_EXISTS', 'Your party already has a DeFi vault')
}

/** Who acts, for the audit log. */
export interface Actor {
  userId: string
  requestId: string | undefined
}

function adminView(vault: StoredVault): AdminDefiVault {
  return { ...vault }
}

/** GET /api/admin/defi/vaults: the vaults registered on the instance's chain. */
export async function listVaults(deps: Deps): Promise<AdminDefiVaultsResponse> {
  const vaults = await selectDefiVaults(deps.db, deps.config.evm.chainId)
  return { vaults: vaults.map(adminView) }
}

/**
 * PUT /api/admin/defi/vaults: checks the vault on chain (see checkVaultOnChain), then stores it
 * for the party (replacing the one it had) with its audit entry in one transaction.
 */
export async function registerVault(
  deps: Deps,
  actor: Actor,
  input: AdminDefiVaultRequest,
): Promise<AdminDefiVault> {
  const { config } = deps
  const address = getAddress(input.address.toLowerCase())
  const adapters = {
    aaveV3: getAddress(input.adapters.aaveV3.toLowerCase()),
    uniswapV3: getAddress(input.adapters.uniswapV3.toLowerCase()),
    compoundV2: getAddress(input.adapters.compoundV2.toLowerCase()),
  }
  const assets = input.assets.map((a) => ({
    symbol: a.symbol,
    address: getAddress(a.address.toLowerCase()),
    decimals: a.decimals,
  }))
  const cToken = input.cToken ? getAddress(input.cToken.toLowerCase()) : null
  const { vaultId } = await checkVaultOnChain(publicClientFor(config.evm), config.evm.chainId, {
    partyId: input.partyId,
    address,
    adapters,
    assets,
    cToken,
  })
  const now = deps.clock()
  const vault: StoredVault = {
    partyId: input.partyId,
    chainId: config.evm.chainId,
    address,
    vaultId: vaultId.toLowerCase() as Hex,
    adapters,
    cToken,
    swapFee: input.swapFee ?? DEFAULT_SWAP_FEE,
    assets,
    createdAt: now.toISOString(),
  }
  await deps.db.transaction().execute(async (trx) => {
    const previous = await selectDefiVault(trx, vault.partyId, vault.chainId)
    await upsertDefiVault(trx, vault)
    await writeAuditEntry(trx, {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      action: 'defi.vault.register',
      target: vault.partyId,
      at: now,
      details: {
        chainId: vault.chainId,
        address: vault.address,
        vaultId: vault.vaultId,
        adapters: vault.adapters,
        cToken: vault.cToken,
        swapFee: vault.swapFee,
        assets: vault.assets.map((a) => a.symbol),
        replaced: previous ? previous.address : null,
      },
    })
  })
  return adminView(vault)
}

/** DELETE /api/admin/defi/vaults/:partyId: forgets the party's vault (404 when it has none), audited. */
export async function removeVault(deps: Deps, actor: Actor, partyId: string): Promise<void> {
  const now = deps.clock()
  await deps.db.transaction().execute(async (trx) => {
    const previous = await selectDefiVault(trx, partyId, deps.config.evm.chainId)
    if (!previous || !(await deleteDefiVault(trx, partyId)))
      throw new ApiError(
        404,
        'NOT_FOUND',
        `No DeFi vault is registered for the party ${partyId.slice(0, 300)}`,
      )
    await writeAuditEntry(trx, {
      actorUserId: actor.userId,
      requestId: actor.requestId,
      action: 'defi.vault.delete',
      target: partyId,
      at: now,
      details: { chainId: previous.chainId, address: previous.address, vaultId: previous.vaultId },
    })
  })
}
