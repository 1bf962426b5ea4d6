import type { RouteDefinition } from '@stratos/schemas'
import { z } from 'zod'
import { testAddresses } from './testAddresses.js'

/**
 * Malformed requests for one contract route, derived from its zod schemas: a well-formed sample of
 * each input (path, query, body) and every mutation of it the fuzz sends. Pure: the same route
 * and seed give the same requests.
 */

/** One request the fuzz sends. `body` is sent as is (text or bytes): the point is to send what a client would not. */
export interface FuzzRequest {
  /** What was sent, to read in a failure (`body.displayName <- NUL`). */
  label: string
  method: string
  /** Path and query, already encoded (or deliberately mis-encoded). */
  url: string
  headers: Record<string, string>
  body?: string | Uint8Array
}

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  pattern?: string
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  minItems?: number
  default?: unknown
}

/** A seeded PRNG (mulberry32): the same seed gives the same requests, so a failure reproduces. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const addresses = testAddresses(7)
const hex = (length: number) => '0123456789abcdef'.repeat(Math.ceil(length / 16)).slice(0, length)

/** Strings tried, in order, for a string schema: the first that fits its pattern and length wins. */
const CANDIDATE_STRINGS = [
  'x',
  'Test User',
  '25',
  'AAAA',
  'dGVzdA',
  'http://127.0.0.1:9',
  `alice::1220${hex(64)}`,
  `registry::1220${hex(64)}`,
  `0x${hex(40)}`,
  `0x${hex(64)}`,
  ...Object.values(addresses),
  'public-key',
  '2026-01-01T00:00:00.000Z',
  '00000000-0000-4000-8000-000000000000',
  'abcdefghijklmnopqrstuvwxyz0123456789',
]

function fits(value: string, schema: JsonSchema): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false
  if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return false
  if (schema.format === 'uri') return URL.canParse(value)
  return true
}

/** A value `schema` accepts, as far as JSON Schema can tell (refinements are zod's; close is enough). */
export function sampleOf(schema: JsonSchema): unknown {
  if ('const' in schema) return schema.const
  if (schema.enum?.length) return schema.enum[0]
  if (schema.default !== undefined) return schema.default
  const alternatives = schema.anyOf ?? schema.oneOf
  if (alternatives?.length)
    return sampleOf(alternatives.find((a) => a.type !== 'null') ?? (alternatives[0] as JsonSchema))
  if (schema.allOf?.length) return sampleOf(schema.allOf[0] as JsonSchema)
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, child] of Object.entries(schema.properties ?? {})) out[key] = sampleOf(child)
      if (!schema.properties && typeof schema.additionalProperties === 'object')
        out.key = sampleOf(schema.additionalProperties)
      return out
    }
    case 'array': {
      if (schema.prefixItems) return schema.prefixItems.map(sampleOf)
      const item = schema.items ? sampleOf(schema.items) : 'x'
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => item)
    }
    case 'string': {
      const found = CANDIDATE_STRINGS.find((candidate) => fits(candidate, schema))
      if (found) return found
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1))
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? Number.MAX_SAFE_INTEGER)
    case 'boolean':
      return true
    case 'null':
      return null
    default:
      return 'x'
  }
}

/** A well-formed-looking sample of a zod schema (from its JSON Schema, as the OpenAPI document sees it). */
export function sampleOfZod(schema: z.ZodType): unknown {
  return sampleOf(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema)
}

type Path = (string | number)[]

/** Every position inside `value` (objects, arrays and leaves), deepest last. */
function positions(value: unknown, path: Path = []): { path: Path; value: unknown }[] {
  const here = path.length ? [{ path, value }] : []
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => positions(v, [...path, i]))]
  if (value !== null && typeof value === 'object')
    return [...here, ...Object.entries(value).flatMap(([k, v]) => positions(v, [...path, k]))]
  return here
}

function withValue(root: unknown, path: Path, value: unknown | typeof REMOVE): unknown {
  const copy = structuredClone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  const last = path.at(-1) as string | number
  if (value === REMOVE) {
    if (Array.isArray(node)) node.splice(last as number, 1)
    else delete node[last]
  } else node[last] = value
  return copy
}
const REMOVE = Symbol('remove')

/** Text a string field should never hold, or hold harmlessly: each replaces or is spliced into a string. */
export const NASTY_STRINGS: Record<string, string> = {
  NUL: 'a\u0000b',
  SOH: '\u0001',
  ESC: 'x\u001b[31m',
  DEL: '\u007f',
  C1: '\u0085\u009b',
  'lone high surrogate': 'a\ud800b',
  'lone low surrogate': '\udc00',
  'bidi override': 'abc\u202egnp.exe',
  'bidi isolate': '\u2066x\u2069',
  'zero width': 'a\u200bb\u200d',
  BOM: '\ufeffx',
  emoji: '👩‍👩‍👧‍👦',
  empty: '',
  spaces: '   ',
  'path traversal': '../../etc/passwd',
  'sql quote': "x' OR '1'='1",
  percent: '%00%zz%',
  long: 'x'.repeat(10_000),
}

/** Values that replace a field of any type. */
function wrongTypes(hugeLength: number): Record<string, unknown> {
  return {
    zero: 0,
    negative: -1,
    fraction: 0.5,
    'huge number': 1e308,
    true: true,
    null: null,
    'empty array': [],
    array: ['x', 1],
    'empty object': {},
    object: { a: 1 },
    'huge string': 'x'.repeat(hugeLength),
  }
}

const ENCODED_SEGMENTS: Record<string, string> = {
  'encoded NUL': '%00',
  'encoded SOH': '%01',
  'encoded ESC': '%1B',
  'encoded DEL': '%7F',
  'encoded lone surrogate (CESU)': '%ED%A0%80',
  'invalid UTF-8': '%FF%FE',
  'overlong slash': '%C0%AF',
  'lone percent': '%',
  'bad escape': '%zz',
  'encoded bidi override': '%E2%80%AE',
  'encoded slash': 'a%2Fb',
  dots: '..',
  'plus and space': 'a+b%20c',
  long: 'x'.repeat(10_000),
  empty: '',
}

const JSON_TEXTS: Record<string, string> = {
  empty: '',
  'open brace': '{',
  truncated: '{"a":',
  'trailing comma': '[1,]',
  'single quotes': "{'a':1}",
  'bare word': 'nul',
  BOM: '\ufeff{}',
  'huge exponent': '1e999999',
  'lone surrogate escape': '"\\ud800"',
  'escaped NUL key': '{"\\u0000":1}',
  'proto key': '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}',
  'duplicate keys': '{"a":1,"a":2}',
  'deep arrays': `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  'deep objects': `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  'many digits': '9'.repeat(100_000),
  'number array': `[${Array.from({ length: 20_000 }, () => '1').join(',')}]`,
  'top-level string': '"x"',
  'top-level null': 'null',
  'top-level number': '1',
  'top-level array': '[]',
}

const CONTENT_TYPES: Record<string, string | undefined> = {
  'no content type': undefined,
  'text/plain': 'text/plain',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data; boundary=x',
  'json in UTF-16': 'application/json; charset=utf-16',
  'json-ish': 'application/jsonx',
  'upper case json': 'APPLICATION/JSON',
  garbage: ';;;=\u00e9',
}

export interface FuzzOptions {
  /** The JSON body limit of the app: bodies just under and over it are sent. */
  maxBodyBytes: number
  random: () => number
  /** Seeded random mutations per route, on top of the systematic ones. */
  randomCases: number
}

/** Every malformed request the fuzz sends to `route`. */
export function fuzzRequests(route: RouteDefinition, options: FuzzOptions): FuzzRequest[] {
  const { random } = options
  // A route with a JSON limit of its own is fuzzed around that one.
  const maxBodyBytes =
    route.body && 'schema' in route.body && route.body.maxBytes !== undefined
      ? route.body.maxBytes
      : options.maxBodyBytes
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const paramNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1] as string)
  const params: Record<string, string> = Object.fromEntries(
    paramNames.map((name) => {
      const schema = route.params?.shape[name] as z.ZodType | undefined
      return [name, String(schema ? sampleOfZod(schema) : 'x')]
    }),
  )
  const query: Record<string, string> = route.query
    ? Object.fromEntries(
        Object.entries(sampleOfZod(route.query) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
      )
    : {}
  const jsonBody = route.body && 'schema' in route.body ? route.body : undefined
  const rawBody = route.body && 'mediaType' in route.body ? route.body : undefined
  const body = jsonBody ? sampleOfZod(jsonBody.schema) : undefined

  /** The path with raw (already encoded) segments for the params in `raw`. */
  const pathWith = (raw: Record<string, string> = {}) =>
    route.path.replace(/:(\w+)/g, (_, name: string) => raw[name] ?? encodeURIComponent(params[name] ?? ''))
  const queryText = (entries: [string, string][]) =>
    entries.length ? `?${entries.map(([k, v]) => `${k}=${v}`).join('&')}` : ''
  const encodedQuery = Object.entries(query).map(([k, v]) => [k, encodeURIComponent(v)] as [string, string])

  const out: FuzzRequest[] = []
  const send = (
    label: string,
    parts: { url?: string; body?: string | Uint8Array; contentType?: string | null; method?: string } = {},
  ) => {
    const contentType =
      parts.contentType === null
        ? undefined
        : (parts.contentType ?? (rawBody ? rawBody.mediaType : jsonBody ? 'application/json' : undefined))
    const sent =
      'body' in parts ? parts.body : jsonBody ? JSON.stringify(body) : rawBody ? 'PK\u0003\u0004' : undefined
    out.push({
      label,
      method: parts.method ?? route.method,
      url: parts.url ?? `${pathWith()}${queryText(encodedQuery)}`,
      headers: contentType ? { 'content-type': contentType } : {},
      ...(sent !== undefined && route.method !== 'GET' ? { body: sent } : {}),
    })
  }
  // JSON.stringify recurses: the deep value goes in as text, where its placeholder stands.
  const sendJson = (label: string, value: unknown) =>
    send(label, { body: JSON.stringify(value).replace(`"${DEEP}"`, DEEP_TEXT) })

  send('sample')
  send('wrong method', { method: route.method === 'GET' ? 'DELETE' : 'PATCH' })

  for (const name of paramNames) {
    for (const [label, segment] of Object.entries(ENCODED_SEGMENTS))
      send(`param ${name} <- ${label}`, { url: pathWith({ [name]: segment }) })
    for (const [label, text] of Object.entries(NASTY_STRINGS))
      send(`param ${name} <- ${label}`, { url: pathWith({ [name]: encodeLoosely(text) }) })
  }

  // Query values: each of the route's own keys; on routes without a query, an unexpected key
  // with the values that could trip the decoding (the rest are ignored like any unknown key).
  const queryValues: Record<string, string> = {
    ...ENCODED_SEGMENTS,
    negative: '-1',
    'huge number': '1e309',
    fraction: '1.5',
    hex: '0x10',
    infinity: 'Infinity',
    ...Object.fromEntries(Object.entries(NASTY_STRINGS).map(([label, text]) => [label, encodeLoosely(text)])),
  }
  const queryKeys = Object.keys(query)
  for (const key of queryKeys) {
    const others = encodedQuery.filter(([k]) => k !== key)
    for (const [label, segment] of Object.entries(queryValues))
      send(`query ${key} <- ${label}`, { url: `${pathWith()}${queryText([...others, [key, segment]])}` })
    send(`query ${key} repeated`, { url: `${pathWith()}${queryText([...encodedQuery, [key, '2']])}` })
    send(`query ${key} as key only`, { url: `${pathWith()}?${key}` })
  }
  if (!queryKeys.length)
    for (const label of [
      'encoded NUL',
      'lone percent',
      'encoded lone surrogate (CESU)',
      'invalid UTF-8',
      'long',
    ])
      send(`query x <- ${label}`, { url: `${pathWith()}?x=${queryValues[label]}` })
  send('query key <- lone percent', { url: `${pathWith()}?%=1&%zz` })

  if (jsonBody) {
    for (const [label, type] of Object.entries(CONTENT_TYPES))
      send(`content type <- ${label}`, { contentType: type ?? null })
    for (const [label, text] of Object.entries(JSON_TEXTS)) send(`json <- ${label}`, { body: text })
    send('json <- invalid UTF-8 bytes', { body: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) })
    const positionsInBody = positions(body)
    const overhead = JSON.stringify(body).length
    // The body limit is the whole body's: tested once, through the first string field.
    const firstString = positionsInBody.find((p) => typeof p.value === 'string')
    if (firstString) {
      const where = `body.${firstString.path.join('.')}`
      const under = 'x'.repeat(maxBodyBytes - overhead - 64)
      sendJson(`${where} just under the body limit`, withValue(body, firstString.path, under))
      sendJson(
        `${where} over the body limit`,
        withValue(body, firstString.path, 'x'.repeat(maxBodyBytes + 1)),
      )
    }
    for (const { path, value } of positionsInBody) {
      const where = `body.${path.join('.')}`
      sendJson(`${where} missing`, withValue(body, path, REMOVE))
      for (const [label, replacement] of Object.entries(wrongTypes(20_000)))
        sendJson(`${where} <- ${label}`, withValue(body, path, replacement))
      if (typeof value === 'string') {
        for (const [label, text] of Object.entries(NASTY_STRINGS)) {
          sendJson(`${where} <- ${label}`, withValue(body, path, text))
          if (value !== '')
            sendJson(`${where} <- ${label} inside`, withValue(body, path, `${value}${text}${value}`))
        }
      }
      if (value !== null && typeof value === 'object') {
        sendJson(`${where} <- extra field`, withValue(body, path, { ...(value as object), extra: 'x' }))
        sendJson(`${where} <- nested 10k deep`, withValue(body, path, DEEP))
      }
    }
    sendJson(
      'body <- extra field',
      typeof body === 'object' && body ? { ...body, extra: 'x' } : { extra: 'x' },
    )
    sendJson('body <- nested 10k deep', DEEP)
    for (const [label, replacement] of Object.entries(wrongTypes(20_000)))
      sendJson(`body <- ${label}`, replacement)
    sendJson('body <- over the body limit', { pad: 'x'.repeat(maxBodyBytes + 1) })

    // Seeded random mutations: several fields at once, nasty values inside containers.
    const nasties = [...Object.values(NASTY_STRINGS), ...Object.values(wrongTypes(1000))]
    for (let i = 0; i < options.randomCases && positionsInBody.length; i++) {
      let mutated = body
      const changed: string[] = []
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        const { path } = pick(positionsInBody)
        const replacement = random() < 0.15 ? REMOVE : pick(nasties)
        try {
          mutated = withValue(mutated, path, replacement)
          changed.push(path.join('.'))
        } catch {
          // An earlier mutation removed this position's parent: skip it.
        }
      }
      sendJson(`random ${i}: ${changed.join(', ')}`, mutated)
    }
  }

  if (rawBody) {
    send('raw body empty', { body: new Uint8Array() })
    send('raw body as JSON', { body: '{}', contentType: 'application/json' })
    for (const [label, type] of Object.entries(CONTENT_TYPES))
      send(`raw content type <- ${label}`, { contentType: type ?? null })
    const bytes = new Uint8Array(4096)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256)
    send('raw body random bytes', { body: bytes })
    send('raw body over its limit', { body: new Uint8Array(rawBody.maxBytes + 1) })
  }

  if (!jsonBody && !rawBody && route.method !== 'GET') {
    send('unexpected JSON body', { body: '{"a":1}', contentType: 'application/json' })
    send('unexpected invalid JSON body', { body: '{', contentType: 'application/json' })
  }
  return out
}

/** encodeURIComponent, except that a lone surrogate is sent as the (invalid) UTF-8 of its code unit. */
function encodeLoosely(text: string): string {
  return text
    .split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
    .map((part, i) => {
      // split() puts the captured lone surrogates at the odd indexes.
      if (i % 2 === 0) return encodeURIComponent(part)
      const unit = part.charCodeAt(0)
      const bytes = [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
      return bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    })
    .join('')
}

/** Where a body holds 10,000 nested arrays (spliced into the JSON text). */
const DEEP = 'fuzz:nested-10k'
const DEEP_TEXT = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`
