/** The user's passkeys: the list, and adding a backup passkey that opens the same wallet. */
export { PasskeysCard } from './PasskeysCard'
