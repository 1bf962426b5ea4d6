import { RPC_ERROR } from '@stratos/dock-sdk'
import { getAddress, isAddress, type TypedDataDefinition, validateTypedData } from 'viem'
import { DockRpcFailure } from '../../../lib/dockRpcFailure'

/** One field of typed data as the review shows it: a value, or the fields of a struct or array. */
export interface TypedDataNode {
  name: string
  type: string
  /** The value as text (addresses checksummed, integers in plain decimal); null for a struct or array. */
  value: string | null
  children?: TypedDataNode[]
}

/** What the review of an `eth_signTypedData_v4` shows, and what is signed on approval. */
export interface TypedDataReview {
  primaryType: string
  /** The domain's fields: name, version, chainId, verifyingContract, salt (those it has). */
  domain: TypedDataNode[]
  message: TypedDataNode[]
  /** The domain's chain id; null when it names none (valid on any chain). */
  chainId: number | null
  /** The typed data with its integers as bigint, for `vault.signEvmTypedData`. */
  definition: TypedDataDefinition
}

type Field = { name: string; type: string }
type Types = Record<string, readonly Field[]>

const MAX_DEPTH = 16

function invalid(message: string): DockRpcFailure {
  return new DockRpcFailure(RPC_ERROR.invalidParams, `eth_signTypedData_v4: ${message}`)
}

const DOMAIN_FIELDS: Field[] = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
  { name: 'salt', type: 'bytes32' },
]

function arrayElement(type: string): string | null {
  const match = /^(.*)\[(\d*)\]$/.exec(type)
  return match ? match[1]! : null
}

/** The value of `type` with integers as bigint (EIP-712 encodes them as uint/int of their size). */
function normalize(types: Types, type: string, value: unknown, path: string, depth: number): unknown {
  if (depth > MAX_DEPTH) throw invalid(`${path} nests deeper than ${MAX_DEPTH} levels`)
  const element = arrayElement(type)
  if (element !== null) {
    if (!Array.isArray(value)) throw invalid(`${path} must be an array (${type})`)
    return value.map((v, i) => normalize(types, element, v, `${path}[${i}]`, depth + 1))
  }
  const struct = types[type]
  if (struct) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid(`${path} must be an object (${type})`)
    const record = value as Record<string, unknown>
    return Object.fromEntries(
      struct.map((f) => [f.name, normalize(types, f.type, record[f.name], `${path}.${f.name}`, depth + 1)]),
    )
  }
  if (/^u?int\d*$/.test(type)) {
    if (typeof value === 'bigint') return value
    if (
      (typeof value === 'number' && Number.isSafeInteger(value)) ||
      (typeof value === 'string' && /^(-?\d+|0x[0-9a-fA-F]+)$/.test(value))
    )
      return BigInt(value)
    throw invalid(`${path} must be an integer (${type})`)
  }
  if (type === 'address' && (typeof value !== 'string' || !isAddress(value, { strict: false })))
    throw invalid(`${path} must be an address`)
  if (type === 'bool' && typeof value !== 'boolean') throw invalid(`${path} must be true or false`)
  if (type === 'string' && typeof value !== 'string') throw invalid(`${path} must be a string`)
  if (/^bytes\d*$/.test(type) && (typeof value !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(value)))
    throw invalid(`${path} must be hex bytes`)
  return value
}

function text(type: string, value: unknown): string {
  if (type === 'address') return getAddress(value as string)
  if (typeof value === 'bigint') return value.toString()
  return String(value)
}

/** The review model of `value` of `type`: nested structs and arrays as children. */
function nodes(types: Types, fields: readonly Field[], record: Record<string, unknown>): TypedDataNode[] {
  return fields.map((f) => node(types, f.name, f.type, record[f.name]))
}

function node(types: Types, name: string, type: string, value: unknown): TypedDataNode {
  const element = arrayElement(type)
  if (element !== null)
    return {
      name,
      type,
      value: null,
      children: (value as unknown[]).map((v, i) => node(types, `${name}[${i}]`, element, v)),
    }
  const struct = types[type]
  if (struct)
    return { name, type, value: null, children: nodes(types, struct, value as Record<string, unknown>) }
  return { name, type, value: text(type, value) }
}

/**
 * Reads the typed data of `eth_signTypedData_v4` (EIP-712; a JSON string, as EIP-1193 providers
 * send it, or the object): checks it against its types, refuses a domain whose `chainId` is not
 * the app's current chain (-32602), and builds the field-by-field review.
 */
export function typedDataReview(raw: unknown, currentChainId: number): TypedDataReview {
  let parsed: unknown = raw
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw invalid('the typed data is not valid JSON')
    }
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('the typed data must be an object')
  const { types, primaryType, domain = {}, message } = parsed as Record<string, unknown>
  if (typeof types !== 'object' || types === null || Array.isArray(types))
    throw invalid('types must be an object')
  if (typeof primaryType !== 'string' || primaryType === 'EIP712Domain' || !Object.hasOwn(types, primaryType))
    throw invalid('primaryType must name one of the types')
  if (typeof domain !== 'object' || domain === null) throw invalid('domain must be an object')
  for (const [name, fields] of Object.entries(types as Record<string, unknown>))
    if (
      !Array.isArray(fields) ||
      fields.some((f) => typeof f?.name !== 'string' || typeof f?.type !== 'string')
    )
      throw invalid(`types.${name} must be a list of { name, type }`)
  const typeTable = types as Types
  const domainRecord = domain as Record<string, unknown>
  const domainFields = DOMAIN_FIELDS.filter(
    (f) => domainRecord[f.name] !== undefined && domainRecord[f.name] !== null,
  )
  const domainTypes = { ...typeTable, EIP712Domain: typeTable.EIP712Domain ?? domainFields }
  const normalizedDomain = normalize(domainTypes, 'EIP712Domain', domainRecord, 'domain', 0) as Record<
    string,
    unknown
  >
  const normalizedMessage = normalize(typeTable, primaryType, message, 'message', 0) as Record<
    string,
    unknown
  >

  const chainId = normalizedDomain.chainId === undefined ? null : Number(normalizedDomain.chainId)
  if (chainId !== null && chainId !== currentChainId)
    throw invalid(`domain.chainId ${chainId} is not the current chain (${currentChainId})`)

  const { EIP712Domain: _ignored, ...messageTypes } = typeTable
  const definition = {
    domain: normalizedDomain,
    types: typeTable.EIP712Domain ? typeTable : messageTypes,
    primaryType,
    message: normalizedMessage,
  } as unknown as TypedDataDefinition
  try {
    validateTypedData(definition)
  } catch (error) {
    throw invalid(
      error instanceof Error
        ? ((error as { shortMessage?: string }).shortMessage ?? error.message)
        : 'not valid EIP-712 data',
    )
  }
  return {
    primaryType,
    domain: nodes(domainTypes, domainTypes.EIP712Domain, normalizedDomain),
    message: nodes(typeTable, typeTable[primaryType]!, normalizedMessage),
    chainId,
    definition,
  }
}
