import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import Ajv, { type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'
import type { DamlJson } from '../daml/DamlJson.js'

const specsDir = process.env.CANTON_SPECS_DIR ?? fileURLToPath(new URL('../../specs/', import.meta.url))

/** The official specs (packages/canton-devnet/specs, copied verbatim from upstream) the devnet is held to. */
export const SPECS = {
  ledger: `${specsDir}json-ledger-api-3.5.1-openapi.yaml`,
  transferInstruction: `${specsDir}token-standard-0.6.1-transfer-instruction-v1.yaml`,
  tokenMetadata: `${specsDir}token-standard-0.6.1-token-metadata-v1.yaml`,
} as const

export type SpecName = keyof typeof SPECS

type Json = Record<string, DamlJson>

const compiled = new Map<SpecName, { spec: Json; ajv: Ajv; cache: Map<string, ValidateFunction> }>()

/**
 * Makes the spec strict for testing: every object schema with `properties` and no
 * `additionalProperties` rejects unknown properties, so a misspelt field fails the test.
 */
function strictify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictify)
  if (typeof node !== 'object' || node === null) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) out[k] = k === 'example' ? v : strictify(v)
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined)
    out.additionalProperties = false
  return out
}

function load(name: SpecName = 'ledger') {
  const existing = compiled.get(name)
  if (existing) return existing
  const spec = parse(readFileSync(SPECS[name], 'utf8')) as Json
  // OpenAPI 3.0: `nullable` is understood by Ajv; unknown keywords (example, …) are ignored.
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  // OpenAPI's int8 (token-metadata `decimals`), which ajv-formats does not define.
  ajv.addFormat('int8', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -128 && n <= 127,
  })
  ajv.addSchema({ $id: 'spec', components: strictify(spec.components) }, 'spec')
  const entry = { spec, ajv, cache: new Map<string, ValidateFunction>() }
  compiled.set(name, entry)
  return entry
}

/**
 * Asserts that a response body matches the spec's schema for `path` (the spec's template, e.g.
 * `/v2/parties/{party}`), `method` and `status`. JSON error bodies are checked against the
 * `default` response (JsCantonError) even where the spec lists a text/plain 400, because Canton
 * answers request errors with JsCantonError bodies. `specName` picks the spec (default: the
 * JSON Ledger API; `transferInstruction` and `tokenMetadata` for the token-standard registry
 * APIs). Throws with the
 * Ajv errors on mismatch.
 */
export function expectMatchesSpec(
  path: string,
  method: string,
  status: number,
  body: unknown,
  specName: SpecName = 'ledger',
): void {
  const { spec, ajv, cache } = load(specName)
  const operation = spec.paths?.[path]?.[method.toLowerCase()]
  if (!operation) throw new Error(`The spec has no operation ${method.toUpperCase()} ${path}`)
  const resolve = (r: Json | undefined): Json | undefined =>
    r?.$ref
      ? (r.$ref as string)
          .slice(2)
          .split('/')
          .reduce((o: Json | undefined, k) => o?.[k], spec)
      : r
  const explicit = resolve(operation.responses?.[String(status)])
  const isJsonBody = typeof body === 'object' && body !== null
  const response =
    explicit?.content?.['application/json'] || !isJsonBody
      ? explicit
      : (resolve(operation.responses?.default) ?? explicit)
  const schema = response?.content?.['application/json']?.schema
  if (!response)
    throw new Error(`The spec has no response ${status} (nor default) for ${method.toUpperCase()} ${path}`)
  if (!schema) {
    if (
      body !== undefined &&
      body !== null &&
      !(typeof body === 'object' && Object.keys(body).length === 0)
    ) {
      throw new Error(
        `${method.toUpperCase()} ${path} ${status}: the spec defines no JSON body, got ${JSON.stringify(body)}`,
      )
    }
    return
  }
  const key = `${method} ${path} ${status} ${response === explicit ? 'explicit' : 'default'}`
  let validate = cache.get(key)
  if (!validate) {
    const pointer = `#/components/schemas/`
    const strictSchema = JSON.parse(
      JSON.stringify(strictify(schema)).replaceAll(`"${pointer}`, `"spec${pointer}`),
    )
    validate = ajv.compile(strictSchema)
    cache.set(key, validate)
  }
  if (!validate(body)) {
    const errors = (validate.errors ?? [])
      .slice(0, 10)
      .map((e) => `${e.instancePath || '(root)'} ${e.message} ${JSON.stringify(e.params)}`)
      .join('\n  ')
    throw new Error(
      `${method.toUpperCase()} ${path} ${status} does not match the spec:\n  ${errors}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    )
  }
}

/** The spec's path template matching a concrete path (`/v2/parties/a::1` -> `/v2/parties/{party}`). */
export function specPathOf(
  pathname: string,
  method: string,
  specName: SpecName = 'ledger',
): string | undefined {
  const { spec } = load(specName)
  const candidates = Object.keys(spec.paths ?? {}).filter(
    (template) => spec.paths[template]?.[method.toLowerCase()],
  )
  const exact = candidates.find((t) => t === pathname)
  if (exact) return exact
  return candidates.find((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname))
}

/**
 * Wraps `fetch` so every JSON Ledger API and token-standard registry response is checked against
 * its spec (for clients that do their own fetching, like @canton-network/core-ledger-client or
 * the wallet SDK's token-standard service). A mismatch throws.
 */
export function specValidatingFetch(inner: typeof fetch = globalThis.fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init)
    const response = await inner(request)
    const url = new URL(request.url)
    const template = specPathOf(url.pathname, request.method)
    if (url.pathname.startsWith('/v2/')) {
      if (!template) throw new Error(`No spec operation for ${request.method} ${url.pathname}`)
      const type = response.headers.get('content-type') ?? ''
      const body = type.includes('application/json') ? await response.clone().json() : undefined
      expectMatchesSpec(template, request.method, response.status, body)
    }
    // A registry's APIs, at its base URL (`…/registry/…`, e.g. the devnet's /registries/{admin}).
    const registryPath = url.pathname.slice(Math.max(0, url.pathname.indexOf('/registry/')))
    const specName: SpecName | undefined = registryPath.startsWith('/registry/transfer-instruction/')
      ? 'transferInstruction'
      : registryPath.startsWith('/registry/metadata/')
        ? 'tokenMetadata'
        : undefined
    if (specName) {
      const registryTemplate = specPathOf(registryPath, request.method, specName)
      if (!registryTemplate) throw new Error(`No spec operation for ${request.method} ${registryPath}`)
      expectMatchesSpec(
        registryTemplate,
        request.method,
        response.status,
        await response.clone().json(),
        specName,
      )
    }
    return response
  }
}
