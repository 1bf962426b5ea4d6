import type { Create } from '@canton-network/core-ledger-proto'
import {
  asInt64,
  asOptional,
  asParty,
  asText,
  asTimestamp,
  field,
  identifierToString,
  ShapeError,
} from './damlValue.js'
import { deFiIntentArgsSchema } from './defi/parseDeFiIntentArgs.js'
import {
  DEFI_INTENT_FIELDS,
  DEFI_INTENT_TEMPLATE,
  DEFI_PACKAGE_NAME,
  type DeFiIntentArgs,
} from './defiTemplates.js'
import type { SummaryContext } from './SummaryContext.js'

/** The create of one `Stratos.DeFi.Intent:DeFiIntent`: an institution asks a vault to run an adapter call. */
export interface DeFiIntentSummary extends SummaryContext, DeFiIntentArgs {
  kind: 'defiIntent'
  /** The new contract's id (as prepared; the participant may suffix it on commit). */
  contractId: string
  signatories: string[]
  stakeholders: string[]
  /**
   * Who sees the intent without signing it (stakeholders that are not signatories): the operator,
   * and the regulator when the intent names one. Show it: the signer should know who else sees it.
   */
  observers: string[]
}

/**
 * Reads a create node as a `DeFiIntent`, or returns undefined when it is not one: the template
 * must be `Stratos.DeFi.Intent:DeFiIntent` (by module and entity: package ids differ per ledger),
 * its package name `stratos-defi` when the node carries one, and the argument a record of exactly
 * the template's twelve fields of the template's types whose values `deFiIntentArgsSchema` (the
 * relayer's check) accepts: an intent the relayer would refuse is not shown as one. The last
 * field, the optional `regulator`, may be absent (a record without it is one whose regulator is
 * None: stratos-defi 0.1.0, or an encoder that drops a trailing None); it is then null. Everything
 * read is covered by hashing scheme V2 (create node: template id, package name, argument,
 * signatories, stakeholders). The summary keeps the values as written in the contract.
 */
export function summarizeDeFiIntent(create: Create, rootCount: number): DeFiIntentSummary | undefined {
  const template = create.templateId
  if (
    template?.moduleName !== DEFI_INTENT_TEMPLATE.moduleName ||
    template.entityName !== DEFI_INTENT_TEMPLATE.entityName ||
    (create.packageName !== '' && create.packageName !== DEFI_PACKAGE_NAME)
  )
    return undefined
  const arg = create.argument
  // A record with more (or fewer) fields is another version of the template: what the extra
  // fields would mean is not shown, so it is not summarized as an intent.
  const fieldCount = arg?.sum.oneofKind === 'record' ? arg.sum.record.fields.length : -1
  const withRegulator = fieldCount === DEFI_INTENT_FIELDS.length
  if (!withRegulator && fieldCount !== DEFI_INTENT_FIELDS.length - 1) return undefined
  // By label, or by the template's declaration order where labels are empty.
  const at = (label: (typeof DEFI_INTENT_FIELDS)[number]) =>
    field(arg, label, DEFI_INTENT_FIELDS.indexOf(label))
  let args: DeFiIntentArgs
  try {
    args = {
      institution: asParty(at('institution'), 'institution'),
      operator: asParty(at('operator'), 'operator'),
      intentId: asText(at('intentId'), 'intentId'),
      vaultId: asText(at('vaultId'), 'vaultId'),
      chainId: asInt64(at('chainId'), 'chainId'),
      vault: asText(at('vault'), 'vault'),
      adapter: asText(at('adapter'), 'adapter'),
      callData: asText(at('callData'), 'callData'),
      value: asText(at('value'), 'value'),
      nonce: asInt64(at('nonce'), 'nonce'),
      deadline: asTimestamp(at('deadline'), 'deadline'),
      regulator: withRegulator ? optionalParty(at('regulator'), 'regulator') : null,
    }
  } catch (error) {
    if (error instanceof ShapeError) return undefined
    throw error
  }
  if (!deFiIntentArgsSchema.safeParse(args).success) return undefined
  return {
    kind: 'defiIntent',
    templateId: identifierToString(template),
    packageName: create.packageName,
    rootCount,
    contractId: create.contractId,
    signatories: [...create.signatories],
    stakeholders: [...create.stakeholders],
    observers: create.stakeholders.filter((p) => !create.signatories.includes(p)),
    ...args,
  }
}

function optionalParty(value: Parameters<typeof asOptional>[0], what: string): string | null {
  const inner = asOptional(value, what)
  return inner === null ? null : asParty(inner, what)
}
