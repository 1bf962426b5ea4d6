/** The page for passkeys without the PRF extension. */
export { NoPrfPage, type NoPrfPageProps } from './NoPrfPage'
