/** Create account and sign in with a passkey (PRF): the ceremonies and their pages. */
export { CreateAccountForm, type CreateAccountFormProps } from './CreateAccountForm'
export { useSignIn } from './useSignIn'
export { WelcomePage } from './WelcomePage'
