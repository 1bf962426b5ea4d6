/**
 * The client's address behind reverse proxies. `X-Forwarded-For` and `X-Forwarded-Proto` are
 * believed only when the connection comes from a trusted proxy (TRUSTED_PROXIES): anyone else can
 * write any header. Web APIs only (the address parsing is ours, not node:net's).
 */

/** An address range: IPv4 (32 bits) or IPv6 (128 bits) network and prefix length. */
export interface AddressRange {
  version: 4 | 6
  network: bigint
  prefix: number
}

/** An IPv4 or IPv6 address as a number; IPv4-mapped IPv6 (`::ffff:a.b.c.d`) becomes IPv4. */
export function parseAddress(text: string): { version: 4 | 6; value: bigint } | undefined {
  const ipv4 = parseIpv4(text)
  if (ipv4 !== undefined) return { version: 4, value: ipv4 }
  const ipv6 = parseIpv6(text.replace(/^\[|\]$/g, '').replace(/%.*$/, ''))
  if (ipv6 === undefined) return undefined
  if (ipv6 >> 32n === 0xffffn) return { version: 4, value: ipv6 & 0xffffffffn }
  return { version: 6, value: ipv6 }
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined
    value = (value << 8n) | BigInt(part)
  }
  return value
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const groups = (half: string): bigint[] | undefined => {
    if (half === '') return []
    const out: bigint[] = []
    const parts = half.split(':')
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part)
        if (v4 === undefined) return undefined
        out.push(v4 >> 16n, v4 & 0xffffn)
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) out.push(BigInt(`0x${part}`))
      else return undefined
    }
    return out
  }
  const head = groups(halves[0]!)
  const tail = halves.length === 2 ? groups(halves[1]!) : []
  if (!head || !tail) return undefined
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  return [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail].reduce(
    (value, group) => (value << 16n) | group,
    0n,
  )
}

/** `10.0.0.0/8`, `fd00::/8` or a single address; undefined when it is neither. */
export function parseRange(text: string): AddressRange | undefined {
  const [address = '', prefixText, ...rest] = text.trim().split('/')
  const parsed = parseAddress(address)
  const bits = parsed?.version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (!parsed || rest.length > 0 || !/^\d{1,3}$/.test(prefixText ?? '0') || prefix > bits) return undefined
  const mask = ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix)
  return { version: parsed.version, network: parsed.value & mask, prefix }
}

function inRange(address: { version: 4 | 6; value: bigint }, range: AddressRange): boolean {
  if (address.version !== range.version) return false
  const bits = range.version === 4 ? 32 : 128
  const mask = ((1n << BigInt(range.prefix)) - 1n) << BigInt(bits - range.prefix)
  return (address.value & mask) === range.network
}

/** Whether `address` lies in one of `ranges`. */
export function isTrusted(address: string, ranges: readonly AddressRange[]): boolean {
  const parsed = parseAddress(address)
  return parsed !== undefined && ranges.some((range) => inRange(parsed, range))
}

export interface ClientAddress {
  /** The client's IP address, or undefined when the runtime did not say who connected. */
  ip: string | undefined
  /** `https` or `http`: as a trusted proxy reports it, else how the connection itself came. */
  protocol: string
}

/**
 * Resolves the client behind the proxies. Starting from the peer that connected, each hop is
 * believed while it is a trusted proxy: the client is the first address, from the right of
 * `X-Forwarded-For`, that is not a trusted proxy (the leftmost when all are). A peer that is not
 * trusted is the client, whatever its headers say.
 */
export function resolveClientAddress(
  peer: string | undefined,
  headers: { forwardedFor: string | undefined; forwardedProto: string | undefined },
  connectionProtocol: string,
  trusted: readonly AddressRange[],
): ClientAddress {
  if (peer === undefined || !isTrusted(peer, trusted)) return { ip: peer, protocol: connectionProtocol }
  const hops = (headers.forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter((hop) => hop !== '')
  let ip = peer
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (!parseAddress(hop)) break
    ip = hop
    if (!isTrusted(hop, trusted)) break
  }
  const proto = headers.forwardedProto?.split(',')[0]?.trim().toLowerCase()
  return { ip, protocol: proto === 'https' || proto === 'http' ? proto : connectionProtocol }
}
