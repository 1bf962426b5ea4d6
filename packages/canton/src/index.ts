/**
 * `@stratos/canton`: Canton Network for the wallet.
 *
 * Browser-safe (Web APIs only): `verifyPreparedTransaction`, `hashPreparedTransactionV2`, `summarizeTransfer`, `summarizeDeFiIntent`, `listTransactionActions`
 * and the DeFi template identity (`DEFI_INTENT_TEMPLATE_ID`, `DEFI_INTENT_CHOICES`, …),
 * `signingPayload`, `cantonSignature`, `partySignature`, `cantonPartyId`, `sanitizePartyHint`,
 * `publicKeyForTopology`, `verifyTopologyMultiHash`. Server side (any runtime with fetch):
 * `createLedgerClient` (JSON Ledger API v2), its token source `createLedgerApiTokens` (static, HS256 or
 * OAuth2 client credentials) and `onboardExternalParty`.
 */
// The party-id rules of @stratos/keys, for callers that onboard parties with this package.
export { cantonPartyId, isValidPartyHint, PARTY_HINT_PATTERN, sanitizePartyHint } from '@stratos/keys'
export { CantonError, type CantonErrorCode, type CantonErrorOptions } from './CantonError.js'
export {
  type CreateLedgerApiTokensOptions,
  createLedgerApiTokens,
  type LedgerApiCredentials,
  type LedgerApiOAuth2Credentials,
  type LedgerApiTokens,
} from './createLedgerApiTokens.js'
export {
  type ActiveContractsParameters,
  type ActiveContractsReturnType,
  type ContractFilter,
  type CreateLedgerClientParameters,
  createLedgerClient,
  DEFAULT_LIST_PAGE_SIZE,
  type ForwardOptions,
  type LedgerClient,
  type ListPartiesParameters,
  type ListUsersParameters,
  type UpdatesParameters,
  type UploadDarParameters,
} from './createLedgerClient.js'
export {
  deFiIntentArgsSchema,
  type ParseDeFiIntentArgsReturnType,
  type ParsedDeFiIntentArgs,
  parseDeFiIntentArgs,
} from './defi/parseDeFiIntentArgs.js'
export {
  DEFI_INTENT_CHOICES,
  DEFI_INTENT_FIELDS,
  DEFI_INTENT_OUTCOME_FIELDS,
  DEFI_INTENT_OUTCOME_TEMPLATE,
  DEFI_INTENT_OUTCOME_TEMPLATE_ID,
  DEFI_INTENT_TEMPLATE,
  DEFI_INTENT_TEMPLATE_ID,
  DEFI_MODULE,
  DEFI_PACKAGE_NAME,
  type DeFiIntentArgs,
  type DeFiIntentOutcomeArgs,
} from './defiTemplates.js'
export {
  hashMetadataV2,
  hashNodeV2,
  hashPreparedTransactionV2,
  hashTransactionV2,
} from './hashPreparedTransactionV2.js'
export type * from './ledgerApiTypes.js'
export {
  type ListTransactionActionsReturnType,
  listTransactionActions,
  type TransactionAction,
} from './listTransactionActions.js'
export {
  type OnboardExternalPartyParameters,
  type OnboardExternalPartyReturnType,
  onboardExternalParty,
} from './onboardExternalParty.js'
export {
  type CantonSignature,
  type CantonSignatureParameters,
  cantonSignature,
  type PartySignatureParameters,
  partySignature,
} from './partySignature.js'
export { publicKeyForTopology, type TopologyPublicKey } from './publicKeyForTopology.js'
export type { SummaryContext } from './SummaryContext.js'
export { type SigningPayload, signingPayload } from './signingPayload.js'
export { type DeFiIntentSummary, summarizeDeFiIntent } from './summarizeDeFiIntent.js'
export {
  type CreateSummary,
  type InstrumentId,
  summarizeTransfer,
  type TransactionSummary,
  type TransferDetails,
  type TransferInstructionChoice,
  type TransferInstructionSummary,
  type TransferSummary,
  type UnknownSummary,
} from './summarizeTransfer.js'
export {
  isTokenStandardInterface,
  TOKEN_STANDARD_INTERFACE_IDS,
  TOKEN_STANDARD_PACKAGE_IDS,
  type TokenStandardInterface,
} from './tokenStandardInterfaces.js'
export {
  type VerifiedPreparedTransaction,
  type VerifyPreparedTransactionParameters,
  verifyPreparedTransaction,
} from './verifyPreparedTransaction.js'
export {
  type VerifiedTopology,
  type VerifyTopologyMultiHashParameters,
  verifyTopologyMultiHash,
} from './verifyTopologyMultiHash.js'
