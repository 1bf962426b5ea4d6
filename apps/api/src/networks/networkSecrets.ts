import { seal, unseal } from '../secretsAtRest.js'

/** What a network keeps sealed under the instance key: whatever may carry a provider's key. */
export interface NetworkSecrets {
  endpoint: string
  apiKey: { header: string; value: string } | null
  indexerUrl: string | null
}

/** The name a network's secrets are sealed for: sealed secrets moved to another network do not open. */
const sealedName = (networkId: string) => `network:${networkId}`

/** Seals a network's secrets: the text of `networks.secrets`. */
export function sealNetworkSecrets(instanceKey: string, networkId: string, secrets: NetworkSecrets) {
  return seal(instanceKey, sealedName(networkId), secrets)
}

/** Opens `networks.secrets` (throws `UnsealError` under another instance key). */
export async function openNetworkSecrets(
  instanceKey: string,
  networkId: string,
  text: string,
): Promise<NetworkSecrets> {
  return (await unseal(instanceKey, sealedName(networkId), text)) as NetworkSecrets
}

/** A path segment that looks like a key: long, letters and digits mixed (Alchemy's `/v2/<key>`, Infura's `/v3/<id>`). */
const KEY_LIKE = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/

/**
 * The URL as an admin may see it: user info, every query value and key-like path segments replaced
 * by `***`. Scheme, host, port and the rest of the path stay, so the admin recognises the provider.
 */
export function redactUrl(text: string): string {
  const url = new URL(text)
  if (url.username || url.password) {
    url.username = '***'
    url.password = ''
  }
  const path = url.pathname
    .split('/')
    .map((segment) => (KEY_LIKE.test(segment) ? '***' : segment))
    .join('/')
  const query = [...url.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=***`).join('&')
  return `${url.protocol}//${url.username ? '***@' : ''}${url.host}${path}${query ? `?${query}` : ''}`
}

/** `text` with every occurrence of the secrets replaced: for messages an upstream error may fill. */
export function withoutSecrets(text: string, secrets: NetworkSecrets): string {
  let safe = text
  for (const secret of [secrets.endpoint, secrets.indexerUrl, secrets.apiKey?.value]) {
    if (secret) safe = safe.split(secret).join('***')
  }
  // The URL parser's form of the endpoint (a trailing slash added) and its bare host with path.
  for (const url of [secrets.endpoint, secrets.indexerUrl]) {
    if (!url) continue
    const parsed = new URL(url)
    for (const form of [parsed.href, `${parsed.host}${parsed.pathname}`])
      if (form.length > 8) safe = safe.split(form).join('***')
  }
  return safe
}
