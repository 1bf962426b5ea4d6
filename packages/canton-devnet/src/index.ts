export {
  LEDGER_API_SCOPE,
  type LedgerApiAuthService,
  PARTICIPANT_AUDIENCE_PREFIX,
} from './auth/ledgerApiToken.js'
export { CantonError, type CantonErrorCode, type JsCantonError } from './CantonError.js'
export { createDevnetApp } from './createDevnetApp.js'
export { type DamlType, T, type TypeId } from './daml/DamlType.js'
export { Numeric } from './daml/Numeric.js'
export {
  type ChoiceDefinition,
  type ContractHandle,
  type InterfaceChoiceDefinition,
  type InterfaceDefinition,
  type InterfaceImplementation,
  packageIdOf,
  type TemplateDefinition,
  TemplateRegistry,
} from './engine/TemplateRegistry.js'
export type { UpdateContext } from './engine/UpdateContext.js'
export {
  ADMIN_USER,
  type CantonDevnet,
  DEFAULT_HTTP_LIST_MAX_ELEMENTS_LIMIT,
  type StartCantonDevnetOptions,
  startCantonDevnet,
  type TokenRights,
} from './startCantonDevnet.js'
export {
  checkDeFiIntent,
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE_ID,
  DEFI_MODULE,
  DEFI_PACKAGE_NAME,
  DEFI_PACKAGE_VERSION,
  type DeFiIntentArgs,
  type DeFiIntentOutcomeArgs,
  type IntentStatus,
} from './templates/registerDeFiIntent.js'
export { TOKEN_STANDARD_PACKAGE_IDS, TokenStandard } from './templates/registerTokenStandard.js'
export { fingerprintOf } from './topology/fingerprintOf.js'
