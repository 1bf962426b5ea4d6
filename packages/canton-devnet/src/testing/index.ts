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
  expectMatchesSpec,
  SPECS,
  type SpecName,
  specPathOf,
  specValidatingFetch,
} from './expectMatchesSpec.js'
export {
  executeSigned,
  factoryDisclosure,
  holdingsOf,
  INSTRUMENT,
  mint,
  prepareInstructionChoice,
  prepareTransfer,
  setupTokenScenario,
  type TokenScenario,
} from './tokenScenario.js'
