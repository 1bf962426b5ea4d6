import { AdminDefiVaultRequest } from '@stratos/schemas'

/** The register form as typed: every input is a string until it is checked. */
export interface VaultFormValues {
  partyId: string
  address: string
  adapters: { aaveV3: string; uniswapV3: string; compoundV2: string }
  /** Blank: the vault offers no compoundV2 actions. */
  cToken: string
  /** Blank: the API's default fee tier. */
  swapFee: string
  assets: { symbol: string; address: string; decimals: string }[]
}

export type ToVaultRequestReturnType =
  | { ok: true; request: AdminDefiVaultRequest }
  | {
      ok: false
      /** Keyed by the request's field path, as the API names fields (`adapters.aaveV3`, `assets.1.decimals`). */
      problems: Record<string, string>
    }

const WHOLE_NUMBER = /^\d+$/

/**
 * Turns the register form into a PUT /api/admin/defi/vaults body, checked against the same
 * contract schema the API validates with, so a typo is named next to its field before any request.
 */
export function toVaultRequest(values: VaultFormValues): ToVaultRequestReturnType {
  const problems: Record<string, string> = {}
  const whole = (path: string, text: string): number | undefined => {
    const trimmed = text.trim()
    if (WHOLE_NUMBER.test(trimmed)) return Number(trimmed)
    problems[path] = trimmed ? 'expected a whole number' : 'Required'
    return undefined
  }
  const swapFee = values.swapFee.trim() ? whole('swapFee', values.swapFee) : undefined
  const candidate = {
    partyId: values.partyId.trim(),
    address: values.address.trim(),
    adapters: {
      aaveV3: values.adapters.aaveV3.trim(),
      uniswapV3: values.adapters.uniswapV3.trim(),
      compoundV2: values.adapters.compoundV2.trim(),
    },
    assets: values.assets.map((asset, i) => ({
      symbol: asset.symbol.trim(),
      address: asset.address.trim(),
      // Not a number: reported above; zod's own complaint about the type is dropped below.
      decimals: whole(`assets.${i}.decimals`, asset.decimals) ?? Number.NaN,
    })),
    ...(values.cToken.trim() ? { cToken: values.cToken.trim() } : {}),
    ...(swapFee !== undefined ? { swapFee } : {}),
  }
  const parsed = AdminDefiVaultRequest.safeParse(candidate)
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String).join('.')
      problems[path] ??= issue.message
    }
  if (Object.keys(problems).length > 0 || !parsed.success) return { ok: false, problems }
  return { ok: true, request: parsed.data }
}

/**
 * The fields an API error message names: its messages start with a field path (`partyId: …`,
 * `assets.0.decimals: …`), several joined by "; " for a body that fails the schema.
 */
export function fieldsNamedIn(message: string): string[] {
  return message
    .split('; ')
    .map((part) => /^([A-Za-z]\w*(?:\.\w+)*): /.exec(part)?.[1])
    .filter((path): path is string => path !== undefined)
}
