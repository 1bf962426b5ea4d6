/**
 * Test helpers of @stratos/canton (`@stratos/canton/testing`): prepared transactions and topology
 * transactions built by hand, with the server response a participant would send for them.
 */
export {
  buildPreparedInstructionChoice,
  buildPreparedTransfer,
  CIDS,
  PARTIES,
  serverResponse,
  TRANSFER,
} from './buildPreparedTransfer.js'
export { SAMPLE_DEFI_INTENT_ARGS } from './sampleDeFiIntentArgs.js'
