import {
  type CreatedEvent,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  type JsGetUpdatesResponse,
  type ParsedDeFiIntentArgs,
  parseDeFiIntentArgs,
} from '@stratos/canton'
import { aaveV3AdapterAbi, compoundV2AdapterAbi, uniswapV3AdapterAbi } from '@stratos/contracts'
import {
  DEFI_ACTIONS,
  type DefiAction,
  type DefiIntentItem,
  type DefiStatusResponse,
  type DefiVault,
} from '@stratos/schemas'
import { decodeFunctionData, type Hex } from 'viem'
import { z } from 'zod'
import type { CantonLedger } from '../canton/cantonLedger.js'
import { selectCantonParty } from '../canton/parties.js'
import { qualifiedName } from '../canton/tokenStandard.js'
import type { ApiConfig } from '../config.js'
import type { AppDeps } from '../context.js'
import { ApiError } from '../errors.js'
import { publicClientFor, readVaultBalances } from './vaultChain.js'
import { type StoredVault, selectDefiVault } from './vaults.js'

type Deps = Pick<AppDeps, 'db' | 'config'>

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

/**
 * The participant, the operator party and the regulator party (null: none), or 503
 * DEFI_NOT_ENABLED saying what is missing.
 */
export function requireDefi(config: ApiConfig, ledger: CantonLedger | null) {
  const reason = availability(config, ledger)
  if (reason !== null || !ledger || !config.defi.operatorParty)
    throw new ApiError(503, 'DEFI_NOT_ENABLED', reason ?? 'DeFi is not enabled')
  return {
    canton: ledger,
    operatorParty: config.defi.operatorParty,
    regulatorParty: config.defi.regulatorParty,
  }
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
      regulatorParty: config.defi.regulatorParty,
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
    regulatorParty: config.defi.regulatorParty,
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

/**
 * `DeFiIntentOutcome`'s argument, checked as far as the wallet reads it (the relayer writes it; a
 * malformed one is not listed).
 */
const outcomeArgsSchema = z.object({
  institution: z.string(),
  intentId: z
    .string()
    .regex(BYTES32)
    .transform((s) => s.toLowerCase()),
  status: z.enum(['Executed', 'Failed']),
  txHash: z.string().nullable(),
  reason: z.string().nullable(),
})
type OutcomeArgs = z.output<typeof outcomeArgsSchema>

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

interface IntentCreate {
  contractId: string
  offset: number
  args: ParsedDeFiIntentArgs
}

/** The create argument of one of `partyId`'s intents, checked; undefined for anything else. */
function intentArgsOf(createArgument: unknown, partyId: string): ParsedDeFiIntentArgs | undefined {
  const parsed = parseDeFiIntentArgs(createArgument)
  return parsed.ok && parsed.args.institution === partyId ? parsed.args : undefined
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
  const outcomes: OutcomeArgs[] = []
  for (const { createdEvent } of contracts) {
    const name = qualifiedName(createdEvent.templateId)
    if (name === intentName) {
      const args = intentArgsOf(createdEvent.createArgument, partyId)
      if (args) open.push({ contractId: createdEvent.contractId, offset: createdEvent.offset, args })
    } else if (name === outcomeName) {
      const parsed = outcomeArgsSchema.safeParse(createdEvent.createArgument)
      if (parsed.success && parsed.data.institution === partyId) outcomes.push(parsed.data)
    }
  }
  const openIds = new Set<string>(open.map((i) => i.args.intentId))
  const marked = outcomes.filter((o) => !openIds.has(o.intentId))
  const created =
    marked.length > 0 ? await recentIntentCreates(canton, partyId) : new Map<string, IntentCreate>()

  const items: { offset: number; item: DefiIntentItem }[] = []
  const itemOf = (
    create: IntentCreate,
    status: DefiIntentItem['status'],
    outcome: OutcomeArgs | null,
  ): { offset: number; item: DefiIntentItem } => {
    const { args } = create
    const txHash = outcome?.txHash ?? null
    return {
      offset: create.offset,
      item: {
        intentId: args.intentId,
        contractId: status === 'pending' ? create.contractId : null,
        status,
        action: decodeAction(vault, args.adapter, args.callData),
        adapter: args.adapter,
        callData: args.callData,
        deadline: new Date(Number(args.deadline) * 1000).toISOString(),
        txHash: txHash !== null && BYTES32.test(txHash) ? txHash : null,
        reason: outcome?.reason ?? null,
      },
    }
  }
  for (const create of open) items.push(itemOf(create, 'pending', null))
  for (const outcome of marked) {
    const create = created.get(outcome.intentId)
    if (create) items.push(itemOf(create, outcome.status === 'Executed' ? 'executed' : 'failed', outcome))
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
      const args = intentArgsOf(created.createArgument, partyId)
      if (!args) continue
      creates.set(args.intentId, {
        contractId: created.contractId,
        offset: created.offset,
        args,
      })
    }
  }
  return creates
}
