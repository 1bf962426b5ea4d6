import { hex } from '@scure/base'
import {
  cantonSignature,
  type JsActiveContract,
  partySignature,
  publicKeyForTopology,
  sanitizePartyHint,
} from '@stratos/canton'
import { cantonFingerprint } from '@stratos/keys'
import type {
  CantonExecuteResponse,
  CantonHolding,
  CantonHoldingsResponse,
  CantonInstruction,
  CantonInstructionAction,
  CantonInstructionsResponse,
  CantonPreparedResponse,
  CantonPreparedTransferResponse,
  CantonStatusResponse,
  CantonTopologyResponse,
  CantonTransferRequest,
} from '@stratos/schemas'
import type { CantonLedger } from '../../canton/cantonLedger.js'
import { formatDecimal, parseDecimal } from '../../canton/decimal.js'
import { decodeSignature } from '../../canton/decodeSignature.js'
import {
  insertCantonParty,
  selectCantonAddress,
  selectCantonParty,
  selectDisplayName,
} from '../../canton/parties.js'
import { prepareCommand } from '../../canton/prepareCommand.js'
import {
  EMPTY_EXTRA_ARGS,
  EMPTY_METADATA,
  type TransferFactoryChoiceArguments,
} from '../../canton/tokenRegistry.js'
import {
  HOLDING_INTERFACE,
  INSTRUCTION_CHOICES,
  qualifiedName,
  requireInstrument,
  TRANSFER_FACTORY_INTERFACE,
  TRANSFER_INSTRUCTION_INTERFACE,
} from '../../canton/tokenStandard.js'
import type { AppDeps } from '../../context.js'
import { ApiError } from '../../errors.js'

type Deps = Pick<AppDeps, 'db' | 'clock'>

export async function cantonStatus(
  deps: Deps,
  canton: CantonLedger | null,
  userId: string,
): Promise<CantonStatusResponse> {
  if (!canton) return { configured: false, partyId: null, instrument: null }
  const party = await selectCantonParty(deps.db, userId)
  return { configured: true, partyId: party?.party_id ?? null, instrument: canton.config.instrument }
}

/** The party hint of a user: their display name as a lowercase slug (`Ada Lovelace` -> `ada-lovelace`). */
export function partyHintFor(displayName: string): string {
  return sanitizePartyHint(displayName.toLowerCase().replace(/_/g, '-'), {
    maxLength: 32,
    fallback: 'stratos',
  })
}

/**
 * Step 1 of onboarding: the participant's topology for the user's key. Only the key registered
 * at account creation is onboarded: the server never creates a party for any other key.
 */
export async function prepareOnboarding(
  deps: Deps,
  canton: CantonLedger,
  userId: string,
  publicKeyHex: string,
): Promise<CantonTopologyResponse> {
  const existing = await selectCantonParty(deps.db, userId)
  if (existing) throw alreadyOnboarded(existing.party_id)
  const fingerprint = cantonFingerprint(hex.decode(publicKeyHex))
  const registered = await selectCantonAddress(deps.db, userId)
  if (!registered)
    throw new ApiError(
      409,
      'ADDRESSES_MISSING',
      'Your account has no Canton address yet: unlock your wallet first',
    )
  if (registered !== fingerprint)
    throw new ApiError(
      409,
      'CANTON_KEY_MISMATCH',
      `publicKey: its fingerprint ${fingerprint} is not the Canton address of this account (${registered}); only your own derived key can be onboarded`,
    )
  const hint = partyHintFor((await selectDisplayName(deps.db, userId)) ?? '')
  const topology = await canton.client.generateExternalPartyTopology({
    synchronizer: await canton.synchronizerId(),
    partyHint: hint,
    publicKey: publicKeyForTopology(publicKeyHex),
  })
  if (topology.publicKeyFingerprint !== fingerprint)
    throw new ApiError(502, 'CANTON_BAD_GATEWAY', 'The participant computed another fingerprint for your key')
  return {
    partyId: topology.partyId,
    publicKeyFingerprint: topology.publicKeyFingerprint,
    topologyTransactions: topology.topologyTransactions,
    multiHash: topology.multiHash,
  }
}

/**
 * Step 2 of onboarding: allocates the party with the browser's signature of the multiHash. The
 * signature is attributed to the fingerprint registered for the user, so the participant only
 * accepts a topology signed by the user's own key; it verifies the signature itself.
 */
export async function allocateParty(
  deps: Deps,
  canton: CantonLedger,
  userId: string,
  body: { topologyTransactions: string[]; multiHash: string; signature: string },
): Promise<{ partyId: string }> {
  const existing = await selectCantonParty(deps.db, userId)
  if (existing) throw alreadyOnboarded(existing.party_id)
  const fingerprint = await selectCantonAddress(deps.db, userId)
  if (!fingerprint)
    throw new ApiError(
      409,
      'ADDRESSES_MISSING',
      'Your account has no Canton address yet: unlock your wallet first',
    )
  const signature = decodeSignature(body.signature)
  const { partyId } = await canton.client.allocateExternalParty({
    synchronizer: await canton.synchronizerId(),
    onboardingTransactions: body.topologyTransactions.map((transaction) => ({ transaction })),
    multiHashSignatures: [cantonSignature({ fingerprint, signature })],
  })
  if (!partyId.endsWith(`::${fingerprint}`))
    throw new ApiError(
      400,
      'CANTON_KEY_MISMATCH',
      'The topology onboards a party of another key than the Canton address of this account',
    )
  const stored = await insertCantonParty(deps.db, {
    userId,
    partyId,
    fingerprint,
    now: deps.clock().toISOString(),
  })
  if (!stored) {
    const mine = await selectCantonParty(deps.db, userId)
    throw mine
      ? alreadyOnboarded(mine.party_id)
      : new ApiError(409, 'CANTON_PARTY_TAKEN', 'This party belongs to another account')
  }
  // The API reads and submits as the user's party; a participant that grants per party needs it.
  if (canton.config.userId) {
    await canton.client.grantUserRights(canton.config.userId, [
      { kind: { CanReadAs: { value: { party: partyId } } } },
      { kind: { CanExecuteAs: { value: { party: partyId } } } },
    ])
  }
  return { partyId }
}

function alreadyOnboarded(partyId: string) {
  return new ApiError(409, 'CANTON_ALREADY_ONBOARDED', `You already have the Canton party ${partyId}`)
}

interface InstrumentRef {
  admin: string
  id: string
}

interface HoldingView {
  owner: string
  instrumentId: InstrumentRef
  amount: string
  lock: { expiresAt: string | null } | null
}

interface InstructionView {
  transfer: {
    sender: string
    receiver: string
    amount: string
    instrumentId: InstrumentRef
    executeBefore: string
  }
}

/** The interface view of `interfaceId` in an active contract, if the participant computed it. */
function viewOf<T>(contract: JsActiveContract, interfaceId: string): T | undefined {
  const wanted = qualifiedName(interfaceId)
  const view = contract.createdEvent.interfaceViews?.find((v) => qualifiedName(v.interfaceId) === wanted)
  return (view?.viewValue ?? undefined) as T | undefined
}

async function activeViews<T>(canton: CantonLedger, party: string, interfaceId: string) {
  const { contracts } = await canton.client.activeContracts({
    parties: [party],
    interfaceIds: [interfaceId],
    includeInterfaceView: true,
  })
  return contracts.flatMap((contract) => {
    const view = viewOf<T>(contract, interfaceId)
    return view ? [{ contractId: contract.createdEvent.contractId, view }] : []
  })
}

/** The user's token-standard holdings and, per instrument, what is free and what is locked. */
export async function listHoldings(
  canton: CantonLedger,
  partyId: string,
  now: Date,
): Promise<CantonHoldingsResponse> {
  const views = await activeViews<HoldingView>(canton, partyId, HOLDING_INTERFACE)
  const holdings: CantonHolding[] = views
    .filter(({ view }) => view.owner === partyId)
    .map(({ contractId, view }) => ({
      contractId,
      instrumentId: { admin: view.instrumentId.admin, id: view.instrumentId.id },
      amount: formatDecimal(parseDecimal(view.amount)),
      // CIP-0056: a lock past its expiry no longer holds.
      locked:
        view.lock !== null &&
        (view.lock.expiresAt === null || Date.parse(view.lock.expiresAt) > now.getTime()),
    }))
  const totals = new Map<string, { instrumentId: InstrumentRef; unlocked: bigint; locked: bigint }>()
  for (const h of holdings) {
    const key = `${h.instrumentId.admin}\n${h.instrumentId.id}`
    const total = totals.get(key) ?? { instrumentId: h.instrumentId, unlocked: 0n, locked: 0n }
    total[h.locked ? 'locked' : 'unlocked'] += parseDecimal(h.amount)
    totals.set(key, total)
  }
  return {
    partyId,
    holdings,
    totals: [...totals.values()].map((t) => ({
      instrumentId: t.instrumentId,
      unlocked: formatDecimal(t.unlocked),
      locked: formatDecimal(t.locked),
    })),
  }
}

/** Pending transfer instructions the user receives (incoming) or sent (outgoing). */
export async function listInstructions(
  canton: CantonLedger,
  partyId: string,
): Promise<CantonInstructionsResponse> {
  const views = await activeViews<InstructionView>(canton, partyId, TRANSFER_INSTRUCTION_INTERFACE)
  const all: CantonInstruction[] = views.map(({ contractId, view: { transfer } }) => ({
    contractId,
    sender: transfer.sender,
    receiver: transfer.receiver,
    amount: formatDecimal(parseDecimal(transfer.amount)),
    instrumentId: { admin: transfer.instrumentId.admin, id: transfer.instrumentId.id },
    executeBefore: transfer.executeBefore,
  }))
  return {
    incoming: all.filter((i) => i.receiver === partyId),
    outgoing: all.filter((i) => i.sender === partyId && i.receiver !== partyId),
  }
}

const DEFAULT_EXECUTE_BEFORE_SECONDS = 24 * 3600

/**
 * The most holdings one transfer spends: Splice's `maxNumInputs` (AmuletConfig transferConfig,
 * 100 in its default parameters). A registry may refuse more, and a transaction of hundreds of
 * inputs is slow to prepare, verify and sign; the largest holdings go first, so few are needed.
 */
export const MAX_TRANSFER_INPUTS = 100

/**
 * Prepares `TransferFactory_Transfer` of the configured instrument from the user to `receiver`,
 * with the user's unlocked holdings of the instrument as inputs (largest first, only as many as
 * needed, at most MAX_TRANSFER_INPUTS). The registry is asked with the complete choice arguments
 * (`extraArgs` empty, as the token standard wants them); its choice context goes into the exercised
 * choice's `extraArgs.context` exactly as given, its disclosed contracts into the command, and its
 * `transferKind` into the answer (`direct` and `self` complete at once, `offer` waits for the
 * receiver).
 */
export async function prepareTransfer(
  canton: CantonLedger,
  partyId: string,
  request: CantonTransferRequest,
  now: Date,
): Promise<CantonPreparedTransferResponse> {
  const instrument = requireInstrument(canton)
  if (request.receiver === partyId)
    throw new ApiError(400, 'INVALID_BODY', 'receiver: that is your own party; send to someone else')
  if (!(await canton.client.getParty(request.receiver)))
    throw new ApiError(
      400,
      'CANTON_UNKNOWN_RECEIVER',
      `receiver: the participant knows no party ${request.receiver}`,
    )
  const amount = parseDecimal(request.amount)
  const { holdings } = await listHoldings(canton, partyId, now)
  const free = holdings
    .filter(
      (h) => !h.locked && h.instrumentId.admin === instrument.admin && h.instrumentId.id === instrument.id,
    )
    .map((h) => ({ contractId: h.contractId, units: parseDecimal(h.amount) }))
    .sort((a, b) => (a.units > b.units ? -1 : a.units < b.units ? 1 : 0))
  const inputs: string[] = []
  let total = 0n
  for (const h of free) {
    if (total >= amount) break
    inputs.push(h.contractId)
    total += h.units
  }
  if (total < amount) {
    const available = free.reduce((sum, h) => sum + h.units, 0n)
    throw new ApiError(
      400,
      'CANTON_INSUFFICIENT_HOLDINGS',
      `amount: ${request.amount} ${instrument.id} is more than your unlocked ${instrument.id} holdings (${formatDecimal(available)})`,
    )
  }
  if (inputs.length > MAX_TRANSFER_INPUTS) {
    const most = free.slice(0, MAX_TRANSFER_INPUTS).reduce((sum, h) => sum + h.units, 0n)
    throw new ApiError(
      400,
      'CANTON_TOO_MANY_HOLDINGS',
      `amount: ${request.amount} ${instrument.id} takes ${inputs.length} of your holdings and one transfer spends at most ${MAX_TRANSFER_INPUTS}; send at most ${formatDecimal(most)} ${instrument.id} now and the rest in another transfer`,
    )
  }
  const transfer: TransferFactoryChoiceArguments['transfer'] = {
    sender: partyId,
    receiver: request.receiver,
    amount: formatDecimal(amount),
    instrumentId: instrument,
    // A little in the past: the participant's ledger time must not be before it.
    requestedAt: new Date(now.getTime() - 5_000).toISOString(),
    executeBefore: new Date(
      now.getTime() + (request.executeBeforeSeconds ?? DEFAULT_EXECUTE_BEFORE_SECONDS) * 1000,
    ).toISOString(),
    inputHoldingCids: inputs,
    meta: EMPTY_METADATA,
  }
  const choiceArguments: TransferFactoryChoiceArguments = {
    expectedAdmin: instrument.admin,
    transfer,
    extraArgs: EMPTY_EXTRA_ARGS,
  }
  const factory = await canton.transferFactory(choiceArguments)
  const prepared = await prepareCommand(
    canton,
    partyId,
    {
      ExerciseCommand: {
        templateId: TRANSFER_FACTORY_INTERFACE,
        contractId: factory.factoryId,
        choice: 'TransferFactory_Transfer',
        choiceArgument: {
          ...choiceArguments,
          extraArgs: { context: factory.choiceContext.choiceContextData, meta: EMPTY_METADATA },
        },
      },
    },
    factory.choiceContext.disclosedContracts,
  )
  return { ...prepared, transferKind: factory.transferKind }
}

/**
 * Prepares accept / reject (the receiver) or withdraw (the sender) of a pending instruction the
 * user is party to; any other contract is 404.
 */
export async function prepareInstructionAction(
  canton: CantonLedger,
  partyId: string,
  contractId: string,
  action: CantonInstructionAction,
): Promise<CantonPreparedResponse> {
  const { incoming, outgoing } = await listInstructions(canton, partyId)
  const pool = action === 'withdraw' ? outgoing : incoming
  if (!pool.some((i) => i.contractId === contractId)) {
    const role = action === 'withdraw' ? 'sent' : 'received'
    throw new ApiError(
      404,
      'CANTON_NOT_FOUND',
      `No pending transfer you ${role} has the contract id ${contractId.slice(0, 100)}`,
    )
  }
  const context = await canton.instructionChoiceContext(contractId, action)
  return prepareCommand(
    canton,
    partyId,
    {
      ExerciseCommand: {
        templateId: TRANSFER_INSTRUCTION_INTERFACE,
        contractId,
        choice: INSTRUCTION_CHOICES[action],
        choiceArgument: { extraArgs: { context: context.choiceContextData, meta: EMPTY_METADATA } },
      },
    },
    context.disclosedContracts,
  )
}

/**
 * Submits a prepared transaction with the user's signature; the participant checks it. Answers the
 * update id and the completion offset.
 */
export async function executePrepared(
  canton: CantonLedger,
  party: { party_id: string; fingerprint: string },
  body: { preparedTransaction: string; signature: string; submissionId: string },
): Promise<CantonExecuteResponse> {
  const signature = decodeSignature(body.signature)
  const { updateId, completionOffset } = await canton.client.executeSubmissionAndWait({
    preparedTransaction: body.preparedTransaction,
    partySignatures: partySignature({ party: party.party_id, fingerprint: party.fingerprint, signature }),
    submissionId: body.submissionId,
    hashingSchemeVersion: 'HASHING_SCHEME_VERSION_V2',
    deduplicationPeriod: { Empty: {} },
  })
  return { updateId, completionOffset }
}
