export { LedgerStore } from '../store/LedgerStore.js'
export { buildTestDar, buildZip } from './buildDar.js'
export {
  type CallOptions,
  type CallResult,
  DevnetTestClient,
  signHash,
  type TestExternalParty,
} from './DevnetTestClient.js'
export {
  type ActiveContract,
  cancelIntent,
  createIntent,
  createIntentCommand,
  type DeFiIntentFields,
  type DeFiScenario,
  exerciseIntentChoice,
  intentsOf,
  markExecuted,
  markFailed,
  outcomesOf,
  sampleIntentFields,
  setupDeFiScenario,
  submitAsExternalParty,
  tryCreateIntent,
} from './defiScenario.js'
export {
  expectMatchesSpec,
  SPECS,
  type SpecName,
  specPathOf,
  specValidatingFetch,
} from './expectMatchesSpec.js'
export { ledgerApiTokenAt } from './ledgerApiTokenAt.js'
export {
  executeSigned,
  type FactoryWithChoiceContext,
  factoryDisclosure,
  holdingsOf,
  INSTRUMENT,
  mint,
  prepareInstructionChoice,
  prepareTransfer,
  setupDirectTokenScenario,
  setupTokenScenario,
  type TokenScenario,
  transferChoiceArguments,
} from './tokenScenario.js'
