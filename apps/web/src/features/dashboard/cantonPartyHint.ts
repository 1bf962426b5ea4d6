/**
 * The party-id hint shown before the Canton fingerprint (`hint::1220…`): the display name as a
 * lowercase slug of letters, digits and dashes, or `stratos` when nothing usable remains.
 */
export function cantonPartyHint(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '')
  return slug || 'stratos'
}
