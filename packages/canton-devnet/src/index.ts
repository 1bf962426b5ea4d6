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
  type StartCantonDevnetOptions,
  startCantonDevnet,
  type TokenRights,
} from './startCantonDevnet.js'
export { TokenStandard } from './templates/registerTokenStandard.js'
export { fingerprintOf } from './topology/fingerprintOf.js'
