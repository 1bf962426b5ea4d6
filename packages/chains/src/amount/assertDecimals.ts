/** The largest amount in base units: 2^256 - 1 (EVM `uint256`; every other chain's amounts are smaller). */
export const MAX_AMOUNT = 2n ** 256n - 1n

/** Asserts `decimals` is an integer from 0 to 255 (ERC-20 `decimals()` is a `uint8`). A caller's mistake, not a person's. */
export function assertDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255)
    throw new RangeError(`decimals: expected an integer from 0 to 255, got ${String(decimals)}`)
}
