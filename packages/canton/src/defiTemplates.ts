/**
 * The identity of the Canton DeFi templates (daml/stratos-defi, module Stratos.DeFi.Intent): package
 * name, module, entities, choices and fields, for the API (prepares and lists intents), the relayer
 * (reads and marks them) and summarizeDeFiIntent (the browser's check). By package name, so
 * commands and filters work on any participant whatever the package id. canton-devnet's twin of
 * the Daml declares the same (a test here keeps them equal).
 */

/** Package name of the Canton DeFi templates (daml/stratos-defi/daml.yaml `name`). */
export const DEFI_PACKAGE_NAME = 'stratos-defi'
/** The Daml module of the templates. */
export const DEFI_MODULE = 'Stratos.DeFi.Intent'
/** Module and entity of the intent template; its package id differs per ledger. */
export const DEFI_INTENT_TEMPLATE = { moduleName: DEFI_MODULE, entityName: 'DeFiIntent' } as const
/** Module and entity of the outcome the operator creates when it marks an intent. */
export const DEFI_INTENT_OUTCOME_TEMPLATE = {
  moduleName: DEFI_MODULE,
  entityName: 'DeFiIntentOutcome',
} as const
/** `DeFiIntent` by package name: use it in commands and filters. */
export const DEFI_INTENT_TEMPLATE_ID = `#${DEFI_PACKAGE_NAME}:${DEFI_MODULE}:${DEFI_INTENT_TEMPLATE.entityName}`
/** `DeFiIntentOutcome` by package name. */
export const DEFI_INTENT_OUTCOME_TEMPLATE_ID = `#${DEFI_PACKAGE_NAME}:${DEFI_MODULE}:${DEFI_INTENT_OUTCOME_TEMPLATE.entityName}`

/** Choice names of `DeFiIntent`. */
export const DEFI_INTENT_CHOICES = {
  /** Controller operator; argument `{ txHash }`; consuming; returns the outcome's contract id. */
  markExecuted: 'DeFiIntent_MarkExecuted',
  /** Controller operator; argument `{ reason, txHash: string | null }`; consuming; returns the outcome's id. */
  markFailed: 'DeFiIntent_MarkFailed',
  /** Controller institution; argument `{}`; consuming; returns unit. */
  cancel: 'DeFiIntent_Cancel',
} as const

/** The fields of `DeFiIntent` in the order the template declares them (positions count where labels are empty). */
export const DEFI_INTENT_FIELDS = [
  'institution',
  'operator',
  'intentId',
  'vaultId',
  'chainId',
  'vault',
  'adapter',
  'callData',
  'value',
  'nonce',
  'deadline',
  'regulator',
] as const satisfies readonly (keyof DeFiIntentArgs)[]

/** The fields of `DeFiIntentOutcome` in the order the template declares them. */
export const DEFI_INTENT_OUTCOME_FIELDS = [
  'institution',
  'operator',
  'intentId',
  'vaultId',
  'chainId',
  'status',
  'txHash',
  'reason',
  'regulator',
] as const

/** `DeFiIntent`'s argument in the JSON Ledger API encoding (Int64 fields as decimal strings). */
export interface DeFiIntentArgs {
  /** The party that signs the intent (the wallet's). */
  institution: string
  /** The relayer operator's party, observer of the intent. */
  operator: string
  /** `0x` + 64 hex digits, as written in the contract. */
  intentId: string
  /** `0x` + 64 hex digits. */
  vaultId: string
  /** Daml Int as a decimal string. */
  chainId: string
  /** EVM address of the vault, as written (any hex case). */
  vault: string
  /** EVM address of the adapter the vault delegatecalls. */
  adapter: string
  /** Adapter call data, `0x` + hex. */
  callData: string
  /** Wei sent with the call, a decimal string. */
  value: string
  /** Daml Int as a decimal string. */
  nonce: string
  /** ISO-8601 UTC: the vault refuses the intent after this. */
  deadline: string
  /**
   * The instance's regulator (Daml `Optional Party`, the last field since stratos-defi 0.2.0):
   * observer of the intent and of its outcome; null for none.
   */
  regulator: string | null
}

/** `DeFiIntentOutcome`'s argument in the JSON Ledger API encoding. */
export interface DeFiIntentOutcomeArgs {
  institution: string
  operator: string
  intentId: string
  vaultId: string
  chainId: string
  status: 'Executed' | 'Failed'
  txHash: string | null
  reason: string | null
  /** The intent's regulator, observer of the outcome; null for none. */
  regulator: string | null
}
