import { T } from '../daml/DamlType.js'
import type { TemplateRegistry } from '../engine/TemplateRegistry.js'
import { TemplateRegistry as Registry } from '../engine/TemplateRegistry.js'

// Canton DeFi intents: the TypeScript twin of daml/stratos-defi (module Stratos.DeFi.Intent).
// Same package name, module, entities, fields, signatories, observers, ensure checks and choices:
// change both together (registerDeFiIntent.daml.test.ts compares the declarations with the Daml text).

/** Package name of the Canton DeFi templates (daml/stratos-defi/daml.yaml `name`). */
export const DEFI_PACKAGE_NAME = 'stratos-defi'
/** Package version (daml/stratos-defi/daml.yaml `version`). */
export const DEFI_PACKAGE_VERSION = '0.2.0'
/** The Daml module of the templates. */
export const DEFI_MODULE = 'Stratos.DeFi.Intent'
/** `DeFiIntent` by package name: use it in commands and filters (package ids differ per ledger). */
export const DEFI_INTENT_TEMPLATE_ID = `#${DEFI_PACKAGE_NAME}:${DEFI_MODULE}:DeFiIntent`
/** `DeFiIntentOutcome` by package name. */
export const DEFI_INTENT_OUTCOME_TEMPLATE_ID = `#${DEFI_PACKAGE_NAME}:${DEFI_MODULE}:DeFiIntentOutcome`

/** Choice names of `DeFiIntent`. */
export const DEFI_INTENT_CHOICES = {
  /** Controller operator; argument `{ txHash }`; consuming; returns the outcome's contract id. */
  markExecuted: 'DeFiIntent_MarkExecuted',
  /** Controller operator; argument `{ reason, txHash: string | null }`; consuming; returns the outcome's id. */
  markFailed: 'DeFiIntent_MarkFailed',
  /** Controller institution; argument `{}`; consuming; returns unit. */
  cancel: 'DeFiIntent_Cancel',
} as const

/** `IntentStatus` (a Daml enum: `"Executed"` or `"Failed"` in JSON). */
export type IntentStatus = 'Executed' | 'Failed'

/**
 * A `DeFiIntent` contract argument in the JSON Ledger API encoding. Int fields may be sent as
 * numbers or strings; the ledger returns them as decimal strings (Int64 JSON encoding).
 */
export interface DeFiIntentArgs {
  institution: string
  operator: string
  /** `0x` + 64 hex digits (bytes32), chosen by the institution. */
  intentId: string
  /** `0x` + 64 hex digits. */
  vaultId: string
  chainId: string
  /** `0x` + 40 hex digits. */
  vault: string
  /** `0x` + 40 hex digits. */
  adapter: string
  /** `0x` + an even number of hex digits. */
  callData: string
  /** Wei, a decimal uint256 without leading zeros. */
  value: string
  nonce: string
  /** ISO-8601 (Daml `Time`). */
  deadline: string
  /** The regulator (Daml `Optional Party`): observer of the intent and its outcome; null for none. */
  regulator: string | null
}

/** A `DeFiIntentOutcome` contract argument in the JSON Ledger API encoding. */
export interface DeFiIntentOutcomeArgs {
  institution: string
  operator: string
  intentId: string
  vaultId: string
  chainId: string
  status: IntentStatus
  txHash: string | null
  reason: string | null
  /** The intent's regulator, observer of the outcome; null for none. */
  regulator: string | null
}

const typeId = (entity: string) =>
  Registry.typeId(DEFI_PACKAGE_NAME, DEFI_MODULE, entity, DEFI_PACKAGE_VERSION)

const IntentStatusType = T.enum(typeId('IntentStatus'), ['Executed', 'Failed'])

// Hex digits of either case: EIP-55 checksummed addresses are mixed case.
const isHexOfLength = (n: number, t: string) => new RegExp(`^0x[0-9a-fA-F]{${n}}$`).test(t)
const isBytes32 = (t: string) => isHexOfLength(64, t)
const isAddress = (t: string) => isHexOfLength(40, t)
const isHexBytes = (t: string) => /^0x([0-9a-fA-F]{2})*$/.test(t)
const UINT256_MAX = 2n ** 256n - 1n
/** A canonical decimal uint256: digits only, no leading zeros, at most 2^256 - 1. */
const isUint256Decimal = (t: string) => /^(0|[1-9][0-9]*)$/.test(t) && BigInt(t) <= UINT256_MAX

const HEX32 = 'must be 0x followed by 64 hex digits'
const HEX20 = 'must be 0x followed by 40 hex digits'

/**
 * The `ensure` clause of `DeFiIntent`, check by check in the Daml order: the first failure as a
 * message naming the field and the value, or undefined when the intent is well formed.
 */
export function checkDeFiIntent(a: DeFiIntentArgs): string | undefined {
  if (!isBytes32(a.intentId)) return `intentId ${HEX32}, got ${JSON.stringify(a.intentId)}`
  if (!isBytes32(a.vaultId)) return `vaultId ${HEX32}, got ${JSON.stringify(a.vaultId)}`
  if (BigInt(a.chainId) <= 0n) return `chainId must be positive, got ${a.chainId}`
  if (!isAddress(a.vault)) return `vault ${HEX20}, got ${JSON.stringify(a.vault)}`
  if (!isAddress(a.adapter)) return `adapter ${HEX20}, got ${JSON.stringify(a.adapter)}`
  if (!isHexBytes(a.callData))
    return `callData must be 0x followed by an even number of hex digits, got ${JSON.stringify(a.callData)}`
  if (!isUint256Decimal(a.value))
    return `value must be a decimal uint256 without leading zeros (wei), got ${JSON.stringify(a.value)}`
  if (BigInt(a.nonce) < 0n) return `nonce must not be negative, got ${a.nonce}`
  if (a.institution === a.operator) return 'institution and operator must be different parties'
  return undefined
}

function checkOutcome(a: DeFiIntentOutcomeArgs): string | undefined {
  if (a.status === 'Executed') {
    if (a.txHash === null || !isBytes32(a.txHash)) return `an Executed outcome needs a txHash that ${HEX32}`
    if (a.reason !== null) return 'an Executed outcome has no reason'
    return undefined
  }
  if (a.reason === null || a.reason === '') return 'a Failed outcome needs a reason'
  if (a.txHash !== null && !isBytes32(a.txHash)) return `txHash ${HEX32}`
  return undefined
}

/** The outcome fields an intent hands on. */
const outcomeOf = (a: DeFiIntentArgs) => ({
  institution: a.institution,
  operator: a.operator,
  intentId: a.intentId,
  vaultId: a.vaultId,
  chainId: a.chainId,
})

/** Daml `IsParties (Optional Party)`: an optional party as a party list. */
const partiesOf = (p: string | null) => (p === null ? [] : [p])

/**
 * Registers `#stratos-defi:Stratos.DeFi.Intent:DeFiIntent` and `DeFiIntentOutcome` (see
 * daml/stratos-defi): the institution signs an intent the operator (and the regulator, when it
 * names one) observes; the operator marks it executed (with the EVM tx hash) or failed, once,
 * creating an outcome both sign and the regulator observes; the institution may cancel it before
 * that.
 */
export function registerDeFiIntent(registry: TemplateRegistry) {
  registry.registerTemplate<DeFiIntentOutcomeArgs>({
    packageName: DEFI_PACKAGE_NAME,
    packageVersion: DEFI_PACKAGE_VERSION,
    moduleName: DEFI_MODULE,
    entityName: 'DeFiIntentOutcome',
    argType: T.record(typeId('DeFiIntentOutcome'), [
      ['institution', T.party],
      ['operator', T.party],
      ['intentId', T.text],
      ['vaultId', T.text],
      ['chainId', T.int64],
      ['status', IntentStatusType],
      ['txHash', T.optional(T.text)],
      ['reason', T.optional(T.text)],
      ['regulator', T.optional(T.party)],
    ]),
    signatories: (a) => [a.institution, a.operator],
    observers: (a) => partiesOf(a.regulator),
    ensure: checkOutcome,
  })

  registry.registerTemplate<DeFiIntentArgs>({
    packageName: DEFI_PACKAGE_NAME,
    packageVersion: DEFI_PACKAGE_VERSION,
    moduleName: DEFI_MODULE,
    entityName: 'DeFiIntent',
    argType: T.record(typeId('DeFiIntent'), [
      ['institution', T.party],
      ['operator', T.party],
      ['intentId', T.text],
      ['vaultId', T.text],
      ['chainId', T.int64],
      ['vault', T.text],
      ['adapter', T.text],
      ['callData', T.text],
      ['value', T.text],
      ['nonce', T.int64],
      ['deadline', T.time],
      ['regulator', T.optional(T.party)],
    ]),
    signatories: (a) => [a.institution],
    observers: (a) => [a.operator, ...partiesOf(a.regulator)],
    ensure: checkDeFiIntent,
    choices: {
      [DEFI_INTENT_CHOICES.markExecuted]: {
        argType: T.record(typeId(DEFI_INTENT_CHOICES.markExecuted), [['txHash', T.text]]),
        resultType: T.contractId,
        consuming: true,
        controllers: (a) => [a.operator],
        body: (ctx, self, arg: { txHash: string }) => {
          ctx.require(isBytes32(arg.txHash), `txHash ${HEX32}`)
          return ctx.create(DEFI_INTENT_OUTCOME_TEMPLATE_ID, {
            ...outcomeOf(self.arg),
            status: 'Executed',
            txHash: arg.txHash,
            reason: null,
            regulator: self.arg.regulator,
          })
        },
      },
      [DEFI_INTENT_CHOICES.markFailed]: {
        argType: T.record(typeId(DEFI_INTENT_CHOICES.markFailed), [
          ['reason', T.text],
          ['txHash', T.optional(T.text)],
        ]),
        resultType: T.contractId,
        consuming: true,
        controllers: (a) => [a.operator],
        body: (ctx, self, arg: { reason: string; txHash: string | null }) => {
          ctx.require(arg.reason !== '', 'reason must not be empty')
          ctx.require(arg.txHash === null || isBytes32(arg.txHash), `txHash ${HEX32}`)
          return ctx.create(DEFI_INTENT_OUTCOME_TEMPLATE_ID, {
            ...outcomeOf(self.arg),
            status: 'Failed',
            txHash: arg.txHash,
            reason: arg.reason,
            regulator: self.arg.regulator,
          })
        },
      },
      [DEFI_INTENT_CHOICES.cancel]: {
        argType: T.record(typeId(DEFI_INTENT_CHOICES.cancel), []),
        resultType: T.unit,
        consuming: true,
        controllers: (a) => [a.institution],
        body: () => ({}),
      },
    },
  })
}
