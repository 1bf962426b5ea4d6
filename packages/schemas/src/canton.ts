import { z } from 'zod'

/**
 * The Canton slice of the API contract: external-party onboarding, token-standard holdings and
 * transfer instructions, and the prepare -> (browser verifies and signs) -> execute round trip.
 * Hashes, transactions and signatures travel as standard base64, as the JSON Ledger API carries them.
 */

const base64 = (name: string, max = 200_000) =>
  z
    .string()
    .min(1, `${name}: Required`)
    .max(max, `${name}: too long`)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, `${name}: expected standard base64`)

/** A Canton party id `hint::namespace` where the namespace is a SHA-256 fingerprint (`1220` + 64 hex). */
export const CantonPartyId = z
  .string()
  .max(255, 'party id: too long')
  .regex(
    /^[A-Za-z0-9_-]+(?::[A-Za-z0-9_-]+)*::1220[0-9a-f]{64}$/,
    'expected a Canton party id like name::1220… (a hint, "::" and the 68-character fingerprint)',
  )

/** A decimal amount > 0 with at most 10 decimals (Daml `Numeric 10`). */
export const CantonAmount = z
  .string()
  .regex(/^\d{1,28}(\.\d{1,10})?$/, 'expected a decimal number with at most 10 decimals, e.g. 25 or 0.5')
  .refine((value) => /[1-9]/.test(value), 'must be greater than 0')

/** The token-standard instrument: the registry (admin) party and its id. */
export const CantonInstrument = z.object({ admin: z.string(), id: z.string() })
export type CantonInstrument = z.infer<typeof CantonInstrument>

/** GET /api/canton/status */
export const CantonStatusResponse = z.object({
  /** False when the instance has no Canton participant: every other Canton route answers 503. */
  configured: z.boolean(),
  /** The user's external party, once onboarded. */
  partyId: z.string().nullable(),
  instrument: CantonInstrument.nullable(),
})
export type CantonStatusResponse = z.infer<typeof CantonStatusResponse>

/** POST /api/canton/onboarding/topology */
export const CantonTopologyRequest = z.object({
  /** The user's raw Ed25519 Canton key (`DerivedAddresses.cantonPublicKey`), 64 hex. */
  publicKey: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'publicKey: expected 64 hex characters (32-byte Ed25519 key)'),
})
export const CantonTopologyResponse = z.object({
  partyId: z.string(),
  publicKeyFingerprint: z.string(),
  /** Base64 topology transactions: the browser recomputes the multiHash from these. */
  topologyTransactions: z.array(z.string()),
  /** The participant's multiHash, base64; only compared, never signed as such. */
  multiHash: z.string(),
})
export type CantonTopologyResponse = z.infer<typeof CantonTopologyResponse>

/** POST /api/canton/onboarding/allocate */
export const CantonAllocateRequest = z.object({
  topologyTransactions: z.array(base64('topologyTransactions[]', 20_000)).min(1).max(10),
  multiHash: base64('multiHash', 200),
  /** Ed25519 signature (64 bytes) of the multiHash the browser recomputed. */
  signature: base64('signature', 100),
})
export const CantonAllocateResponse = z.object({ partyId: z.string() })

/** One token-standard Holding of the user (the interface view). */
export const CantonHolding = z.object({
  contractId: z.string(),
  instrumentId: CantonInstrument,
  /** Daml Numeric as a decimal string. */
  amount: z.string(),
  /** True while a lock holds it (e.g. the input of a pending transfer). */
  locked: z.boolean(),
})
export type CantonHolding = z.infer<typeof CantonHolding>

/** GET /api/canton/holdings */
export const CantonHoldingsResponse = z.object({
  partyId: z.string(),
  holdings: z.array(CantonHolding),
  /** Per instrument: unlocked and locked sums, decimal strings. */
  totals: z.array(z.object({ instrumentId: CantonInstrument, unlocked: z.string(), locked: z.string() })),
})
export type CantonHoldingsResponse = z.infer<typeof CantonHoldingsResponse>

/** A pending TransferInstruction the user is party to. */
export const CantonInstruction = z.object({
  contractId: z.string(),
  sender: z.string(),
  receiver: z.string(),
  amount: z.string(),
  instrumentId: CantonInstrument,
  executeBefore: z.string(),
})
export type CantonInstruction = z.infer<typeof CantonInstruction>

/** GET /api/canton/instructions */
export const CantonInstructionsResponse = z.object({
  /** The user is the receiver: accept or reject. */
  incoming: z.array(CantonInstruction),
  /** The user is the sender: withdraw. */
  outgoing: z.array(CantonInstruction),
})
export type CantonInstructionsResponse = z.infer<typeof CantonInstructionsResponse>

/** POST /api/canton/transfers/prepare */
export const CantonTransferRequest = z.object({
  receiver: CantonPartyId,
  amount: CantonAmount,
  /** How long the receiver has to accept; default one day, at most 30 days. */
  executeBeforeSeconds: z
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .optional(),
})
export type CantonTransferRequest = z.infer<typeof CantonTransferRequest>

/** The actions on a pending instruction: the receiver accepts or rejects, the sender withdraws. */
export const CANTON_INSTRUCTION_ACTIONS = ['accept', 'reject', 'withdraw'] as const
export type CantonInstructionAction = (typeof CANTON_INSTRUCTION_ACTIONS)[number]

/** Path of POST /api/canton/instructions/:contractId/:action/prepare. */
export const CantonInstructionActionParams = z.object({
  contractId: z.string().min(1).max(1000, 'contractId: too long'),
  action: z.enum(CANTON_INSTRUCTION_ACTIONS, {
    message: `action: expected one of ${CANTON_INSTRUCTION_ACTIONS.join(', ')}`,
  }),
})

/** Every `…/prepare` route: what the browser recomputes the hash of, shows, and signs. */
export const CantonPreparedResponse = z.object({
  /** Base64 `PreparedTransaction` protobuf. */
  preparedTransaction: z.string(),
  /** The participant's hash, base64; the browser recomputes it and signs its own. */
  preparedTransactionHash: z.string(),
  hashingSchemeVersion: z.string(),
})
export type CantonPreparedResponse = z.infer<typeof CantonPreparedResponse>

/**
 * POST /api/canton/transfers/prepare: the prepared transfer and how the registry said it will go
 * (token standard `transferKind`): `offer` waits for the receiver to accept; `direct` (the receiver
 * pre-approved transfers) and `self` complete when executed.
 */
export const CantonPreparedTransferResponse = CantonPreparedResponse.extend({
  transferKind: z.enum(['offer', 'direct', 'self']),
})
export type CantonPreparedTransferResponse = z.infer<typeof CantonPreparedTransferResponse>

/**
 * The longest prepared transaction execute takes back (base64): one transfer spends up to 100
 * holdings and the transaction carries each in full, a few KB apiece.
 */
export const MAX_PREPARED_TRANSACTION_CHARS = 1_000_000

/** POST /api/canton/execute */
export const CantonExecuteRequest = z.object({
  preparedTransaction: base64('preparedTransaction', MAX_PREPARED_TRANSACTION_CHARS),
  hashingSchemeVersion: z.literal('HASHING_SCHEME_VERSION_V2', {
    message: 'hashingSchemeVersion: expected HASHING_SCHEME_VERSION_V2',
  }),
  /** Ed25519 signature (64 bytes) of the hash the browser recomputed. */
  signature: base64('signature', 100),
  /** Chosen by the browser, so a retried execute is deduplicated by the participant. */
  submissionId: z.uuid({ message: 'submissionId: expected a UUID' }),
})
export type CantonExecuteRequest = z.infer<typeof CantonExecuteRequest>
/**
 * What executeAndWait answered: the transaction's update id and the participant's offset of its
 * completion (CIP-0103 `TxChangedExecutedPayload` carries both).
 */
export const CantonExecuteResponse = z.object({ updateId: z.string(), completionOffset: z.number().int() })
export type CantonExecuteResponse = z.infer<typeof CantonExecuteResponse>

/** POST /api/dev/canton-faucet (dev mode only). */
export const CantonFaucetResponse = z.object({
  amount: z.string(),
  instrumentId: CantonInstrument,
  updateId: z.string(),
})

/** What a history item says happened, read from the token-standard events of one transaction. */
export const CANTON_HISTORY_KINDS = [
  'transfer-sent',
  'transfer-received',
  'transfer-accepted',
  'transfer-rejected',
  'transfer-withdrawn',
  'mint',
  'other',
] as const
export type CantonHistoryKind = (typeof CANTON_HISTORY_KINDS)[number]

/** GET /api/canton/history query: `limit` items (default 20, at most 100) older than offset `before`. */
export const CantonHistoryQuery = z.object({
  limit: z.coerce
    .number({ message: 'limit: expected a whole number from 1 to 100' })
    .int('limit: expected a whole number from 1 to 100')
    .min(1, 'limit: expected a whole number from 1 to 100')
    .max(100, 'limit: expected a whole number from 1 to 100')
    .default(20),
  before: z.coerce
    .number({ message: 'before: expected a ledger offset (a whole number > 0)' })
    .int('before: expected a ledger offset (a whole number > 0)')
    .min(1, 'before: expected a ledger offset (a whole number > 0)')
    .optional(),
})
export type CantonHistoryQuery = z.infer<typeof CantonHistoryQuery>

/** One transaction of the user's party, as the user would describe it. */
export const CantonHistoryItem = z.object({
  updateId: z.string(),
  /** The participant's ledger offset: `before` for the next page. */
  offset: z.number().int(),
  /** When the synchronizer sequenced it (ISO-8601). */
  recordTime: z.string(),
  kind: z.enum(CANTON_HISTORY_KINDS),
  /** The user's side of the transfer (transfer kinds only). */
  role: z.enum(['sender', 'receiver']).optional(),
  /** The other party: the receiver when the user sent, the sender when the user received. */
  counterparty: z.string().optional(),
  /** Decimal string, e.g. `25` or `0.5`. */
  amount: z.string().optional(),
  instrumentId: CantonInstrument.optional(),
  /** The token-standard outcome: pending (awaiting the receiver), completed or failed. */
  status: z.enum(['pending', 'completed', 'failed']).optional(),
  /** For `other`: the template (`Module:Entity`) and choice that happened. */
  template: z.string().optional(),
  choice: z.string().optional(),
})
export type CantonHistoryItem = z.infer<typeof CantonHistoryItem>

/** GET /api/canton/history */
export const CantonHistoryResponse = z.object({
  partyId: z.string(),
  /** Newest first. */
  items: z.array(CantonHistoryItem),
  /** Pass as `before` for older items; null when there are none. */
  nextBefore: z.number().int().nullable(),
})
export type CantonHistoryResponse = z.infer<typeof CantonHistoryResponse>
