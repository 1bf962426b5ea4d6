/** A token a local chain creates at start: what it is called and how many decimals it has. */
export interface LocalTokenSpec {
  symbol: string
  /** 0 to 255: ERC-20, TRC-20 and SPL keep decimals in a uint8. */
  decimals: number
}

/**
 * The tokens a local chain is asked to create, checked: each symbol non-empty and distinct from
 * the others whatever its case (an instance names a token by network and lowercased symbol), each
 * decimals a whole number from 0 to 255. Throws naming the first that is not; returns `tokens`.
 */
export function checkLocalTokenSpecs<T extends LocalTokenSpec>(
  tokens: readonly T[],
  where: string,
): readonly T[] {
  const seen = new Set<string>()
  for (const [i, { symbol, decimals }] of tokens.entries()) {
    if (typeof symbol !== 'string' || symbol.trim() === '')
      throw new Error(`${where}: tokens[${i}] has no symbol`)
    if (seen.has(symbol.toLowerCase()))
      throw new Error(`${where}: two tokens are called ${symbol}; give each its own symbol`)
    seen.add(symbol.toLowerCase())
    if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255)
      throw new Error(`${where}: ${symbol} has ${decimals} decimals; a whole number from 0 to 255 is needed`)
  }
  return tokens
}
