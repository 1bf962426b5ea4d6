import { CantonError } from '../CantonError.js'

/**
 * Page tokens as Canton makes them for `GET /v2/parties` and `GET /v2/users`: base64url (with
 * padding, Java's `Base64.getUrlEncoder`) of a protobuf message whose field 1 is the last id of
 * the page (`ListPartiesPageTokenPayload.party_id_lower_bound_excl`,
 * `ListUsersPageTokenPayload.user_id_lower_bound_excl`). A token Canton cannot decode is
 * `INVALID_ARGUMENT: Invalid page token`, as here.
 */
export function encodePageToken(lastId: string): string {
  const id = Buffer.from(lastId, 'utf8')
  return Buffer.concat([Buffer.from([0x0a]), varint(id.length), id])
    .toString('base64')
    .replaceAll('+', '-')
    .replaceAll('/', '_')
}

/** The id a page token continues after; '' without a token; INVALID_ARGUMENT when malformed or `valid` refuses it. */
export function decodePageToken(token: string | undefined, valid: (id: string) => boolean): string {
  if (token === undefined || token === '') return ''
  const invalid = () =>
    new CantonError('INVALID_ARGUMENT', 'The submitted request has invalid arguments: Invalid page token')
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(token) || token.replace(/=+$/, '').length % 4 === 1) throw invalid()
  const bytes = Buffer.from(token, 'base64url')
  // One length-delimited field 1 (tag 0x0a), nothing else: what Canton writes.
  if (bytes[0] !== 0x0a) throw invalid()
  let length = 0
  let shift = 0
  let at = 1
  for (;;) {
    const byte = bytes[at++]
    if (byte === undefined || shift > 28) throw invalid()
    length |= (byte & 0x7f) << shift
    if ((byte & 0x80) === 0) break
    shift += 7
  }
  if (at + length !== bytes.length) throw invalid()
  let id: string
  try {
    id = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at))
  } catch {
    throw invalid()
  }
  if (!valid(id)) throw invalid()
  return id
}

function varint(n: number): Buffer {
  const out: number[] = []
  let rest = n
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80)
    rest >>>= 7
  }
  out.push(rest)
  return Buffer.from(out)
}
