/**
 * The party-id rules are those of `@stratos/keys` (chains/canton.ts), beside the fingerprint a
 * party id is built on: one rule set for the wallet, the API and the CLI. `cantonPartyIdFor` is
 * `cantonPartyId` under the name `onboardExternalParty` imports.
 */
export { cantonPartyId as cantonPartyIdFor } from '@stratos/keys'
