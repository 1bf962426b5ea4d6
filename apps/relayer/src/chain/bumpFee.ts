/** 12.5% up, rounded up: the minimum geth-compatible nodes accept to replace a transaction. */
export function bumpFee(fee: bigint): bigint {
  return fee + (fee + 7n) / 8n
}
