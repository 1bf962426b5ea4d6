import { decodeFunctionData, erc20Abi, getAddress, type Hex } from 'viem'
import type { EvmRequest } from './evmRequest'
import { type ListedToken, readTokenInfo, type TokenInfo } from './readTokenInfo'

/** From this amount on, an ERC-20 approval counts as unlimited (max uint256 and the like). */
export const UNLIMITED_APPROVAL = 2n ** 255n

/** One decoded argument of a contract call, as text. */
export interface DecodedArgument {
  name: string
  type: string
  value: string
}

/** What the call data of a transaction does, as the review shows it. */
export type DecodedEvmCall =
  | { kind: 'none' }
  | { kind: 'erc20-transfer'; token: TokenInfo; to: `0x${string}`; amount: bigint }
  | { kind: 'erc20-approve'; token: TokenInfo; spender: `0x${string}`; amount: bigint; unlimited: boolean }
  | {
      kind: 'erc20-transferFrom'
      token: TokenInfo
      from: `0x${string}`
      to: `0x${string}`
      amount: bigint
    }
  | { kind: 'contract-call'; contract: TokenInfo; functionName: string; args: DecodedArgument[] }
  | { kind: 'unknown-call'; selector: Hex }

const SELECTORS = {
  transfer: '0xa9059cbb',
  approve: '0x095ea7b3',
  transferFrom: '0x23b872dd',
} as const

function argumentText(value: unknown): string {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return `[${value.map(argumentText).join(', ')}]`
  return String(value)
}

/**
 * Decodes the call data `data` sent to `to`: ERC-20 `transfer`, `approve` and `transferFrom` on
 * any contract (with the token's symbol and decimals from the instance's listing, else read on
 * chain), any other function of a listed token by the ERC-20 ABI, and otherwise only the 4-byte
 * selector. An approval of at least 2^255 base units is marked unlimited.
 */
export async function decodeEvmCall({
  request,
  to,
  data,
  tokens,
}: {
  request: EvmRequest
  to: `0x${string}`
  data: Hex | undefined
  tokens: readonly ListedToken[]
}): Promise<DecodedEvmCall> {
  if (!data || data === '0x') return { kind: 'none' }
  const selector = data.slice(0, 10).toLowerCase() as Hex
  const listed = tokens.some((t) => t.address.toLowerCase() === to.toLowerCase())
  const isErc20Move = (Object.values(SELECTORS) as string[]).includes(selector)
  if (!isErc20Move && !listed) return { kind: 'unknown-call', selector }
  let decoded: ReturnType<typeof decodeFunctionData<typeof erc20Abi>>
  try {
    decoded = decodeFunctionData({ abi: erc20Abi, data })
  } catch {
    return { kind: 'unknown-call', selector }
  }
  const token = await readTokenInfo(request, to, tokens)
  switch (decoded.functionName) {
    case 'transfer':
      return { kind: 'erc20-transfer', token, to: getAddress(decoded.args[0]), amount: decoded.args[1] }
    case 'approve':
      return {
        kind: 'erc20-approve',
        token,
        spender: getAddress(decoded.args[0]),
        amount: decoded.args[1],
        unlimited: decoded.args[1] >= UNLIMITED_APPROVAL,
      }
    case 'transferFrom':
      return {
        kind: 'erc20-transferFrom',
        token,
        from: getAddress(decoded.args[0]),
        to: getAddress(decoded.args[1]),
        amount: decoded.args[2],
      }
    default: {
      const inputs = erc20Abi.find((item) => item.type === 'function' && item.name === decoded.functionName)
      const names = inputs && 'inputs' in inputs ? inputs.inputs : []
      const args = (decoded.args ?? []) as readonly unknown[]
      return {
        kind: 'contract-call',
        contract: token,
        functionName: decoded.functionName,
        args: args.map((value, i) => ({
          name: names[i]?.name || `argument ${i + 1}`,
          type: names[i]?.type ?? 'unknown',
          value: argumentText(value),
        })),
      }
    }
  }
}
