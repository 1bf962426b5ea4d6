/**
 * The Canton DeFi templates (daml/stratos-defi, module Stratos.DeFi.Intent) by package name, so
 * commands and filters work on any participant whatever the package id. The same strings as
 * canton-devnet's and the relayer's constants (a test checks them against canton-devnet's).
 */
export const DEFI_INTENT_TEMPLATE_ID = '#stratos-defi:Stratos.DeFi.Intent:DeFiIntent'
/** The outcome the operator creates when it marks an intent executed or failed. */
export const DEFI_INTENT_OUTCOME_TEMPLATE_ID = '#stratos-defi:Stratos.DeFi.Intent:DeFiIntentOutcome'

/** `DeFiIntent`'s argument in the JSON Ledger API encoding (Int64 fields as decimal strings). */
export interface DeFiIntentArgs {
  institution: string
  operator: string
  intentId: string
  vaultId: string
  chainId: string
  vault: string
  adapter: string
  callData: string
  value: string
  nonce: string
  deadline: string
}

/** `DeFiIntentOutcome`'s argument. */
export interface DeFiIntentOutcomeArgs {
  institution: string
  operator: string
  intentId: string
  vaultId: string
  chainId: string
  status: 'Executed' | 'Failed'
  txHash: string | null
  reason: string | null
}
