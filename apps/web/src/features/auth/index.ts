/**
 * Create account and sign in with a passkey (PRF): the ceremonies and their pages, and the PRF
 * passkey creation other features reuse.
 */
export { CreateAccountForm, type CreateAccountFormProps } from './CreateAccountForm'
export { sameAddresses, toChainAddresses } from './chainAddresses'
export {
  type CreatePrfPasskeyParameters,
  type CreatePrfPasskeyReturnType,
  createPrfPasskey,
} from './createPrfPasskey'
export { forgetPasskey } from './forgetPasskey'
export { useSignIn } from './useSignIn'
export { WelcomePage } from './WelcomePage'
export { wrapForNewPasskey } from './wrapForNewPasskey'
